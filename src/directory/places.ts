/*
 * A place typed in the search box: when the words are the name of a commune of the territory
 * ("grenoble", "saint martin d'heres", "Échirolles"), the search finds the organisations located
 * there too, and says so.
 */

/** a name as people type it: no accents, no case, hyphens and apostrophes as spaces, "st" as "saint" */
export function placeKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => (w === 'st' ? 'saint' : w === 'ste' ? 'sainte' : w))
    .join(' ');
}

export type Place = { code: string; name: string };

/** the commune of the territory the words name, or null (codes → names, as the territory gives) */
export function placeOfQuery(q: string, communes: ReadonlyMap<string, string>): Place | null {
  const key = placeKey(q);
  if (key === '') return null;
  for (const [code, name] of communes) {
    if (placeKey(name) === key) return { code, name };
  }
  return null;
}
