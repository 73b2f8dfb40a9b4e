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
      // the observation sorts fit in memory instead of spilling to disk (this transaction only)
      await sql`SET LOCAL work_mem = '256MB'`.execute(trx);
      // a dozen short queries: compiling them (JIT) costs more than it saves
      await sql`SET LOCAL jit = off`.execute(trx);
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

    /** the dates to read the observations at ('infinity' reads the latest: the value now) */
    async prepare(dates: string[]): Promise<void> {
      await sql`CREATE TEMP TABLE obs_dates (on_date date PRIMARY KEY) ON COMMIT DROP`.execute(trx);
      await sql`INSERT INTO obs_dates (on_date)
                SELECT unnest(${sql.val([...dates, 'infinity'])}::date[])`.execute(trx);
    },

    /**
     * The establishments' observations as intervals of validity (only for a rule that measures
     * the territory's establishments).
     */
    async prepareEstablishments(): Promise<void> {
      await sql`
        CREATE TEMP TABLE IF NOT EXISTS obs_est ON COMMIT DROP AS
        WITH d AS (
          SELECT DISTINCT ON (h.siret, h.observed_on)
            h.organisation_id, h.siret, h.observed_on, h.band, h.year,
            coalesce(h.exact, b.min_staff) AS low,
            CASE WHEN h.exact IS NOT NULL THEN h.exact ELSE b.max_staff END AS high
          FROM headcount_observations h
          JOIN establishments e ON e.siret = h.siret AND e.in_territory
          LEFT JOIN headcount_bands b ON b.code = h.band
          WHERE h.siret IS NOT NULL
          ORDER BY h.siret, h.observed_on, ${PRIORITY}
        )
        SELECT d.organisation_id, d.siret, d.observed_on AS from_on,
          lead(d.observed_on) OVER (PARTITION BY d.siret ORDER BY d.observed_on) AS to_on,
          d.band, d.year, d.low, d.high
        FROM d
      `.execute(trx);
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
        // only organisations with at least one observation in range can count at any date: their
        // observations (found through the band and exact-figure indexes) are the only ones read
        await sql`DROP TABLE IF EXISTS obs_hits`.execute(trx);
        await sql`
          CREATE TEMP TABLE obs_hits ON COMMIT DROP AS
          WITH cand AS (
            SELECT h.organisation_id FROM headcount_observations h
            WHERE h.siret IS NULL
              AND h.band IN (SELECT code FROM headcount_bands b WHERE ${inRange(sql`b.min_staff`, rule)})
            UNION
            SELECT h.organisation_id FROM headcount_observations h
            WHERE h.siret IS NULL AND h.exact IS NOT NULL AND ${inRange(sql`h.exact`, rule)}
          ), d AS (
            SELECT DISTINCT ON (h.organisation_id, h.observed_on)
              h.organisation_id, h.observed_on, h.band, h.exact, h.year, h.source,
              coalesce(h.exact, b.min_staff) AS low,
              CASE WHEN h.exact IS NOT NULL THEN h.exact ELSE b.max_staff END AS high
            -- each candidate's own observations, through the (organisation, date) index
            FROM cand c
            CROSS JOIN LATERAL (
              SELECT * FROM headcount_observations x
              WHERE x.organisation_id = c.organisation_id AND x.siret IS NULL
            ) h
            LEFT JOIN headcount_bands b ON b.code = h.band
            ORDER BY h.organisation_id, h.observed_on, ${PRIORITY}
          ), u AS (
            SELECT d.organisation_id, d.observed_on AS from_on,
              lead(d.observed_on) OVER (PARTITION BY d.organisation_id ORDER BY d.observed_on) AS to_on,
              d.band, d.exact, d.year, d.source, d.low, d.high
            FROM d
          )
          SELECT u.* FROM u JOIN organisations o ON o.id = u.organisation_id
          WHERE ${inRange(sql`u.low`, rule)} AND ${eligible(rule)}
        `.execute(trx);
        await sql`
          INSERT INTO observatory_members (set_key, organisation_id, band, exact, low, high, year, source, observed_on)
          SELECT ${key}::text, u.organisation_id, u.band, u.exact, u.low, u.high, u.year, u.source, u.from_on
          FROM obs_hits u WHERE u.to_on IS NULL
        `.execute(trx);
        const r = await sql<{ on: string; n: number }>`
          SELECT d.on_date::text AS on, count(*)::int AS n
          FROM obs_dates d
          JOIN obs_hits u ON u.from_on <= d.on_date AND (u.to_on IS NULL OR u.to_on > d.on_date)
          GROUP BY d.on_date
        `.execute(trx);
        return new Map(r.rows.map((x) => [x.on, x.n]));
      }
      // the territory's establishments: the sum of their bands' lower bounds (what is proven)
      await this.prepareEstablishments();
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
        WITH per AS (
          -- per commune and organisation first: no count(DISTINCT …) over every row
          SELECT e.commune_code, e.organisation_id, max(e.commune_name) AS name, count(*) AS n,
                 count(e.latitude) AS located, sum(e.latitude) AS lat, sum(e.longitude) AS lon
          FROM establishments e
          WHERE e.status = 'open' AND e.in_territory AND e.commune_code IS NOT NULL
          GROUP BY e.commune_code, e.organisation_id
        )
        SELECT p.commune_code AS code, max(p.name) AS name, sum(p.n)::int AS establishments,
               count(*)::int AS organisations, sum(p.located)::int AS located,
               (sum(p.lat) / nullif(sum(p.located), 0))::float8 AS latitude,
               (sum(p.lon) / nullif(sum(p.located), 0))::float8 AS longitude
        FROM per p JOIN organisations o ON o.id = p.organisation_id AND o.merged_into IS NULL
        GROUP BY p.commune_code ORDER BY 3 DESC, 1
      `.execute(trx);
      return r.rows;
    },

    /** organisations in the directory after each import, by kind (merged ones left out) */
    async overTime(): Promise<{ on: string; kind: string; count: number }[]> {
      const r = await sql<{ on: string; kind: string; count: number }>`
        WITH imps AS (
          SELECT as_of, max(finished_at) AS fin FROM imports
          WHERE status = 'done' AND as_of IS NOT NULL AND finished_at IS NOT NULL GROUP BY as_of
        ), created AS (
          -- an import creates its organisations in one transaction: few distinct instants
          SELECT o.kind, o.created_at, count(*) AS n FROM organisations o
          WHERE o.merged_into IS NULL GROUP BY o.kind, o.created_at
        ), firsts AS (
          SELECT c.kind, c.n, (SELECT min(i.as_of) FROM imps i WHERE i.fin >= c.created_at) AS first_on
          FROM created c
        )
        SELECT i.as_of::text AS on, f.kind, sum(f.n)::int AS count
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

    /**
     * Jobs in the territory as a range: now from the open establishments' latest bands; at each
     * import date from the establishment observations of that import (the register's snapshot).
     */
    async jobs() {
      type Row = {
        on: string;
        low: number;
        high: number;
        open_top: number;
        known: number;
        min_year: number | null;
        max_year: number | null;
      };
      const now = await sql<Row & { open: number }>`
        SELECT 'infinity' AS on, coalesce(sum(b.min_staff), 0)::int8 AS low,
               coalesce(sum(b.max_staff), 0)::int8 AS high,
               count(*) FILTER (WHERE b.code IS NOT NULL AND b.max_staff IS NULL)::int AS open_top,
               count(b.code)::int AS known, count(*)::int AS open,
               min(e.headcount_year) FILTER (WHERE b.code IS NOT NULL) AS min_year,
               max(e.headcount_year) FILTER (WHERE b.code IS NOT NULL) AS max_year
        FROM establishments e
        JOIN organisations o ON o.id = e.organisation_id AND o.merged_into IS NULL
        LEFT JOIN headcount_bands b ON b.code = e.headcount_band
        WHERE e.status = 'open' AND e.in_territory
      `.execute(trx);
      const history = await sql<Row>`
        SELECT h.observed_on::text AS on, coalesce(sum(coalesce(h.exact, b.min_staff)), 0)::int8 AS low,
               coalesce(sum(CASE WHEN h.exact IS NOT NULL THEN h.exact ELSE b.max_staff END), 0)::int8 AS high,
               count(*) FILTER (WHERE h.exact IS NULL AND b.code IS NOT NULL AND b.max_staff IS NULL)::int AS open_top,
               count(*) FILTER (WHERE h.exact IS NOT NULL OR b.code IS NOT NULL)::int AS known,
               min(h.year) AS min_year, max(h.year) AS max_year
        FROM headcount_observations h
        JOIN establishments e ON e.siret = h.siret AND e.status = 'open' AND e.in_territory
        JOIN organisations o ON o.id = e.organisation_id AND o.merged_into IS NULL
        LEFT JOIN headcount_bands b ON b.code = h.band
        WHERE h.siret IS NOT NULL AND h.source = 'register'
          AND h.observed_on IN (SELECT on_date FROM obs_dates)
        GROUP BY h.observed_on ORDER BY h.observed_on
      `.execute(trx);
      const first = now.rows[0];
      return {
        rows: [...history.rows, ...(first ? [first] : [])],
        openEstablishments: first?.open ?? 0,
      };
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
      await sql`
        CREATE TEMP TABLE IF NOT EXISTS growth_pairs ON COMMIT DROP AS
        WITH cand AS (
          -- a start three band-years before the latest year anyone has (found through the year index)
          SELECT DISTINCT h.organisation_id FROM headcount_observations h
          WHERE h.siret IS NULL
            AND h.year <= (SELECT max(year) FROM headcount_observations WHERE siret IS NULL) - 3
        ), d AS (
          SELECT DISTINCT ON (h.organisation_id, h.observed_on)
            h.organisation_id, h.observed_on, h.band, h.exact, h.year, h.source,
            coalesce(h.exact, b.min_staff) AS low,
            CASE WHEN h.exact IS NOT NULL THEN h.exact ELSE b.max_staff END AS high
          FROM cand c
          CROSS JOIN LATERAL (
            SELECT * FROM headcount_observations x
            WHERE x.organisation_id = c.organisation_id AND x.siret IS NULL
          ) h
          LEFT JOIN headcount_bands b ON b.code = h.band
          ORDER BY h.organisation_id, h.observed_on, ${PRIORITY}
        ), u AS (
          SELECT d.organisation_id, d.observed_on AS from_on,
            lead(d.observed_on) OVER (PARTITION BY d.organisation_id ORDER BY d.observed_on) AS to_on,
            d.band, d.exact, d.year, d.source, d.low, d.high
          FROM d
        ), last AS (
          SELECT organisation_id, year, low, high, band, exact, source, from_on FROM u
          WHERE to_on IS NULL AND year IS NOT NULL AND low IS NOT NULL
        ), first AS (
          SELECT DISTINCT ON (u.organisation_id) u.organisation_id, u.year, u.low, u.high, u.band
          FROM u JOIN last l ON l.organisation_id = u.organisation_id AND u.year = l.year - 3
          WHERE u.low IS NOT NULL
          ORDER BY u.organisation_id, u.from_on DESC
        )
        SELECT l.*, f.year AS first_year, f.low AS first_low, f.high AS first_high, f.band AS first_band
        FROM last l JOIN first f ON f.organisation_id = l.organisation_id
        JOIN organisations o ON o.id = l.organisation_id AND o.merged_into IS NULL AND o.status = 'active'
      `.execute(trx);
      await sql`
        INSERT INTO observatory_members (set_key, organisation_id, band, exact, low, high, year, source, observed_on, detail)
        SELECT ${key}::text, p.organisation_id, p.band, p.exact, p.low, p.high, p.year, p.source, p.from_on,
               jsonb_build_object('first_year', p.first_year, 'first_band', p.first_band,
                                  'first_low', p.first_low, 'first_high', p.first_high)
        FROM growth_pairs p
        WHERE p.first_low >= 10 AND p.first_high IS NOT NULL AND p.low > p.first_high * ${factor}::numeric
      `.execute(trx);
      const r = await sql<{ candidates: number; proven: number }>`
        SELECT (SELECT count(*) FROM growth_pairs)::int AS candidates,
               (SELECT count(*) FROM observatory_members WHERE set_key = ${key})::int AS proven
      `.execute(trx);
      return r.rows[0] ?? { candidates: 0, proven: 0 };
    },
  };
}
