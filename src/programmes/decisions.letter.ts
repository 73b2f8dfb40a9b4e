import type { Locale } from '../kernel/locale.ts';
import { decisionsEn } from './decisions.en.ts';
import { decisionsFr } from './decisions.fr.ts';

export type Outcome = 'accepted' | 'refused';

/** what a letter's placeholders stand for */
export type LetterValues = {
  organisation: string;
  appel: string;
  numero: string;
  motifs: string;
  date: string;
};

const PLACEHOLDER = /\{(organisation|appel|numero|motifs|date)\}/g;

/**
 * The letter's text: each known placeholder replaced by its value, in one pass (a value that
 * itself holds `{motifs}` stays as written); an unknown `{word}` is left as it is.
 */
export function fillLetter(template: string, values: LetterValues): string {
  return template.replace(PLACEHOLDER, (_, key: keyof LetterValues) => values[key]);
}

/**
 * The template of a call for a language and outcome (`letter_templates`, as staff set it:
 * `{"fr": {"accepted": "…", "refused": "…"}, "en": {…}}`), or the platform's when the call has
 * none (or a blank one).
 */
export function letterTemplate(templates: unknown, locale: Locale, outcome: Outcome): string {
  const ofLocale =
    typeof templates === 'object' && templates !== null
      ? (templates as Record<string, unknown>)[locale]
      : undefined;
  const own =
    typeof ofLocale === 'object' && ofLocale !== null
      ? (ofLocale as Record<string, unknown>)[outcome]
      : undefined;
  if (typeof own === 'string' && own.trim() !== '') return own;
  return (locale === 'en' ? decisionsEn : decisionsFr).letters[outcome];
}

/** a day ('YYYY-MM-DD') as a letter writes it, in its language */
export function letterDate(day: string, locale: Locale): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** a day ('YYYY-MM-DD') some months later; the 31st of a shorter month is its last day */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/**
 * The letter as a PDF (A4, Helvetica): its title, then its text, a paragraph per blank line.
 * `compress: false` leaves the page's content readable (tests).
 */
export async function letterPdf(
  title: string,
  text: string,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 64,
      compress: options.compress ?? true,
      info: { Title: title, Creator: 'Totem' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(14).text(title);
    doc.moveDown();
    doc.font('Helvetica').fontSize(11);
    for (const paragraph of text.split(/\n{2,}/)) {
      doc.text(paragraph.trim(), { align: 'left' });
      doc.moveDown();
    }
    doc.end();
  });
}
