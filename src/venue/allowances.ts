import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AllowanceKind } from '../db/venue.schema.ts';
import { allowancesRepository, type DrawRow } from './allowances.repository.ts';
import { dayStart, monthDays, parisMonth } from './venue-time.ts';

/**
 * Monthly allowances. An organisation's members share, each month and per kind, what the plans
 * the organisation holds that month give (their sum), or — when it holds none — the site's
 * defaults, which staff set. A booking of a space that draws on an allowance counts in each Paris
 * month it touches for its part in that month: a coworking day per day booked (a booking of
 * several days across the end of a month draws its days on their own months; a slot space
 * drawing on days counts one day per booking, in the month of its start), and its length in
 * hours for meeting hours.
 */

export const ALLOWANCE_KINDS: readonly AllowanceKind[] = ['coworking_days', 'meeting_hours'];

export type Amounts = Record<AllowanceKind, number>;

export type AllowanceView = {
  organisationId: string;
  organisationName: string;
  month: string;
  kind: AllowanceKind;
  /** what the month gives */
  allowance: number;
  used: number;
  /** never below zero (staff's overrides may pass it) */
  left: number;
  source: 'plan' | 'default';
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/** what one booking draws on its kind of allowance */
export function drawOf(kind: AllowanceKind, unit: 'slot' | 'day', start: Date, end: Date): number {
  const ms = end.getTime() - start.getTime();
  if (kind === 'coworking_days')
    return unit === 'day' ? Math.max(1, Math.round(ms / 86_400_000)) : 1;
  return round2(ms / 3_600_000);
}

/** what one booking draws on its kind of allowance in one month (its part within the bounds) */
export function drawIn(
  kind: AllowanceKind,
  unit: 'slot' | 'day',
  start: Date,
  end: Date,
  bounds: { from: Date; to: Date },
): number {
  const from = Math.max(start.getTime(), bounds.from.getTime());
  const to = Math.min(end.getTime(), bounds.to.getTime());
  if (to <= from) return 0;
  if (kind === 'coworking_days' && unit !== 'day') return from === start.getTime() ? 1 : 0;
  return drawOf(kind, unit, new Date(from), new Date(to));
}

/** the Paris months ('YYYY-MM') that [start, end) touches, in order */
export function monthsOf(start: Date, end: Date): string[] {
  const last = parisMonth(new Date(end.getTime() - 1));
  const months = [parisMonth(start)];
  while ((months.at(-1) as string) < last) {
    const [y, m] = (months.at(-1) as string).split('-').map(Number) as [number, number];
    months.push(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`);
  }
  return months;
}

/** the month's bounds as instants ([first local midnight, next month's first local midnight)) */
export function monthBounds(month: string): {
  from: Date;
  to: Date;
  fromDay: string;
  toDay: string;
} {
  const days = monthDays(month);
  if (!days) throw new Error(`not a month: ${month}`);
  return { from: dayStart(days.from), to: dayStart(days.to), fromDay: days.from, toDay: days.to };
}

function sumDraws(rows: DrawRow[], bounds: { from: Date; to: Date }): Amounts {
  const used: Amounts = { coworking_days: 0, meeting_hours: 0 };
  for (const r of rows)
    used[r.allowance] = round2(
      used[r.allowance] + drawIn(r.allowance, r.unit, r.start, r.end, bounds),
    );
  return used;
}

/** reading allowances within a transaction (or on the database) */
export function allowancesOf(db: Kysely<DB>) {
  const repo = allowancesRepository(db);

  async function given(
    organisationId: string,
    month: string,
    defaults?: Amounts,
  ): Promise<{ amounts: Amounts; source: 'plan' | 'default' }> {
    const { fromDay, toDay } = monthBounds(month);
    const plans = await repo.plans(organisationId, fromDay, toDay);
    if (plans.length === 0)
      return { amounts: defaults ?? (await repo.defaults()), source: 'default' };
    return {
      amounts: {
        coworking_days: plans.reduce((n, p) => n + p.coworking_days, 0),
        meeting_hours: plans.reduce((n, p) => n + p.meeting_hours, 0),
      },
      source: 'plan',
    };
  }

  async function used(organisationId: string, month: string): Promise<Amounts> {
    const { from, to } = monthBounds(month);
    return sumDraws(await repo.draws(from, to, organisationId), { from, to });
  }

  return {
    lock: repo.lock,
    given,
    used,

    /** what is left of each kind, per organisation, for a month */
    async views(
      organisations: { id: string; name: string }[],
      month: string,
    ): Promise<AllowanceView[]> {
      const defaults = await repo.defaults();
      const views: AllowanceView[] = [];
      for (const org of organisations) {
        const g = await given(org.id, month, defaults);
        const u = await used(org.id, month);
        for (const kind of ALLOWANCE_KINDS) {
          views.push({
            organisationId: org.id,
            organisationName: org.name,
            month,
            kind,
            allowance: g.amounts[kind],
            used: u[kind],
            left: Math.max(0, round2(g.amounts[kind] - u[kind])),
            source: g.source,
          });
        }
      }
      return views;
    },

    /**
     * Usage per organisation in a month: every organisation that booked or holds a plan, with
     * what it used and was given (rows for the CSV export)
     */
    async usage(month: string): Promise<AllowanceView[]> {
      const { from, to, fromDay, toDay } = monthBounds(month);
      const draws = await repo.draws(from, to);
      const ids = new Set([
        ...draws.map((d) => d.organisation_id),
        ...(await repo.planHolders(fromDay, toDay)),
      ]);
      const orgs = await repo.organisations([...ids]);
      orgs.sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.id.localeCompare(b.id));
      return this.views(orgs, month);
    },
  };
}
