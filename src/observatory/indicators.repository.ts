import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * The SQL of the observatory's indicators (organisations by kind, field, commune and over time,
 * creations and closures, jobs, funding, high growth), inside the recomputation's transaction;
 * part of computeRepository, which prepares the tables they read.
 */

export type KeyCount = { key: string; count: number };

/** High-growth thresholds: growth over three years, compounded (1.2³ and 1.1³). */
export const HIGH_GROWTH = {
  oecd: { yearly: 0.2, factor: '1.728' },
  eurostat: { yearly: 0.1, factor: '1.331' },
} as const;

/** several observations on one day: staff over self-declared over the register */
export const PRIORITY = sql`CASE h.source WHEN 'staff' THEN 0 WHEN 'self' THEN 1 ELSE 2 END`;

/** Organisations by kind, field and over time, creations and closures: read from `org_cells`. */
function organisationIndicators(trx: Kysely<DB>) {
  return {
    /**
     * The register read once: organisations not merged into another, counted by everything the
     * organisation indicators group by (kind, status, creation and closure years, the instant they
     * entered the directory, demo). The indicators below read these few thousand rows.
     */
    async organisationCells(): Promise<void> {
      await sql`
        CREATE TEMP TABLE org_cells ON COMMIT DROP AS
        SELECT kind, status, extract(year FROM created_on)::int AS created_year,
               extract(year FROM closed_on)::int AS closed_year, ceased, is_demo, created_at,
               sum(n)::int AS n
        FROM (
          -- grouped in the order of the indicators' index (an index-only scan, no hashing of a
          -- million rows), then by year
          SELECT kind, status, created_on, closed_on, ceased, is_demo, created_at, count(*) AS n
          FROM organisations WHERE merged_into IS NULL
          GROUP BY kind, status, created_on, closed_on, ceased, is_demo, created_at
        ) x
        GROUP BY 1, 2, 3, 4, 5, 6, 7
      `.execute(trx);
    },

    async hasDemo(): Promise<boolean> {
      const r = await sql<{ demo: boolean }>`
        SELECT EXISTS (SELECT 1 FROM org_cells WHERE is_demo) AS demo
      `.execute(trx);
      return r.rows[0]?.demo ?? false;
    },

    async byKind(): Promise<KeyCount[]> {
      const r = await sql<KeyCount>`
        SELECT kind AS key, sum(n)::int AS count FROM org_cells
        WHERE status = 'active' GROUP BY kind ORDER BY 2 DESC, 1
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

    /** organisations in the directory after each import, by kind (merged ones left out) */
    async overTime(): Promise<{ on: string; kind: string; count: number }[]> {
      const r = await sql<{ on: string; kind: string; count: number }>`
        WITH imps AS (
          SELECT as_of, max(finished_at) AS fin FROM imports
          WHERE status = 'done' AND as_of IS NOT NULL AND finished_at IS NOT NULL GROUP BY as_of
        ), created AS (
          -- an import creates its organisations in one transaction: few distinct instants
          SELECT kind, created_at, sum(n) AS n FROM org_cells GROUP BY kind, created_at
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
        SELECT created_year AS year, sum(n)::int AS count
        FROM org_cells WHERE created_year IS NOT NULL
        GROUP BY 1 ORDER BY 1
      `.execute(trx);
      return r.rows;
    },

    async closures(): Promise<{ closed: number; exited: number; ceased: number; undated: number }> {
      const r = await sql<{ closed: number; exited: number; ceased: number; undated: number }>`
        SELECT coalesce(sum(n) FILTER (WHERE status = 'closed'), 0)::int AS closed,
               coalesce(sum(n) FILTER (WHERE status = 'exited'), 0)::int AS exited,
               coalesce(sum(n) FILTER (WHERE ceased), 0)::int AS ceased,
               coalesce(sum(n) FILTER (WHERE status = 'closed' AND closed_year IS NULL), 0)::int AS undated
        FROM org_cells
      `.execute(trx);
      return r.rows[0] ?? { closed: 0, exited: 0, ceased: 0, undated: 0 };
    },

    /**
     * Closed organisations by the year the register dates their closure. Those closed without a
     * date are counted apart (`closures().undated`), never spread over years.
     */
    async closuresPerYear(): Promise<{ year: number; count: number }[]> {
      const r = await sql<{ year: number; count: number }>`
        SELECT closed_year AS year, sum(n)::int AS count
        FROM org_cells WHERE status = 'closed' AND closed_year IS NOT NULL
        GROUP BY 1 ORDER BY 1
      `.execute(trx);
      return r.rows;
    },
  };
}

/** The territory's open establishments: by commune, and the jobs they hold now and over time. */
function territoryIndicators(trx: Kysely<DB>) {
  return {
    /**
     * The open establishments of the territory read once: by commune (the map: how many, of how
     * many organisations, where they stand on average) and in all (jobs now, as a range of the
     * bands' bounds). The row with `total` is the whole territory.
     */
    async establishmentFigures() {
      const r = await sql<{
        total: boolean;
        code: string | null;
        name: string | null;
        establishments: number;
        located: number;
        latitude: number | null;
        longitude: number | null;
        low: string;
        high: string;
        open_top: number;
        known: number;
        min_year: number | null;
        max_year: number | null;
      }>`
        WITH cells AS (
          -- grouped by commune and band first (a few hundred rows, which the server may share
          -- between workers); the bands' bounds are joined to those, not to every establishment
          SELECT e.commune_code, e.headcount_band, max(e.commune_name) AS name, count(*) AS n,
                 count(e.latitude) AS located, sum(e.latitude) AS latitude,
                 sum(e.longitude) AS longitude,
                 min(e.headcount_year) AS min_year, max(e.headcount_year) AS max_year
          FROM establishments e
          WHERE e.status = 'open' AND e.in_territory
            -- the few merged organisations, through their own index, not a join with the register
            AND e.organisation_id NOT IN (SELECT id FROM organisations WHERE merged_into IS NOT NULL)
          GROUP BY e.commune_code, e.headcount_band
        )
        SELECT grouping(c.commune_code) = 1 AS total, c.commune_code AS code,
               max(c.name) AS name, coalesce(sum(c.n), 0)::int AS establishments,
               coalesce(sum(c.located), 0)::int AS located,
               (sum(c.latitude) / nullif(sum(c.located), 0))::float8 AS latitude,
               (sum(c.longitude) / nullif(sum(c.located), 0))::float8 AS longitude,
               coalesce(sum(b.min_staff * c.n), 0)::int8 AS low,
               coalesce(sum(coalesce(b.max_staff, b.min_staff) * c.n), 0)::int8 AS high,
               coalesce(sum(c.n) FILTER (WHERE b.code IS NOT NULL AND b.max_staff IS NULL), 0)::int AS open_top,
               coalesce(sum(c.n) FILTER (WHERE b.code IS NOT NULL), 0)::int AS known,
               min(c.min_year) FILTER (WHERE b.code IS NOT NULL) AS min_year,
               max(c.max_year) FILTER (WHERE b.code IS NOT NULL) AS max_year
        FROM cells c
        LEFT JOIN headcount_bands b ON b.code = c.headcount_band
        GROUP BY GROUPING SETS ((c.commune_code), ())
      `.execute(trx);
      // how many organisations each commune has: counted along the territory's index, which gives
      // each commune's organisations in order (no hash of a million pairs)
      const organisations = await sql<{ code: string; n: number }>`
        SELECT e.commune_code AS code, count(DISTINCT e.organisation_id)::int AS n
        FROM establishments e
        WHERE e.status = 'open' AND e.in_territory AND e.commune_code IS NOT NULL
          AND e.organisation_id NOT IN (SELECT id FROM organisations WHERE merged_into IS NOT NULL)
        GROUP BY e.commune_code
      `.execute(trx);
      const perCommune = new Map(organisations.rows.map((x) => [x.code, x.n]));
      const total = r.rows.find((x) => x.total);
      const byCommune = r.rows
        .filter((x) => !x.total && x.code !== null)
        .sort(
          (a, b) =>
            b.establishments - a.establishments || ((a.code ?? '') < (b.code ?? '') ? -1 : 1),
        )
        .map((x) => ({
          code: x.code as string,
          name: x.name,
          establishments: x.establishments,
          organisations: perCommune.get(x.code as string) ?? 0,
          located: x.located,
          latitude: x.latitude,
          longitude: x.longitude,
        }));
      return { total, byCommune };
    },

    /**
     * Jobs in the territory at each import date, as a range, from the register's observations of
     * the establishments open now, read as intervals: an observation holds from its date until the
     * establishment's next one, so an establishment a later (partial) file does not name keeps
     * its band. An open-ended band (10 000 or more) counts its lower bound in both sums and is
     * counted apart (`open_top`): with one, the high sum is no upper bound and is never shown as one.
     */
    async jobsHistory(dates: string[]) {
      const r = await sql<{
        on: string;
        low: string;
        high: string;
        open_top: number;
        known: number;
      }>`
        WITH o AS (
          SELECT h.siret, h.observed_on, h.exact, h.band,
                 lead(h.observed_on) OVER (PARTITION BY h.siret ORDER BY h.observed_on) AS next_on
          FROM headcount_observations h
          JOIN establishments e ON e.siret = h.siret AND e.status = 'open' AND e.in_territory
          WHERE h.siret IS NOT NULL AND h.source = 'register'
            AND h.observed_on <= (SELECT max(d) FROM unnest(${sql.val(dates)}::date[]) d)
            AND e.organisation_id NOT IN (SELECT id FROM organisations WHERE merged_into IS NOT NULL)
        )
        SELECT d.day::text AS on, coalesce(sum(coalesce(o.exact, b.min_staff)), 0)::int8 AS low,
               coalesce(sum(coalesce(o.exact, b.max_staff, b.min_staff)), 0)::int8 AS high,
               count(*) FILTER (WHERE o.exact IS NULL AND b.code IS NOT NULL AND b.max_staff IS NULL)::int AS open_top,
               count(*) FILTER (WHERE o.exact IS NOT NULL OR b.code IS NOT NULL)::int AS known
        FROM unnest(${sql.val(dates)}::date[]) AS d(day)
        JOIN o ON o.observed_on <= d.day AND (o.next_on IS NULL OR o.next_on > d.day)
        LEFT JOIN headcount_bands b ON b.code = o.band
        GROUP BY d.day ORDER BY d.day
      `.execute(trx);
      return r.rows;
    },
  };
}

/** Funding and high growth: each figure stores the organisations behind it, under the run. */
function growthIndicators(trx: Kysely<DB>, runId: number) {
  return {
    /** funding rounds per year; the organisations behind each year are stored */
    async funding() {
      await sql`
        INSERT INTO observatory_members (set_key, run_id, organisation_id, year, source, detail)
        SELECT 'funding:' || extract(year FROM f.announced_on)::int, ${runId}::int, f.organisation_id,
               extract(year FROM f.announced_on)::int, min(f.source),
               jsonb_build_object('rounds', count(*), 'amount_eur', sum(f.amount_eur))
        FROM funding_rounds f JOIN organisations o ON o.id = f.organisation_id AND o.merged_into IS NULL
        GROUP BY 1, 3, 4
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
        INSERT INTO observatory_members (set_key, run_id, organisation_id, band, exact, low, high, year, source, observed_on, detail)
        SELECT ${key}::text, ${runId}::int, p.organisation_id, p.band, p.exact, p.low, p.high, p.year, p.source, p.from_on,
               jsonb_build_object('first_year', p.first_year, 'first_band', p.first_band,
                                  'first_low', p.first_low, 'first_high', p.first_high)
        FROM growth_pairs p
        WHERE p.first_low >= 10 AND p.first_high IS NOT NULL AND p.low > p.first_high * ${factor}::numeric
      `.execute(trx);
      const r = await sql<{ candidates: number; proven: number }>`
        SELECT (SELECT count(*) FROM growth_pairs)::int AS candidates,
               (SELECT count(*) FROM observatory_members
                WHERE set_key = ${key} AND run_id = ${runId})::int AS proven
      `.execute(trx);
      return r.rows[0] ?? { candidates: 0, proven: 0 };
    },
  };
}

export function indicatorsRepository(trx: Kysely<DB>, runId: number) {
  return {
    async saveIndicator(key: string, runId: number, data: unknown): Promise<void> {
      await trx
        .insertInto('observatory_indicators')
        .values({ key, run_id: runId, data: JSON.stringify(data) })
        .execute();
    },
    ...organisationIndicators(trx),
    ...territoryIndicators(trx),
    ...growthIndicators(trx, runId),
  };
}
