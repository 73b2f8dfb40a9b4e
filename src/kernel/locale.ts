/** The languages of the interface: French first (at /…), English second (at /en/…). */
export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/** French pages live at the root, English ones under /en. */
export function localePath(locale: Locale, path: string): string {
  if (locale === 'fr') return path;
  return path === '/' ? '/en' : `/en${path}`;
}

/** Splits a request URL into its language and the French (canonical) path. */
export function splitLocale(url: string): { locale: Locale; url: string } {
  if (url === '/en' || url.startsWith('/en/') || url.startsWith('/en?')) {
    const rest = url.slice(3);
    return { locale: 'en', url: rest === '' || rest.startsWith('?') ? `/${rest}` : rest };
  }
  return { locale: 'fr', url };
}

export function parseLocale(value: unknown): Locale | undefined {
  return value === 'fr' || value === 'en' ? value : undefined;
}
