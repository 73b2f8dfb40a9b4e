import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  type BulkTable,
  type DroppedIndex,
  dropSecondaryIndexes,
  isBulkWrite,
  rebuildIndexes,
} from './bulk-indexes.repository.ts';

export type MergeCounts = {
  organisationsCreated: number;
  organisationsUpdated: number;
  establishmentsCreated: number;
  establishmentsUpdated: number;
  observationsAdded: number;
  /** observations already recorded for the import's date that the file contradicted: replaced */
  observationsReplaced: number;
  organisationsKept: number;
  establishmentsKept: number;
};

type MergeInput = {
  importId: number;
  asOf: string;
  allSectors: boolean;
  demo: boolean;
  /** the smallest write that rebuilds a table's indexes (default BULK_MIN_ROWS) */
  bulkMinRows?: number;
};

/**
 * Merges an import's staging rows into the register, set-based, inside the caller's transaction:
 * either all of it lands or none. Rows whose values did not change are not touched, so merging
 * the same files twice changes nothing. Nothing is ever deleted.
 *
 * Rules, in order:
 * - kept: an organisation with an establishment of the territory whose NAF rév. 2 activity is in
 *   the sector selection (any activity with allSectors), and every organisation already known;
 * - kind (new organisations; later only while the register is its source): 92xx association;
 *   7xxx with activity 85.4 or 72 higher education and research; other 7xxx local authority;
 *   company category GE or ETI large group; a company (5xxx) under 8 years old at the import
 *   date and under 50 employees or of unknown size start-up; 5xxx and 6xxx SME; else other;
 * - status: closed when the legal unit ceased (C), or, without a legal unit, when none of its
 *   establishments is open; never reopened from the register once staff or the organisation set it;
 * - closed_on: the register's date of the closure (`dateDebut` of the unit's ceased period, of the
 *   establishment's closed one), null while open and again when the register reopens it;
 * - sole traders keep no street and no position; restricted units keep nothing masked;
 * - merged duplicates: a SIREN whose organisation was merged into another (merged_into, followed
 *   to the end of the chain) is written to that survivor: its establishments (moved there when seen
 *   again) and their observations, and its legal unit's data and headcount only when the survivor
 *   has no SIREN of its own (entered by hand). The duplicate itself is never written to, nor made
 *   anew;
 * - headcount: every band observed is a row (legal unit, and each establishment), dated as_of; a
 *   later import dated the same day replaces the register's figures it contradicts (counted). The
 *   organisation's current headcount is its latest legal-unit observation by date, ties going to
 *   staff, then the organisation itself, then the register: a figure declared on the import's date
 *   or later stays (an exact figure is shown as itself, within the band that holds it).
 *
 * The steps below are groups of statements, run in this order in the one transaction; the
 * temporary tables they share (import_sirens, import_changed, import_targets, import_units) are
 * dropped at its commit.
 */
export async function mergeImport(trx: Kysely<DB>, input: MergeInput): Promise<MergeCounts> {
  await prepareStage(trx, input);
  const dropped = await dropIndexesForBulkWrites(trx, input);
  await insertNewOrganisations(trx, input);
  await resolveTargets(trx, input);
  await updateKnownOrganisations(trx);
  const establishments = await writeEstablishments(trx, input);
  const observations = await addObservations(trx, input);
  await refreshSearchColumns(trx);
  const totals = await countMerge(trx, input);
  await rebuildIndexes(trx, dropped);
  return {
    organisationsCreated: totals?.created ?? 0,
    organisationsUpdated: totals?.updated ?? 0,
    establishmentsCreated: establishments.created,
    establishmentsUpdated: establishments.updated,
    observationsAdded: observations.added,
    observationsReplaced: observations.replaced,
    organisationsKept: totals?.orgs ?? 0,
    establishmentsKept: totals?.ests ?? 0,
  };
}

/**
 * The staging rows made ready: fresh statistics, the earliest line of a repeated SIRET or SIREN,
 * and the SIRENs the import keeps (import_sirens).
 */
async function prepareStage(trx: Kysely<DB>, input: MergeInput): Promise<void> {
  const { importId: id, allSectors } = input;
  // set-based statements over many rows: compiling them to machine code costs more than it saves
  await sql`SET LOCAL jit = off`.execute(trx);
  // fresh statistics, so that the planner sees how many rows were staged
  await sql`ANALYZE sirene_stage_establishments`.execute(trx);
  await sql`ANALYZE sirene_stage_units`.execute(trx);
  // a SIRET or SIREN repeated within a file: its earliest line is the one merged
  await sql`
    DELETE FROM sirene_stage_establishments s
    USING (SELECT siret, min(line) AS first FROM sirene_stage_establishments
           WHERE import_id = ${id} GROUP BY siret HAVING count(*) > 1) d
    WHERE s.import_id = ${id} AND s.siret = d.siret AND s.line > d.first
  `.execute(trx);
  await sql`
    DELETE FROM sirene_stage_units s
    USING (SELECT siren, min(line) AS first FROM sirene_stage_units
           WHERE import_id = ${id} GROUP BY siren HAVING count(*) > 1) d
    WHERE s.import_id = ${id} AND s.siren = d.siren AND s.line > d.first
  `.execute(trx);
  await sql`CREATE TEMP TABLE import_sirens (siren text PRIMARY KEY) ON COMMIT DROP`.execute(trx);
  await sql`
    INSERT INTO import_sirens (siren)
    SELECT DISTINCT s.siren FROM sirene_stage_establishments s
    WHERE s.import_id = ${id}
      AND (${allSectors}::boolean
           OR (s.naf_nomenclature = 'NAFRev2' AND s.naf_code IN (SELECT code FROM sector_codes)))
    UNION
    SELECT o.siren FROM organisations o
    WHERE o.siren IS NOT NULL
      AND (EXISTS (SELECT 1 FROM sirene_stage_establishments s WHERE s.import_id = ${id} AND s.siren = o.siren)
        OR EXISTS (SELECT 1 FROM sirene_stage_units u WHERE u.import_id = ${id} AND u.siren = o.siren))
  `.execute(trx);
}

/** The secondary indexes of the tables a bulk write fills, dropped; their definitions returned. */
async function dropIndexesForBulkWrites(
  trx: Kysely<DB>,
  input: MergeInput,
): Promise<DroppedIndex[]> {
  const { importId: id } = input;
  // a large write (a first import, a register that doubles) builds the secondary indexes of the
  // tables it fills again afterwards, instead of updating them row by row
  const incoming = await sql<{ fresh: number; establishments: number; observations: number }>`
    SELECT
      (SELECT count(*) FROM import_sirens q
       WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.siren = q.siren))::int AS fresh,
      (SELECT count(*) FROM sirene_stage_establishments WHERE import_id = ${id})::int AS establishments,
      ((SELECT count(*) FROM sirene_stage_establishments WHERE import_id = ${id} AND headcount_band IS NOT NULL)
       + (SELECT count(*) FROM sirene_stage_units WHERE import_id = ${id} AND headcount_band IS NOT NULL))::int
        AS observations
  `.execute(trx);
  const writes: [BulkTable, number][] = [
    ['organisations', incoming.rows[0]?.fresh ?? 0],
    ['establishments', incoming.rows[0]?.establishments ?? 0],
    ['headcount_observations', incoming.rows[0]?.observations ?? 0],
  ];
  const dropped: DroppedIndex[] = [];
  for (const [table, rows] of writes) {
    if (await isBulkWrite(trx, table, rows, input.bulkMinRows))
      dropped.push(...(await dropSecondaryIndexes(trx, table)));
  }
  return dropped;
}

/** The organisations the register did not hold, inserted complete (import_changed lists them). */
async function insertNewOrganisations(trx: Kysely<DB>, input: MergeInput): Promise<void> {
  const { importId: id, asOf, demo } = input;
  // which organisations the merge created or changed, counted in SQL (a list of a million ids
  // would only cost the process memory)
  await sql`
    CREATE TEMP TABLE import_changed (id uuid NOT NULL, created boolean NOT NULL) ON COMMIT DROP
  `.execute(trx);

  // A new organisation is written once, complete: what the search reads (communes, head office,
  // latest headcount, fields) is computed from its staged rows here, so that the refresh below
  // finds nothing to change for it (a second write would rewrite every index entry of the row).
  await sql`
    WITH fresh AS MATERIALIZED (
      SELECT q.siren FROM import_sirens q
      WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.siren = q.siren)
    ), staged AS MATERIALIZED (
      SELECT s.* FROM sirene_stage_establishments s JOIN fresh f ON f.siren = s.siren
      WHERE s.import_id = ${id}
    ), head AS (
      SELECT DISTINCT ON (s.siren) s.siren, s.name, s.naf_code, s.created_on, s.restricted
      FROM staged s
      ORDER BY s.siren, s.is_head_office DESC, (s.status = 'open') DESC, s.siret
    ), places AS (
      SELECT s.siren,
        coalesce(array_agg(DISTINCT s.commune_code ORDER BY s.commune_code)
          FILTER (WHERE s.status = 'open' AND s.commune_code IS NOT NULL), '{}') AS communes,
        coalesce(bool_or(s.is_head_office AND s.status = 'open'), false) AS head_office_in_territory,
        coalesce(bool_or(s.status = 'open'), false) AS any_open
      FROM staged s GROUP BY s.siren
    ), activity_fields AS (
      SELECT s.siren, array_agg(DISTINCT f ORDER BY f) AS fields
      FROM staged s JOIN sector_codes c ON c.code = s.naf_code, unnest(c.field_slugs) f
      GROUP BY s.siren
    ), src AS (
      SELECT f.siren, u.name AS unit_name, u.acronym, u.legal_category, u.naf_code AS unit_naf,
             u.company_category, coalesce(u.created_on, h.created_on) AS created_on,
             coalesce(u.ceased, false) AS ceased, u.closed_on, coalesce(u.restricted, h.restricted, false) AS restricted,
             coalesce(u.sole_trader, false) AS sole_trader, u.headcount_band, u.headcount_year,
             u.siren IS NOT NULL AS has_unit, h.name AS est_name, h.naf_code AS est_naf,
             coalesce(p.any_open, false) AS any_open, coalesce(p.communes, '{}') AS communes,
             coalesce(p.head_office_in_territory, false) AS head_office_in_territory,
             coalesce(a.fields, '{}') AS fields
      FROM fresh f
      LEFT JOIN sirene_stage_units u ON u.import_id = ${id} AND u.siren = f.siren
      LEFT JOIN head h ON h.siren = f.siren
      LEFT JOIN places p ON p.siren = f.siren
      LEFT JOIN activity_fields a ON a.siren = f.siren
    ), named AS (
      SELECT src.*, coalesce(unit_name, est_name) AS display_name FROM src
    ), inserted AS (
    INSERT INTO organisations (slug, name, acronym, kind, status, siren, legal_category, naf_code,
      company_category, created_on, ceased, closed_on, restricted, sole_trader, provenance, is_demo,
      communes, head_office_in_territory, field_slugs, headcount_band, headcount_year,
      headcount_source, headcount_min, headcount_max)
    SELECT
      coalesce(nullif(left(trim(both '-' from regexp_replace(lower(unaccent(coalesce(display_name, ''))),
        '[^a-z0-9]+', '-', 'g')), 50), ''), 'unite') || '-' || siren,
      coalesce(display_name, 'SIREN ' || siren),
      acronym,
      CASE
        WHEN legal_category LIKE '92%' THEN 'association'
        WHEN legal_category LIKE '7%' AND (coalesce(unit_naf, est_naf) LIKE '85.4%' OR coalesce(unit_naf, est_naf) LIKE '72.%')
          THEN 'higher_education_research'
        WHEN legal_category LIKE '7%' THEN 'local_authority'
        WHEN company_category IN ('GE', 'ETI') THEN 'large_group'
        WHEN legal_category LIKE '5%' AND created_on > (${asOf}::date - interval '8 years')
          AND (headcount_band IS NULL OR headcount_band IN ('00', '01', '02', '03', '11', '12')) THEN 'startup'
        WHEN legal_category LIKE '5%' OR legal_category LIKE '6%' THEN 'sme'
        ELSE 'other'
      END,
      CASE WHEN ceased OR (NOT has_unit AND NOT any_open) THEN 'closed' ELSE 'active' END,
      siren, legal_category, coalesce(unit_naf, est_naf), company_category, created_on, ceased,
      closed_on, restricted, sole_trader,
      jsonb_build_object(
        'name', jsonb_build_object('source', 'register', 'at', ${asOf}::text),
        'kind', jsonb_build_object('source', 'register', 'at', ${asOf}::text),
        'status', jsonb_build_object('source', 'register', 'at', ${asOf}::text),
        'field_slugs', jsonb_build_object('source', 'register', 'at', ${asOf}::text)),
      ${demo}::boolean,
      communes, head_office_in_territory, fields,
      -- the unit's band is the only headcount observation a new organisation has
      b.code, CASE WHEN b.code IS NULL THEN NULL ELSE headcount_year END,
      CASE WHEN b.code IS NULL THEN NULL ELSE 'register' END, b.min_staff, b.max_staff
    FROM named
    LEFT JOIN headcount_bands b ON b.code = named.headcount_band
    RETURNING id
    )
    INSERT INTO import_changed (id, created) SELECT id, true FROM inserted
  `.execute(trx);
}

/**
 * Where each SIREN is written (import_targets), and the one legal unit of each organisation
 * written to (import_units).
 */
async function resolveTargets(trx: Kysely<DB>, input: MergeInput): Promise<void> {
  const { importId: id } = input;
  // where each SIREN of the import is written: its organisation, or the one it was merged into
  await sql`
    CREATE TEMP TABLE import_targets (
      siren text PRIMARY KEY, organisation_id uuid NOT NULL, own boolean NOT NULL
    ) ON COMMIT DROP`.execute(trx);
  await sql`
    WITH RECURSIVE chain AS (
      SELECT q.siren, o.id AS start_id, o.id, o.merged_into, 0 AS depth
      FROM import_sirens q JOIN organisations o ON o.siren = q.siren
      UNION ALL
      SELECT c.siren, c.start_id, p.id, p.merged_into, c.depth + 1
      FROM chain c JOIN organisations p ON p.id = c.merged_into
      WHERE c.depth < 64
    )
    INSERT INTO import_targets (siren, organisation_id, own)
    SELECT siren, id, id = start_id FROM chain WHERE merged_into IS NULL
  `.execute(trx);
  await sql`ANALYZE import_targets`.execute(trx);
  // one legal unit per organisation written to: its own; a merged duplicate's only for one without
  // a SIREN of its own (entered by hand), since another legal unit's name, dates, status and
  // headcount are not the survivor's, whether or not the survivor's own unit is in this import
  await sql`
    CREATE TEMP TABLE import_units ON COMMIT DROP AS
    SELECT DISTINCT ON (t.organisation_id) t.organisation_id, u.*
    FROM import_targets t
    JOIN organisations o ON o.id = t.organisation_id
    JOIN sirene_stage_units u ON u.import_id = ${id} AND u.siren = t.siren
    WHERE t.own OR o.siren IS NULL
    ORDER BY t.organisation_id, t.own DESC, t.siren
  `.execute(trx);
}

/** The known organisations' legal-unit data, updated where it changed. */
async function updateKnownOrganisations(trx: Kysely<DB>): Promise<void> {
  await sql`
    WITH fresh AS (
      SELECT o.id,
        CASE WHEN o.provenance->'name'->>'source' = 'register' THEN coalesce(u.name, o.name) ELSE o.name END AS name,
        coalesce(u.acronym, o.acronym) AS acronym, u.legal_category, u.naf_code, u.company_category,
        coalesce(u.created_on, o.created_on) AS created_on, u.ceased, u.closed_on, u.restricted,
        u.sole_trader,
        CASE
          WHEN o.provenance->'status'->>'source' <> 'register' THEN o.status
          WHEN u.ceased THEN 'closed'
          WHEN o.status = 'closed' THEN 'active'
          ELSE o.status
        END AS status
      FROM organisations o
      JOIN import_units u ON u.organisation_id = o.id
    ), updated AS (
    UPDATE organisations o SET
      name = f.name, acronym = f.acronym, legal_category = f.legal_category, naf_code = f.naf_code,
      company_category = f.company_category, created_on = f.created_on, ceased = f.ceased,
      closed_on = f.closed_on, restricted = f.restricted, sole_trader = f.sole_trader, status = f.status, updated_at = now()
    FROM fresh f
    WHERE o.id = f.id
      AND (o.name, o.acronym, o.legal_category, o.naf_code, o.company_category, o.created_on, o.ceased,
           o.closed_on, o.restricted, o.sole_trader, o.status)
          IS DISTINCT FROM
          (f.name, f.acronym, f.legal_category, f.naf_code, f.company_category, f.created_on, f.ceased,
           f.closed_on, f.restricted, f.sole_trader, f.status)
    RETURNING o.id
    )
    INSERT INTO import_changed (id, created) SELECT id, false FROM updated
  `.execute(trx);
}

/** The establishments, inserted, or updated where they changed: how many of each. */
async function writeEstablishments(
  trx: Kysely<DB>,
  input: MergeInput,
): Promise<{ created: number; updated: number }> {
  const { importId: id } = input;
  const written = await sql<{ created: number; updated: number }>`
    WITH written AS (
    INSERT INTO establishments (siret, organisation_id, name, is_head_office, status, street, postcode,
      commune_code, commune_name, latitude, longitude, naf_code, headcount_band, headcount_year,
      created_on, closed_on, restricted, in_territory)
    SELECT s.siret, o.id, s.name, s.is_head_office, s.status,
      CASE WHEN o.sole_trader OR d.sole_trader OR s.restricted THEN NULL ELSE s.street END,
      s.postcode, s.commune_code, s.commune_name,
      CASE WHEN o.sole_trader OR d.sole_trader OR s.restricted THEN NULL ELSE s.latitude END,
      CASE WHEN o.sole_trader OR d.sole_trader OR s.restricted THEN NULL ELSE s.longitude END,
      s.naf_code, s.headcount_band, s.headcount_year, s.created_on, s.closed_on, s.restricted, true
    FROM sirene_stage_establishments s
    JOIN import_targets t ON t.siren = s.siren
    JOIN organisations o ON o.id = t.organisation_id
    -- the unit the establishment belongs to, a merged duplicate's included (a sole trader's privacy)
    JOIN organisations d ON d.siren = s.siren
    WHERE s.import_id = ${id}
    ON CONFLICT (siret) DO UPDATE SET
      organisation_id = EXCLUDED.organisation_id, name = EXCLUDED.name, is_head_office = EXCLUDED.is_head_office, status = EXCLUDED.status,
      street = EXCLUDED.street, postcode = EXCLUDED.postcode, commune_code = EXCLUDED.commune_code,
      commune_name = EXCLUDED.commune_name, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
      naf_code = EXCLUDED.naf_code, headcount_band = EXCLUDED.headcount_band,
      headcount_year = EXCLUDED.headcount_year, created_on = EXCLUDED.created_on,
      closed_on = EXCLUDED.closed_on, restricted = EXCLUDED.restricted, updated_at = now()
    WHERE (establishments.organisation_id, establishments.name, establishments.is_head_office, establishments.status, establishments.street,
           establishments.postcode, establishments.commune_code, establishments.commune_name,
           establishments.latitude, establishments.longitude, establishments.naf_code,
           establishments.headcount_band, establishments.headcount_year, establishments.created_on,
           establishments.closed_on, establishments.restricted)
          IS DISTINCT FROM
          (EXCLUDED.organisation_id, EXCLUDED.name, EXCLUDED.is_head_office, EXCLUDED.status, EXCLUDED.street, EXCLUDED.postcode,
           EXCLUDED.commune_code, EXCLUDED.commune_name, EXCLUDED.latitude, EXCLUDED.longitude,
           EXCLUDED.naf_code, EXCLUDED.headcount_band, EXCLUDED.headcount_year, EXCLUDED.created_on,
           EXCLUDED.closed_on, EXCLUDED.restricted)
    RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted)::int AS created,
           count(*) FILTER (WHERE NOT inserted)::int AS updated
    FROM written
  `.execute(trx);
  const counts = written.rows[0];
  return { created: counts?.created ?? 0, updated: counts?.updated ?? 0 };
}

/**
 * Every headcount band observed, the legal units' then the establishments'. An observation the
 * register already holds for the same date (an earlier import dated the same day) that this file
 * contradicts is replaced: a later file for the same date wins (INSEE republishes a stock it
 * corrected under the same date), and the import counts how many it replaced.
 */
async function addObservations(
  trx: Kysely<DB>,
  input: MergeInput,
): Promise<{ added: number; replaced: number }> {
  const { importId: id, asOf } = input;
  const upsert = sql`
    ON CONFLICT (organisation_id, coalesce(siret, ''), source, observed_on)
    DO UPDATE SET band = excluded.band, year = excluded.year, import_id = excluded.import_id
    WHERE (headcount_observations.band, headcount_observations.year)
      IS DISTINCT FROM (excluded.band, excluded.year)
    RETURNING (xmax = 0) AS inserted
  `;
  const counted = sql`count(*) FILTER (WHERE inserted)::int AS added,
    count(*) FILTER (WHERE NOT inserted)::int AS replaced`;
  const units = await sql<{ added: number; replaced: number }>`
    WITH written AS (
      INSERT INTO headcount_observations (organisation_id, siret, band, year, source, observed_on, import_id)
      SELECT u.organisation_id, NULL, u.headcount_band, u.headcount_year, 'register', ${asOf}::date, ${id}
      FROM import_units u
      WHERE u.headcount_band IS NOT NULL
      ${upsert}
    )
    SELECT ${counted} FROM written
  `.execute(trx);
  // a SIRET repeated in the file is observed once, from its earliest line (as the merge keeps it)
  const establishments = await sql<{ added: number; replaced: number }>`
    WITH written AS (
      INSERT INTO headcount_observations (organisation_id, siret, band, year, source, observed_on, import_id)
      SELECT DISTINCT ON (t.organisation_id, s.siret)
        t.organisation_id, s.siret, s.headcount_band, s.headcount_year, 'register', ${asOf}::date, ${id}
      FROM sirene_stage_establishments s
      JOIN import_targets t ON t.siren = s.siren
      WHERE s.import_id = ${id} AND s.headcount_band IS NOT NULL
      ORDER BY t.organisation_id, s.siret, s.line
      ${upsert}
    )
    SELECT ${counted} FROM written
  `.execute(trx);
  const [u, e] = [units.rows[0], establishments.rows[0]];
  return {
    added: (u?.added ?? 0) + (e?.added ?? 0),
    replaced: (u?.replaced ?? 0) + (e?.replaced ?? 0),
  };
}

/** The columns the search reads, refreshed for the organisations the merge did not create. */
async function refreshSearchColumns(trx: Kysely<DB>): Promise<void> {
  // what the search reads: communes, head office, latest headcount, fields from the activities,
  // aggregated per organisation in one pass over each table (not one lookup per organisation)
  await sql`
    WITH touched AS MATERIALIZED (
      -- an organisation created above was written complete from the same rows
      SELECT DISTINCT t.organisation_id AS id FROM import_targets t
      WHERE NOT EXISTS (SELECT 1 FROM import_changed c WHERE c.created AND c.id = t.organisation_id)
    ), places AS (
      SELECT e.organisation_id AS id,
        coalesce(array_agg(DISTINCT e.commune_code ORDER BY e.commune_code)
          FILTER (WHERE e.status = 'open' AND e.commune_code IS NOT NULL), '{}') AS communes,
        coalesce(bool_or(e.is_head_office AND e.status = 'open'), false) AS head_office_in_territory
      FROM establishments e JOIN touched t ON t.id = e.organisation_id
      GROUP BY e.organisation_id
    ), activity_fields AS (
      SELECT e.organisation_id AS id, array_agg(DISTINCT f ORDER BY f) AS fields
      FROM establishments e JOIN touched t ON t.id = e.organisation_id
        JOIN sector_codes c ON c.code = e.naf_code, unnest(c.field_slugs) f
      GROUP BY e.organisation_id
    ), latest AS (
      SELECT DISTINCT ON (h.organisation_id) h.organisation_id AS id, h.band, h.exact, h.year, h.source
      FROM headcount_observations h JOIN touched t ON t.id = h.organisation_id
      WHERE h.siret IS NULL
      ORDER BY h.organisation_id, h.observed_on DESC,
        CASE h.source WHEN 'staff' THEN 0 WHEN 'self' THEN 1 ELSE 2 END
    ), fresh AS MATERIALIZED (
      SELECT t.id, coalesce(p.communes, '{}') AS communes,
        coalesce(p.head_office_in_territory, false) AS head_office_in_territory,
        b.code AS band, l.year, l.source,
        coalesce(l.exact, b.min_staff) AS min_staff,
        CASE WHEN l.exact IS NOT NULL THEN l.exact ELSE b.max_staff END AS max_staff,
        coalesce(a.fields, '{}') AS register_fields
      FROM touched t
      LEFT JOIN places p ON p.id = t.id
      LEFT JOIN activity_fields a ON a.id = t.id
      LEFT JOIN latest l ON l.id = t.id
      -- the band given, or the one that holds an exact figure
      LEFT JOIN headcount_bands b ON b.code = l.band
        OR (l.band IS NULL AND l.exact >= b.min_staff AND (b.max_staff IS NULL OR l.exact <= b.max_staff))
    ), refreshed AS (
    UPDATE organisations o SET
      communes = f.communes,
      head_office_in_territory = f.head_office_in_territory,
      headcount_band = f.band, headcount_year = f.year, headcount_source = f.source,
      headcount_min = f.min_staff, headcount_max = f.max_staff,
      field_slugs = CASE WHEN o.provenance->'field_slugs'->>'source' = 'register'
                         THEN f.register_fields ELSE o.field_slugs END,
      updated_at = now()
    FROM fresh f
    WHERE o.id = f.id
      AND (o.communes, o.head_office_in_territory, o.headcount_band, o.headcount_year, o.headcount_source,
           o.headcount_min, o.headcount_max, o.field_slugs)
          IS DISTINCT FROM
          (f.communes, f.head_office_in_territory, f.band, f.year, f.source, f.min_staff, f.max_staff,
           CASE WHEN o.provenance->'field_slugs'->>'source' = 'register' THEN f.register_fields ELSE o.field_slugs END)
    RETURNING o.id
    )
    INSERT INTO import_changed (id, created) SELECT id, false FROM refreshed
  `.execute(trx);
}

/** What the merge kept, created and updated, counted in SQL. */
async function countMerge(trx: Kysely<DB>, input: MergeInput) {
  const { importId: id } = input;
  const counted = await sql<{ orgs: number; ests: number; created: number; updated: number }>`
    SELECT (SELECT count(*) FROM import_sirens)::int AS orgs,
           (SELECT count(*) FROM sirene_stage_establishments s JOIN import_sirens q ON q.siren = s.siren
            WHERE s.import_id = ${id})::int AS ests,
           (SELECT count(*) FROM import_changed WHERE created)::int AS created,
           (SELECT count(DISTINCT c.id) FROM import_changed c
            WHERE NOT c.created
              AND NOT EXISTS (SELECT 1 FROM import_changed n WHERE n.created AND n.id = c.id))::int AS updated
  `.execute(trx);
  return counted.rows[0];
}
