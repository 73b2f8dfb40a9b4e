import { readFileSync } from 'node:fs';

/*
 * The labels of activity codes (NAF rév. 2 sub-classes, "62.02A"), read once from the data files
 * beside this one (see README.md): INSEE's French label of the sub-class, and the English label
 * of its NACE Rev. 2 class (the first four digits) where this library has it.
 */

function readTable(file: string): Map<string, string> {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    const tab = line.indexOf('\t');
    if (tab > 0) out.set(line.slice(0, tab), line.slice(tab + 1).trim());
  }
  return out;
}

const french = readTable('./naf-rev2-subclasses.tsv');
const english = readTable('./nace-rev2-classes-en.tsv');

/** a code as written in the register ("62.02A"), also when typed without its dot ("6202A") */
export function normaliseNafCode(code: string): string | null {
  const compact = code.trim().toUpperCase().replace(/[\s.]/g, '');
  const m = /^([0-9]{2})([0-9]{2})([A-Z])$/.exec(compact);
  return m ? `${m[1]}.${m[2]}${m[3]}` : null;
}

export type NafLabel = {
  /** the code as the register writes it */
  code: string;
  /** its label in the language asked, or in French when no English one is known */
  label: string;
  /** the language of `label` */
  lang: 'fr' | 'en';
};

/** the label of a NAF rév. 2 sub-class, in English where one is known; null for an unknown code */
export function nafLabel(code: string, locale: 'fr' | 'en'): NafLabel | null {
  const normal = normaliseNafCode(code);
  const fr = normal === null ? undefined : french.get(normal);
  if (normal === null || fr === undefined) return null;
  const en = locale === 'en' ? english.get(normal.slice(0, 5)) : undefined;
  return en ? { code: normal, label: en, lang: 'en' } : { code: normal, label: fr, lang: 'fr' };
}

/** "62.02A — Conseil en systèmes et logiciels informatiques", or the code alone when unknown */
export function nafText(code: string, locale: 'fr' | 'en'): string {
  const found = nafLabel(code, locale);
  return found ? `${found.code} — ${found.label}` : code;
}

/** how many sub-classes the library names (732 in NAF rév. 2) */
export const NAF_SUBCLASS_COUNT = french.size;
