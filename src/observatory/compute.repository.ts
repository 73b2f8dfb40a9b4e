import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { indicatorsRepository, PRIORITY } from './indicators.repository.ts';

export { HIGH_GROWTH, type KeyCount } from './indicators.repository.ts';

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

/** the organisations a rule looks at, before any headcount: `o` is organisations */
function eligible(rule: ObjectiveRule): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`o.merged_into IS NULL`];
  if (rule.active_only) parts.push(sql`o.status IN ('active', 'closed')`);
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

/**
 * The first date at which an organisation no longer counts for a rule ("active organisations
 * only"): never for an active one; its closure date for one closed on a known date (it was still
 * active before: counted at the import dates before it); always for one closed without a date or
 * gone from the territory (today's status, the only one known). `o` is organisations.
 */
function activeUntil(rule: ObjectiveRule): RawBuilder<string> {
  if (!rule.active_only) return sql<string>`'infinity'::date`;
  return sql<string>`(CASE WHEN o.status = 'active' THEN 'infinity'::date
    WHEN o.status = 'closed' AND o.closed_on IS NOT NULL THEN o.closed_on
    ELSE '-infinity'::date END)`;
}

function inRange(column: RawBuilder<unknown>, rule: ObjectiveRule): RawBuilder<boolean> {
  return rule.max_employees === null
    ? sql<boolean>`${column} >= ${rule.min_employees}`
    : sql<boolean>`${column} BETWEEN ${rule.min_employees} AND ${rule.max_employees}`;
}

/**
 * The establishments' observations as intervals of validity (only for a rule that measures
 * the territory's establishments).
 */
async function prepareEstablishments(trx: Kysely<DB>): Promise<void> {
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
}

/**
 * A rule on the legal unit's headcount: stores the organisations it counts now and returns its
 * value at every date ('infinity' is now).
 */
async function legalUnitObjective(
  trx: Kysely<DB>,
  runId: number,
  rule: ObjectiveRule,
): Promise<Map<string, number>> {
  const key = `objective:${rule.id}`;
  // only organisations with at least one observation in range can count at any date: they
  // are found through the partial band and exact-figure indexes (the bands as a list of
  // values, so that the index is used), kept in a small analysed table, and only their
  // observations are read, through the (organisation, date) index
  const bands = await sql<{ code: string }>`
    SELECT code FROM headcount_bands b WHERE ${inRange(sql`b.min_staff`, rule)}
  `.execute(trx);
  await sql`DROP TABLE IF EXISTS obs_cand`.execute(trx);
  await sql`
    CREATE TEMP TABLE obs_cand ON COMMIT DROP AS
    SELECT h.organisation_id FROM headcount_observations h
    WHERE h.siret IS NULL AND h.band = ANY(${sql.val(bands.rows.map((r) => r.code))}::text[])
    UNION
    SELECT h.organisation_id FROM headcount_observations h
    WHERE h.siret IS NULL AND h.exact IS NOT NULL AND ${inRange(sql`h.exact`, rule)}
  `.execute(trx);
  await sql`ANALYZE obs_cand`.execute(trx);
  await sql`DROP TABLE IF EXISTS obs_hits`.execute(trx);
  await sql`
    CREATE TEMP TABLE obs_hits ON COMMIT DROP AS
    WITH d AS (
      SELECT DISTINCT ON (h.organisation_id, h.observed_on)
        h.organisation_id, h.observed_on, h.band, h.exact, h.year, h.source,
        coalesce(h.exact, b.min_staff) AS low,
        CASE WHEN h.exact IS NOT NULL THEN h.exact ELSE b.max_staff END AS high
      FROM obs_cand c
      JOIN headcount_observations h ON h.organisation_id = c.organisation_id AND h.siret IS NULL
      LEFT JOIN headcount_bands b ON b.code = h.band
      ORDER BY h.organisation_id, h.observed_on, ${PRIORITY}
    ), u AS (
      SELECT d.organisation_id, d.observed_on AS from_on,
        lead(d.observed_on) OVER (PARTITION BY d.organisation_id ORDER BY d.observed_on) AS to_on,
        d.band, d.exact, d.year, d.source, d.low, d.high
      FROM d
    )
    SELECT u.*, ${activeUntil(rule)} AS active_until
    FROM u JOIN organisations o ON o.id = u.organisation_id
    WHERE ${inRange(sql`u.low`, rule)} AND ${eligible(rule)}
  `.execute(trx);
  await sql`
    INSERT INTO observatory_members (set_key, run_id, organisation_id, band, exact, low, high, year, source, observed_on)
    SELECT ${key}::text, ${runId}::int, u.organisation_id, u.band, u.exact, u.low, u.high, u.year, u.source, u.from_on
    FROM obs_hits u WHERE u.to_on IS NULL AND u.active_until = 'infinity'
  `.execute(trx);
  const r = await sql<{ on: string; n: number }>`
    SELECT d.on_date::text AS on, count(*)::int AS n
    FROM obs_dates d
    JOIN obs_hits u ON u.from_on <= d.on_date AND (u.to_on IS NULL OR u.to_on > d.on_date)
      AND (u.active_until = 'infinity' OR d.on_date < u.active_until)
    GROUP BY d.on_date
  `.execute(trx);
  return new Map(r.rows.map((x) => [x.on, x.n]));
}

/**
 * A rule on the territory's establishments: stores the organisations it counts now and returns
 * its value at every date ('infinity' is now).
 */
async function establishmentsObjective(
  trx: Kysely<DB>,
  runId: number,
  rule: ObjectiveRule,
): Promise<Map<string, number>> {
  const key = `objective:${rule.id}`;
  // the territory's establishments: the sum of their bands' lower bounds (what is proven)
  await prepareEstablishments(trx);
  const per = sql`
    SELECT d.on_date, x.organisation_id, sum(x.low)::int AS low, sum(x.high)::int AS high,
           bool_or(x.high IS NULL) AS open_top, max(x.year) AS year, max(x.from_on) AS observed_on,
           count(*)::int AS establishments
    FROM obs_dates d
    JOIN obs_est x ON x.from_on <= d.on_date AND (x.to_on IS NULL OR x.to_on > d.on_date)
    WHERE x.low IS NOT NULL
    GROUP BY d.on_date, x.organisation_id`;
  await sql`
    INSERT INTO observatory_members (set_key, run_id, organisation_id, low, high, year, source, observed_on, detail)
    SELECT ${key}::text, ${runId}::int, p.organisation_id, p.low, CASE WHEN p.open_top THEN NULL ELSE p.high END, p.year,
           'register', p.observed_on, jsonb_build_object('establishments', p.establishments)
    FROM (${per}) p JOIN organisations o ON o.id = p.organisation_id
    WHERE p.on_date = 'infinity' AND ${inRange(sql`p.low`, rule)} AND ${eligible(rule)}
      AND ${activeUntil(rule)} = 'infinity'
  `.execute(trx);
  const r = await sql<{ on: string; n: number }>`
    SELECT p.on_date::text AS on, count(*)::int AS n
    FROM (${per}) p JOIN organisations o ON o.id = p.organisation_id
    WHERE ${inRange(sql`p.low`, rule)} AND ${eligible(rule)} AND (p.on_date < ${activeUntil(rule)} OR ${activeUntil(rule)} = 'infinity')
    GROUP BY p.on_date
  `.execute(trx);
  return new Map(r.rows.map((x) => [x.on, x.n]));
}

/** `runId`: the run being computed, which the organisations behind its figures belong to */
export function computeRepository(trx: Kysely<DB>, runId: number) {
  return {
    /** one recomputation at a time across processes; the second waits, then reads fresh data */
    async lock(): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtext('totem.observatory'))`.execute(trx);
      // the observation sorts fit in memory instead of spilling to disk (this transaction only)
      await sql`SET LOCAL work_mem = '256MB'`.execute(trx);
      // a dozen short queries: compiling them (JIT) costs more than it saves
      await sql`SET LOCAL jit = off`.execute(trx);
    },

    /**
     * Gives the planner statistics on the tables the run reads when they have none or have grown
     * to more than twice the size they had when last analysed. An import analyses them, and the
     * server's autovacuum does too, but PGlite has no autovacuum: on a register written by hand
     * the planner took them for a row or two and joined organisations to intervals by nested loops
     * (minutes at 40 000 organisations).
     */
    async analyseStale(): Promise<void> {
      const stale = await sql<{ name: string }>`
        SELECT c.relname AS name FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace
          AND c.relname IN ('organisations', 'establishments', 'headcount_observations', 'funding_rounds')
          AND (c.reltuples < 0
               OR pg_relation_size(c.oid) / current_setting('block_size')::int > 2 * c.relpages + 8)
      `.execute(trx);
      for (const { name } of stale.rows) await sql`ANALYZE ${sql.table(name)}`.execute(trx);
    },

    /** the dates of the register data: one per finished import, oldest first */
    async importDates(): Promise<string[]> {
      const r = await sql<{ on: string }>`
        SELECT DISTINCT as_of AS on FROM imports WHERE status = 'done' AND as_of IS NOT NULL ORDER BY 1
      `.execute(trx);
      return r.rows.map((x) => x.on);
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
    prepareEstablishments: () => prepareEstablishments(trx),

    /**
     * Clears what the previous run stored, but for its organisations behind the figures: a
     * download that began on them reads them to the end. Those of the runs before it go, and
     * those runs say so.
     */
    async clearResults(): Promise<void> {
      await sql`
        WITH previous AS (SELECT run_id FROM observatory_indicators WHERE key = 'all'),
        gone AS (
          DELETE FROM observatory_members
          WHERE run_id IS DISTINCT FROM (SELECT run_id FROM previous)
          RETURNING run_id
        )
        UPDATE observatory_runs SET members_dropped = true
        WHERE id IN (SELECT DISTINCT run_id FROM gone)
      `.execute(trx);
      await sql`DELETE FROM objective_results`.execute(trx);
      await sql`DELETE FROM observatory_indicators`.execute(trx);
    },

    /**
     * Stores the organisations a rule counts now, each with the number that put it there, and
     * returns the rule's value at every date ('infinity' is now).
     */
    objective(rule: ObjectiveRule): Promise<Map<string, number>> {
      return rule.measure === 'legal_unit'
        ? legalUnitObjective(trx, runId, rule)
        : establishmentsObjective(trx, runId, rule);
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
    ...indicatorsRepository(trx, runId),
  };
}
