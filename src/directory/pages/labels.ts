import type { Catalogue, Formatter } from '../../web/i18n/index.ts';
import { headcountBand } from '../sirene/headcount.ts';

/** "10 à 19 salariés", or "Effectif inconnu" for NN, empty and unknown codes. */
export function bandLabel(t: Catalogue, fmt: Formatter, code: string | null): string {
  const band = headcountBand(code);
  if (!band) return t.directory.unknownBand;
  return t.directory.band(fmt.number(band.min), band.max === null ? null : fmt.number(band.max));
}

export function sourceLabel(t: Catalogue, source: string | null): string {
  if (source === 'register' || source === 'self' || source === 'staff') {
    return t.directory.sources[source];
  }
  return '—';
}
