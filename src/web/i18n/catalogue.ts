import type { Locale } from '../../kernel/locale.ts';
import { coreEn } from './core.en.ts';
import { type CoreCatalogue, coreFr } from './core.fr.ts';

/**
 * The sections capabilities add to the catalogue. Each capability declares its own here, next to
 * its texts (`declare module '…/catalogue.ts' { interface CatalogueSections … }`), and gives them
 * in both languages through its module: a missing key does not compile.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, one capability at a time
export interface CatalogueSections {}

/** Every text of the interface in one language: the platform's own, then each capability's. */
export type Catalogue = CoreCatalogue & CatalogueSections;

export type CatalogueParts = {
  fr: Partial<CatalogueSections>;
  en: Partial<CatalogueSections>;
};

/** The whole catalogue of each language, from the platform's texts and the capabilities' sections. */
export function assembleCatalogues(parts: readonly CatalogueParts[]): Record<Locale, Catalogue> {
  const fr: Record<string, unknown> = { ...coreFr };
  const en: Record<string, unknown> = { ...coreEn };
  for (const part of parts) {
    for (const [key, value] of Object.entries(part.fr)) {
      if (key in fr) throw new Error(`Two texts of the catalogue are named ${key}.`);
      fr[key] = value;
    }
    Object.assign(en, part.en);
  }
  return { fr: fr as unknown as Catalogue, en: en as unknown as Catalogue };
}

/** The platform's own texts, for the few answers given before any capability is known. */
export function coreCatalogue(locale: Locale): CoreCatalogue {
  return locale === 'fr' ? coreFr : coreEn;
}
