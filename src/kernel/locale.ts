/** The languages of the interface: French first (at /…), English second (at /en/…). */
export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/**
 * The first segment of a French address → its English word, where a capability gives its pages
 * an English name (`/appels` → `/en/calls`); the other pages keep the French one under `/en`.
 * A name may also be of two or three segments (`/jury/candidatures` → `/jury/applications`):
 * the longest name that matches wins.
 */
const englishNames = new Map<string, string>();
const frenchNames = new Map<string, string>();

/**
 * names some French addresses in English, e.g. `{ '/appels': '/calls' }` (one segment, or two
 * or three: `{ '/jury/conflits': '/jury/conflicts' }`); idempotent
 */
export function nameInEnglish(names: Readonly<Record<string, string>>) {
  for (const [fr, en] of Object.entries(names)) {
    const shape = /^(\/[a-z0-9-]+){1,3}$/;
    if (!shape.test(fr) || !shape.test(en))
      throw new Error(`an address's name is one to three segments: ${fr} → ${en}`);
    const taken = frenchNames.get(en);
    if (taken !== undefined && taken !== fr) throw new Error(`${en} already names ${taken}`);
    englishNames.set(fr, en);
    frenchNames.set(en, fr);
  }
}

const leading = [/^(\/[^/?#]*){3}/, /^(\/[^/?#]*){2}/, /^\/[^/?#]*/];

/** the path with its first three segments, or two, or its first, renamed through this table */
function renamed(path: string, names: ReadonlyMap<string, string>): string {
  for (const shape of leading) {
    const head = shape.exec(path)?.[0];
    const to = head === undefined ? undefined : names.get(head);
    if (head !== undefined && to !== undefined) return to + path.slice(head.length);
  }
  return path;
}

/** French pages live at the root, English ones under /en (with their English name, if any). */
export function localePath(locale: Locale, path: string): string {
  if (locale === 'fr') return path;
  return path === '/' ? '/en' : `/en${renamed(path, englishNames)}`;
}

/** Splits a request URL into its language and the French (canonical) path. */
export function splitLocale(url: string): { locale: Locale; url: string } {
  if (url === '/en' || url.startsWith('/en/') || url.startsWith('/en?')) {
    const rest = url.slice(3);
    if (rest === '' || rest.startsWith('?')) return { locale: 'en', url: `/${rest}` };
    return { locale: 'en', url: renamed(rest, frenchNames) };
  }
  return { locale: 'fr', url };
}

/**
 * The language of an answer: the address's, except for the API, whose clients have no /en prefix
 * and choose by `Accept-Language` (its reference, a page, says its language in its address).
 */
export function answerLocale(url: string, fromUrl: Locale, acceptLanguage?: string): Locale {
  const api = url.startsWith('/api/') && !url.startsWith('/api/docs');
  return api && /^en\b/i.test(acceptLanguage ?? '') ? 'en' : fromUrl;
}

export function parseLocale(value: unknown): Locale | undefined {
  return value === 'fr' || value === 'en' ? value : undefined;
}
