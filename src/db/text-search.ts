/*
 * Full-text search as every capability writes it: the words people type, turned into the text of a
 * PostgreSQL `tsquery` (French configuration, accents removed by `unaccent` in SQL, as the indexed
 * text is).
 */

/**
 * Words of a query as a prefix tsquery: every word must match, each as a prefix ("grenob" finds
 * "Grenoble"); accents and case are removed in SQL by unaccent, like the indexed text.
 * Returns null when nothing searchable is left.
 */
export function prefixQuery(q: string): string | null {
  // a SIREN or a SIRET, as pasted ("552 100 554", "552 100 554 00012"): the organisation's SIREN
  const number = q.replace(/[\s.]+/g, '');
  if (/^(?:[0-9]{9}|[0-9]{14})$/.test(number)) return `${number.slice(0, 9)}:*`;
  const words = q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `${w.toLowerCase()}:*`).join(' & ');
}
