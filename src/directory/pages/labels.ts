import { headcountBand } from '../../sirene/headcount.ts';
import type { Catalogue, Formatter } from '../../web/i18n/index.ts';
import { type Headcount, isExactFigure } from '../headcount.ts';

/** "10 à 19 salariés", or "Effectif inconnu" for NN, empty and unknown codes. */
export function bandLabel(t: Catalogue, fmt: Formatter, code: string | null): string {
  const band = headcountBand(code);
  if (!band) return t.directory.unknownBand;
  return t.directory.band(fmt.number(band.min), band.max === null ? null : fmt.number(band.max));
}

/** a declared figure ("42 salariés"), else its band */
export function headcountLabel(t: Catalogue, fmt: Formatter, h: Headcount): string {
  return isExactFigure(h)
    ? t.directory.exactHeadcount(fmt.number(h.min), h.min)
    : bandLabel(t, fmt, h.band);
}

export function sourceLabel(t: Catalogue, source: string | null): string {
  if (source === 'register' || source === 'self' || source === 'staff') {
    return t.directory.sources[source];
  }
  return '—';
}

/** A SIRET as it is read aloud and printed: 380 129 866 00046 (narrow no-break spaces). */
export function formatSiret(siret: string): string {
  if (!/^\d{14}$/.test(siret)) return siret;
  return [siret.slice(0, 3), siret.slice(3, 6), siret.slice(6, 9), siret.slice(9)].join('\u202f');
}
