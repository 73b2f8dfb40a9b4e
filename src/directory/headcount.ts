import type { Source } from './directory.schema.ts';

/** the current-headcount columns of an organisation, as the search and the profile read them */
export type HeadcountColumns = {
  headcount_band: string | null;
  headcount_min: number | null;
  headcount_max: number | null;
  headcount_year: number | null;
  headcount_source: string | null;
};

export type Headcount = {
  band: string | null;
  min: number | null;
  max: number | null;
  year: number | null;
  source: Source | null;
};

const SOURCE_NAMES: readonly string[] = ['register', 'self', 'staff'];

/**
 * The current headcount as pages and the API say it. The register gives bands; the hub's team and
 * the organisation declare exact figures (min = max = the figure), which the columns file under
 * the band the figure falls in so that the headcount facet counts them there (migration 0012):
 * said here as the figure, with no band.
 */
export function presentHeadcount(row: HeadcountColumns): Headcount {
  const source = SOURCE_NAMES.includes(row.headcount_source ?? '')
    ? (row.headcount_source as Source)
    : null;
  const exact =
    source !== null &&
    source !== 'register' &&
    row.headcount_min !== null &&
    row.headcount_min === row.headcount_max;
  return {
    band: exact ? null : row.headcount_band,
    min: row.headcount_min,
    max: row.headcount_max,
    year: row.headcount_year,
    source,
  };
}

/** an exact figure rather than a band */
export function isExactFigure(h: Headcount): h is Headcount & { min: number } {
  return h.band === null && h.min !== null && h.min === h.max && h.source !== 'register';
}
