import type { Catalogue } from '../web/i18n/index.ts';
import type { Indicators } from './compute.service.ts';

/**
 * Each chart's data as rows, the same for the picture, its table and its CSV file, so that what
 * is downloaded is what is drawn.
 */
export const CHARTS = [
  'types',
  'champs',
  'communes',
  'evolution',
  'creations',
  'fermetures',
  'emplois',
  'financements',
] as const;
export type ChartName = (typeof CHARTS)[number];

export type ChartTable = { head: string[]; rows: (string | number | null | boolean)[][] };

export function chartTable(
  name: ChartName,
  data: Indicators,
  t: Catalogue,
  fields: Map<string, string>,
): ChartTable {
  const kinds = t.directory.kinds as Record<string, string>;
  switch (name) {
    case 'types':
      return {
        head: ['kind', 'label', 'organisations'],
        rows: data.byKind.map((r) => [r.key, kinds[r.key] ?? r.key, r.count]),
      };
    case 'champs':
      return {
        head: ['field', 'label', 'organisations'],
        rows: data.byField.map((r) => [r.key, fields.get(r.key) ?? r.key, r.count]),
      };
    case 'communes':
      return {
        head: ['commune', 'name', 'establishments', 'organisations', 'latitude', 'longitude'],
        rows: data.byCommune.map((c) => [
          c.code,
          c.name,
          c.establishments,
          c.organisations,
          c.latitude === null ? null : Math.round(c.latitude * 1e5) / 1e5,
          c.longitude === null ? null : Math.round(c.longitude * 1e5) / 1e5,
        ]),
      };
    case 'evolution':
      return {
        head: ['date', 'kind', 'organisations'],
        rows: data.overTime.map((r) => [r.on, r.kind, r.count]),
      };
    case 'creations':
      return {
        head: ['year', 'organisations'],
        rows: data.creations.map((r) => [r.year, r.count]),
      };
    case 'fermetures':
      // closures without a date: one row of their own, never spread over years
      return {
        head: ['year', 'organisations', 'date_known'],
        rows: [
          ...(data.closuresPerYear ?? []).map((r) => [r.year, r.count, true]),
          ...(data.closures.undated ? [[null, data.closures.undated, false]] : []),
        ],
      };
    case 'emplois':
      return {
        head: ['date', 'low', 'high', 'establishments_without_upper_bound', 'establishments_known'],
        rows: jobsFigure(data.jobs).points.map((r) => [r.on, r.low, r.high, r.openTop, r.known]),
      };
    case 'financements':
      return {
        head: ['year', 'rounds', 'amount_eur_known', 'rounds_undisclosed', 'demo'],
        rows: data.funding.map((r) => [r.year, r.rounds, r.amount, r.undisclosed, r.demo]),
      };
  }
}

/** organisations over time, summed over kinds, per date */
export function totalsOverTime(data: Indicators): { on: string; count: number }[] {
  const byDate = new Map<string, number>();
  for (const r of data.overTime) byDate.set(r.on, (byDate.get(r.on) ?? 0) + r.count);
  return [...byDate].map(([on, count]) => ({ on, count }));
}

/** a point of the jobs figure as shown: no upper bound (`high` null) when an open-ended band counts */
export type JobsPoint = {
  on: string;
  low: number;
  high: number | null;
  openTop: number;
  known: number;
};

/**
 * The jobs figure as pages, tables and files show it: each import date's range, and the headline,
 * which is the latest of those points when there is one (the same run, the same date as the
 * chart); a band without an upper bound (10 000 or more) makes the range "at least" its low sum.
 */
export function jobsFigure(jobs: Indicators['jobs']): {
  headline: (Omit<JobsPoint, 'on'> & { on: string | null }) | null;
  points: JobsPoint[];
} {
  const shown = <T extends { low: number; high: number; openTop: number }>(p: T) => ({
    ...p,
    high: p.openTop > 0 ? null : Math.max(p.low, p.high),
  });
  const points = jobs.history.map((p) =>
    shown({ on: p.on, low: p.low, high: p.high, openTop: p.openTop, known: p.known }),
  );
  const last = points.at(-1);
  const now = jobs.now;
  const headline = last
    ? last
    : now && now.known > 0
      ? shown({
          on: now.on ?? null,
          low: now.low,
          high: now.high,
          openTop: now.openTop,
          known: now.known,
        })
      : null;
  return { headline, points };
}
