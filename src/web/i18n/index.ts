import { en } from './en.ts';
import { type Catalogue, fr } from './fr.ts';

export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];
export type { Catalogue };

const catalogues: Record<Locale, Catalogue> = { fr, en };
const TIME_ZONE = 'Europe/Paris';
const intlLocale: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

export function catalogue(locale: Locale): Catalogue {
  return catalogues[locale];
}

/** Formatting for one language; times are always shown in Europe/Paris. */
export function formatter(locale: Locale) {
  const tag = intlLocale[locale];
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: TIME_ZONE });
  const dateTime = new Intl.DateTimeFormat(tag, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  });
  const number = new Intl.NumberFormat(tag);
  const currency = new Intl.NumberFormat(tag, {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  });
  return {
    /** a calendar date of the register ('YYYY-MM-DD') or an instant */
    date(value: Date | string): string {
      if (typeof value === 'string') {
        // a plain date names a day, not an instant: format it at noon UTC so no zone shifts it
        return date.format(new Date(`${value.slice(0, 10)}T12:00:00Z`));
      }
      return date.format(value);
    },
    dateTime: (value: Date) => dateTime.format(value),
    number: (value: number) => number.format(value),
    currency: (euros: number) => currency.format(euros),
    list: (values: string[]) =>
      new Intl.ListFormat(tag, { style: 'long', type: 'conjunction' }).format(values),
  };
}

export type Formatter = ReturnType<typeof formatter>;

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
