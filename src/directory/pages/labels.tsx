import { nafLabel } from '../../sirene/naf/naf.ts';

export { formatSiren, formatSiret } from '../../sirene/identifiers.ts';

import { headcountBand } from '../../sirene/headcount.ts';
import type { Catalogue, Formatter, Locale } from '../../web/i18n/index.ts';
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

/**
 * An activity code with its label: "62.02A — Conseil en systèmes et logiciels informatiques"; in
 * English the NACE class's label, or the French one marked as French where none is known.
 */
export function NafLabelText({ code, locale }: { code: string; locale: Locale }) {
  const found = nafLabel(code, locale);
  if (!found) return <>{code}</>;
  return (
    <>
      {found.code} —{' '}
      {found.lang === locale ? found.label : <span lang={found.lang}>{found.label}</span>}
    </>
  );
}
