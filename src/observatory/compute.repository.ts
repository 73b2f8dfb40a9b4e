import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * The SQL of one recomputation of the observatory, inside the caller's transaction.
 *
 * Headcounts come from `headcount_observations`, never from a figure typed into the observatory.
 * Each organisation's (or establishment's) observations are turned into intervals of validity:
 * an observation holds from its date until the next one (several on one day: staff over
 * self-declared over the register). The value of a rule "at date D" reads the observation valid
 * at D; "now" reads the latest. A band counts by where it starts (its lower bound): a band
 * 41 (500–999) never counts as "1000 or more", whatever its upper bound. NN and empty bands are
 * unknown: they count nowhere, and an unknown latest band hides an older known one.
 */

export type ObjectiveRule = {
  id: number;
  scope: 'head_office' | 'any_establishment';
  field_slugs: string[];
  kinds: string[];
  measure: 'legal_unit' | 'territory_establishments';
  min_employees: number;
  max_employees: number | null;
  created_on_or_after: string | null;
  active_only: boolean;
};

export type KeyCount = { key: string; count: number };

/** High-growth thresholds: growth over three years, compounded (1.2³ and 1.1³). */
export const HIGH_GROWTH = {
  oecd: { yearly: 0.2, factor: '1.728' },
  eurostat: { yearly: 0.1, factor: '1.331' },
} as const;

const PRIORITY = sql`CASE h.source WHEN 'staff' THEN 0 WHEN 'self' THEN 1 ELSE 2 END`;

/** the organisations a rule looks at, before any headcount: `o` is organisations */
function eligible(rule: ObjectiveRule): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`o.merged_into IS NULL`];
  if (rule.active_only) parts.push(sql`o.status = 'active'`);
  parts.push(
    rule.scope === 'head_office'
      ? sql`o.head_office_in_territory`
      : sql`EXISTS (SELECT 1 FROM establishments e WHERE e.organisation_id = o.id
                    AND e.status = 'open' AND e.in_territory)`,
  );
  parts.push(
    rule.field_slugs.length > 0
      ? sql`o.field_slugs && ${sql.val(rule.field_slugs)}::text[]`
      : // the hub's whole selection: an activity in the sector codes, or tagged by hand with a field
        sql`(o.naf_code IN (SELECT code FROM sector_codes) OR o.field_slugs <> '{}'
             OR EXISTS (SELECT 1 FROM establishments e JOIN sector_codes c ON c.code = e.naf_code
                        WHERE e.organisation_id = o.id))`,
  );
  if (rule.kinds.length > 0) parts.push(sql`o.kind = ANY(${sql.val(rule.kinds)}::text[])`);
  if (rule.created_on_or_after) parts.push(sql`o.created_on >= ${rule.created_on_or_after}::date`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

function inRange(column: RawBuilder<unknown>, rule: ObjectiveRule): RawBuilder<boolean> {
  return rule.max_employees === null
    ? sql<boolean>`${column} >= ${rule.min_employees}`
    : sql<boolean>`${column} BETWEEN ${rule.min_employees} AND ${rule.max_employees}`;
}

export function computeRepository(trx: Kysely<DB>) {
  return {
    /** one recomputation at a time across processes; the second waits, then reads fresh data */
    async lock(): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtext('totem.observatory'))`.execute(trx);
    },

    /** the dates of the register data: one per finished import, oldest first */
    async importDates(): Promise<string[]> {
      const r = await sql<{ on: string }>`
        SELECT DISTINCT as_of AS on FROM imports WHERE status = 'done' AND as_of IS NOT NULL ORDER BY 1
      `.execute(trx);
      return r.rows.map((x) => x.on);
    },

    async hasDemo(): Promise<boolean> {
      const r = await sql<{ demo: boolean }>`
        SELECT EXISTS (SELECT 1 FROM organisations WHERE is_demo AND merged_into IS NULL) AS demo
      `.execute(trx);
      return r.rows[0]?.demo ?? false;
    },

    /** the observations as intervals of validity, and the dates to read them at */
    async prepare(dates: string[]): Promise<void> {
      await sql`CREATE TEMP TABLE obs_dates (on_date date PRIMARY KEY) ON COMMIT DROP`.execute(trx);
      // 'infinity' reads the latest observation: the value now
      await sql`INSERT INTO obs_dates (on_date)
                SELECT unnest(${sql.val([...dates, 'infinity'])}::date[])`.execute(trx);
      await sql`
        CREATE TEMP TABLE obs_unit ON COMMIT DROP AS
        WITH d AS (
          SELECT DISTINCT ON (h.organisation_id, h.observed_on)
            h.organisation_id, h.observed_on, h.band, h.exact, h.year, h.source
          FROM headcount_observations h WHERE h.siret IS NULL
          ORDER BY h.organisation_id, h.observed_on, ${PRIORITY}
        )
        SELECT d.organisation_id, d.observed_on AS from_on,
          lead(d.observed_on) OVER (PARTITION BY d.organisation_id ORDER BY d.observed_on) AS to_on,
          d.band, d.exact, d.year, d.source,
          coalesce(d.exact, b.min_staff) AS low,
          CASE WHEN d.exact IS NOT NULL THEN d.exact ELSE b.max_staff END AS high
        FROM d LEFT JOIN headcount_bands b ON b.code = d.band
      `.execute(trx);
      await sql`
        CREATE TEMP TABLE obs_est ON COMMIT DROP AS
        WITH d AS (
          SELECT DISTINCT ON (h.siret, h.observed_on)
            h.organisation_id, h.siret, h.observed_on, h.band, h.exact, h.year
          FROM headcount_observations h
          JOIN establishments e ON e.siret = h.siret AND e.in_territory
          WHERE h.siret IS NOT NULL
          ORDER BY h.siret, h.observed_on, ${PRIORITY}
        )
        SELECT d.organisation_id, d.siret, d.observed_on AS from_on,
          lead(d.observed_on) OVER (PARTITION BY d.siret ORDER BY d.observed_on) AS to_on,
          d.band, d.year,
          coalesce(d.exact, b.min_staff) AS low,
          CASE WHEN d.exact IS NOT NULL THEN d.exact ELSE b.max_staff END AS high
        FROM d LEFT JOIN headcount_bands b ON b.code = d.band
      `.execute(trx);
      await sql`ANALYZE obs_unit`.execute(trx);
      await sql`ANALYZE obs_est`.execute(trx);
    },

    /** clears what the previous run stored */
    async clearResults(): Promise<void> {
      await sql`DELETE FROM observatory_members`.execute(trx);
      await sql`DELETE FROM objective_results`.execute(trx);
      await sql`DELETE FROM observatory_indicators`.execute(trx);
    },

    /**
     * Stores the organisations a rule counts now, each with the number that put it there, and
     * returns the rule's value at every date ('infinity' is now).
     */
    async objective(rule: ObjectiveRule): Promise<Map<string, number>> {
      const key = `objective:${rule.id}`;
      if (rule.measure === 'legal_unit') {
        await sql`
          INSERT INTO observatory_members (set_key, organisation_id, band, exact, low, high, year, source, observed_on)
          SELECT ${key}::text, u.organisation_id, u.band, u.exact, u.low, u.high, u.year, u.source, u.from_on
          FROM obs_unit u JOIN organisations o ON o.id = u.organisation_id
          WHERE u.to_on IS NULL AND ${inRange(sql`u.low`, rule)} AND ${eligible(rule)}
        `.execute(trx);
        const r = await sql<{ on: string; n: number }>`
          SELECT d.on_date::text AS on, count(*)::int AS n
          FROM obs_dates d
          JOIN obs_unit u ON u.from_on <= d.on_date AND (u.to_on IS NULL OR u.to_on > d.on_date)
          JOIN organisations o ON o.id = u.organisation_id
          WHERE ${inRange(sql`u.low`, rule)} AND ${eligible(rule)}
          GROUP BY d.on_date
        `.execute(trx);
        return new Map(r.rows.map((x) => [x.on, x.n]));
      }
      // the territory's establishments: the sum of their bands' lower bounds (what is proven)
      const per = sql`
        SELECT d.on_date, x.organisation_id, sum(x.low)::int AS low, sum(x.high)::int AS high,
               bool_or(x.high IS NULL) AS open_top, max(x.year) AS year, max(x.from_on) AS observed_on,
               count(*)::int AS establishments
        FROM obs_dates d
        JOIN obs_est x ON x.from_on <= d.on_date AND (x.to_on IS NULL OR x.to_on > d.on_date)
        WHERE x.low IS NOT NULL
        GROUP BY d.on_date, x.organisation_id`;
      await sql`
        INSERT INTO observatory_members (set_key, organisation_id, low, high, year, source, observed_on, detail)
        SELECT ${key}::text, p.organisation_id, p.low, CASE WHEN p.open_top THEN NULL ELSE p.high END, p.year,
               'register', p.observed_on, jsonb_build_object('establishments', p.establishments)
        FROM (${per}) p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.on_date = 'infinity' AND ${inRange(sql`p.low`, rule)} AND ${eligible(rule)}
      `.execute(trx);
      const r = await sql<{ on: string; n: number }>`
        SELECT p.on_date::text AS on, count(*)::int AS n
        FROM (${per}) p JOIN organisations o ON o.id = p.organisation_id
        WHERE ${inRange(sql`p.low`, rule)} AND ${eligible(rule)}
        GROUP BY p.on_date
      `.execute(trx);
      return new Map(r.rows.map((x) => [x.on, x.n]));
    },

    async saveObjective(row: {
      objectiveId: number;
      runId: number;
      value: number;
      history: unknown;
      projection: unknown;
    }): Promise<void> {
      await trx
        .insertInto('objective_results')
        .values({
          objective_id: row.objectiveId,
          run_id: row.runId,
          value: row.value,
          history: JSON.stringify(row.history),
          projection: JSON.stringify(row.projection),
        })
        .execute();
    },

    async saveIndicator(key: string, runId: number, data: unknown): Promise<void> {
      await trx
        .insertInto('observatory_indicators')
        .values({ key, run_id: runId, data: JSON.stringify(data) })
        .execute();
    },

    async byKind(): Promise<KeyCount[]> {
      const r = await sql<KeyCount>`
        SELECT kind AS key, count(*)::int AS count FROM organisations
        WHERE merged_into IS NULL AND status = 'active' GROUP BY kind ORDER BY 2 DESC, 1
      `.execute(trx);
      return r.rows;
    },

    async byField(): Promise<KeyCount[]> {
      const r = await sql<KeyCount>`
        SELECT f.slug AS key, count(o.id)::int AS count
        FROM hub_fields f
        LEFT JOIN organisations o ON o.field_slugs @> ARRAY[f.slug] AND o.merged_into IS NULL AND o.status = 'active'
        GROUP BY f.slug, f.position ORDER BY f.position, f.slug
      `.execute(trx);
      return r.rows;
    },

    /** open establishments of the territory by commune, with where they stand on average */
    async byCommune() {
      const r = await sql<{
        code: string;
        name: string | null;
        establishments: number;
        organisations: number;
        located: number;
        latitude: number | null;
        longitude: number | null;
      }>`
        SELECT e.commune_code AS code, max(e.commune_name) AS name, count(*)::int AS establishments,
               count(DISTINCT e.organisation_id)::int AS organisations,
               count(e.latitude)::int AS located,
               avg(e.latitude)::float8 AS latitude, avg(e.longitude)::float8 AS longitude
        FROM establishments e JOIN organisations o ON o.id = e.organisation_id AND o.merged_into IS NULL
        WHERE e.status = 'open' AND e.in_territory AND e.commune_code IS NOT NULL
        GROUP BY e.commune_code ORDER BY 3 DESC, 1
      `.execute(trx);
      return r.rows;
    },

    /** organisations in the directory after each import, by kind (merged ones left out) */
    async overTime(): Promise<{ on: string; kind: string; count: number }[]> {
      const r = await sql<{ on: string; kind: string; count: number }>`
        WITH imps AS (
          SELECT as_of, max(finished_at) AS fin FROM imports
          WHERE status = 'done' AND as_of IS NOT NULL AND finished_at IS NOT NULL GROUP BY as_of
        ), firsts AS (
          SELECT o.kind, (SELECT min(i.as_of) FROM imps i WHERE i.fin >= o.created_at) AS first_on
          FROM organisations o WHERE o.merged_into IS NULL
        )
        SELECT i.as_of::text AS on, f.kind, count(*)::int AS count
        FROM imps i JOIN firsts f ON f.first_on <= i.as_of
        GROUP BY i.as_of, f.kind ORDER BY 1, 2
      `.execute(trx);
      return r.rows;
    },

    async creations(): Promise<{ year: number; count: number }[]> {
      const r = await sql<{ year: number; count: number }>`
        SELECT extract(year FROM created_on)::int AS year, count(*)::int AS count
        FROM organisations WHERE merged_into IS NULL AND created_on IS NOT NULL
        GROUP BY 1 ORDER BY 1
      `.execute(trx);
      return r.rows;
    },

    async closures(): Promise<{ closed: number; exited: number; ceased: number }> {
      const r = await sql<{ closed: number; exited: number; ceased: number }>`
        SELECT count(*) FILTER (WHERE status = 'closed')::int AS closed,
               count(*) FILTER (WHERE status = 'exited')::int AS exited,
               count(*) FILTER (WHERE ceased)::int AS ceased
        FROM organisations WHERE merged_into IS NULL
      `.execute(trx);
      return r.rows[0] ?? { closed: 0, exited: 0, ceased: 0 };
    },

    /** jobs in the territory at every date, from the establishments' bands, as a range */
    async jobs() {
      const r = await sql<{
        on: string;
        low: number;
        high: number;
        open_top: number;
        known: number;
        min_year: number | null;
        max_year: number | null;
      }>`
        SELECT d.on_date::text AS on, coalesce(sum(x.low), 0)::int8 AS low,
               coalesce(sum(x.high), 0)::int8 AS high,
               count(*) FILTER (WHERE x.low IS NOT NULL AND x.high IS NULL)::int AS open_top,
               count(*) FILTER (WHERE x.low IS NOT NULL)::int AS known,
               min(x.year) AS min_year, max(x.year) AS max_year
        FROM obs_dates d
        JOIN obs_est x ON x.from_on <= d.on_date AND (x.to_on IS NULL OR x.to_on > d.on_date)
        JOIN establishments e ON e.siret = x.siret AND e.status = 'open'
        JOIN organisations o ON o.id = x.organisation_id AND o.merged_into IS NULL
        GROUP BY d.on_date ORDER BY d.on_date
      `.execute(trx);
      const open = await sql<{ open: number }>`
        SELECT count(*)::int AS open FROM establishments e
        JOIN organisations o ON o.id = e.organisation_id AND o.merged_into IS NULL
        WHERE e.status = 'open' AND e.in_territory
      `.execute(trx);
      return { rows: r.rows, openEstablishments: open.rows[0]?.open ?? 0 };
    },

    /** funding rounds per year; the organisations behind each year are stored */
    async funding() {
      await sql`
        INSERT INTO observatory_members (set_key, organisation_id, year, source, detail)
        SELECT 'funding:' || extract(year FROM f.announced_on)::int, f.organisation_id,
               extract(year FROM f.announced_on)::int, min(f.source),
               jsonb_build_object('rounds', count(*), 'amount_eur', sum(f.amount_eur))
        FROM funding_rounds f JOIN organisations o ON o.id = f.organisation_id AND o.merged_into IS NULL
        GROUP BY 1, 2, 3
      `.execute(trx);
      const r = await sql<{
        year: number;
        rounds: number;
        amount: number;
        undisclosed: number;
        demo: boolean;
      }>`
        SELECT extract(year FROM f.announced_on)::int AS year, count(*)::int AS rounds,
               coalesce(sum(f.amount_eur), 0)::int8 AS amount,
               count(*) FILTER (WHERE f.amount_eur IS NULL)::int AS undisclosed,
               bool_or(f.is_demo OR o.is_demo) AS demo
        FROM funding_rounds f JOIN organisations o ON o.id = f.organisation_id AND o.merged_into IS NULL
        GROUP BY 1 ORDER BY 1
      `.execute(trx);
      return r.rows;
    },

    /**
     * High-growth firms under one definition, counting only what the bands prove: the headcount
     * three band-years before the latest is taken at its band's upper bound, the latest at its
     * lower bound. Stores the firms; returns how many had observations three years apart.
     */
    async highGrowth(definition: keyof typeof HIGH_GROWTH) {
      const factor = HIGH_GROWTH[definition].factor;
      const key = `high_growth:${definition}`;
      const pairs = sql`
        WITH last AS (
          SELECT organisation_id, year, low, high, band, exact, source, from_on FROM obs_unit
          WHERE to_on IS NULL AND year IS NOT NULL AND low IS NOT NULL
        ), first AS (
          SELECT DISTINCT ON (u.organisation_id) u.organisation_id, u.year, u.low, u.high, u.band, u.exact
          FROM obs_unit u JOIN last l ON l.organisation_id = u.organisation_id AND u.year = l.year - 3
          WHERE u.low IS NOT NULL
          ORDER BY u.organisation_id, u.from_on DESC
        )
        SELECT l.*, f.year AS first_year, f.low AS first_low, f.high AS first_high, f.band AS first_band
        FROM last l JOIN first f ON f.organisation_id = l.organisation_id
        JOIN organisations o ON o.id = l.organisation_id AND o.merged_into IS NULL AND o.status = 'active'`;
      await sql`
        INSERT INTO observatory_members (set_key, organisation_id, band, exact, low, high, year, source, observed_on, detail)
        SELECT ${key}::text, p.organisation_id, p.band, p.exact, p.low, p.high, p.year, p.source, p.from_on,
               jsonb_build_object('first_year', p.first_year, 'first_band', p.first_band,
                                  'first_low', p.first_low, 'first_high', p.first_high)
        FROM (${pairs}) p
        WHERE p.first_low >= 10 AND p.first_high IS NOT NULL AND p.low > p.first_high * ${factor}::numeric
      `.execute(trx);
      const r = await sql<{ candidates: number; proven: number }>`
        SELECT (SELECT count(*) FROM (${pairs}) p)::int AS candidates,
               (SELECT count(*) FROM observatory_members WHERE set_key = ${key})::int AS proven
      `.execute(trx);
      return r.rows[0] ?? { candidates: 0, proven: 0 };
    },
  };
}
