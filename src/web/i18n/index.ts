import type { Locale } from '../../kernel/locale.ts';

export {
  answerLocale,
  LOCALES,
  type Locale,
  localePath,
  parseLocale,
  splitLocale,
} from '../../kernel/locale.ts';
export type { Catalogue, CatalogueSections } from './catalogue.ts';

const TIME_ZONE = 'Europe/Paris';
const intlLocale: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

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
