import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import type { Database } from '../db/engine.ts';
import { writeSireneSample } from '../sirene/sample/sample.ts';
import { importsRepository } from './imports.repository.ts';
import {
  checkSireneFiles,
  describeFiles,
  type ImportRequest,
  type ImportSummary,
  runSireneImport,
} from './sirene-import.service.ts';

async function importFiles(database: Database, request: ImportRequest): Promise<ImportSummary> {
  const sizes = await checkSireneFiles(request);
  const id = await importsRepository(database.db).create({
    files: describeFiles(request, sizes),
    options: {},
    status: 'running',
  });
  return runSireneImport(database.db, id, request);
}

/** Every index of the register's three bulk tables, by name, with its definition. */
async function indexes(database: Database): Promise<Record<string, string>> {
  const r = await sql<{ name: string; definition: string }>`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
    WHERE tablename IN ('organisations', 'establishments', 'headcount_observations')
    ORDER BY indexname`.execute(database.db);
  return Object.fromEntries(r.rows.map((row) => [row.name, row.definition]));
}

/** What the register holds, without the values each database draws for itself (ids, clocks). */
async function register(database: Database) {
  const organisations = await sql`
    SELECT siren, slug, name, kind, status, communes, field_slugs, head_office_in_territory,
      headcount_band, headcount_min, headcount_max, closed_on
    FROM organisations ORDER BY siren`.execute(database.db);
  const establishments = await sql`
    SELECT e.siret, o.siren, e.status, e.commune_code, e.street, e.latitude, e.headcount_band
    FROM establishments e JOIN organisations o ON o.id = e.organisation_id
    ORDER BY e.siret`.execute(database.db);
  const observations = await sql`
    SELECT o.siren, h.siret, h.band, h.year, h.source, h.observed_on
    FROM headcount_observations h JOIN organisations o ON o.id = h.organisation_id
    ORDER BY o.siren, h.siret NULLS FIRST, h.observed_on`.execute(database.db);
  return {
    organisations: organisations.rows,
    establishments: establishments.rows,
    observations: observations.rows,
  };
}

describe.each(engines())('a bulk import on %s', (engine) => {
  let dir: string;
  let bulk: Database;
  let rowByRow: Database;
  let sample: Awaited<ReturnType<typeof writeSireneSample>>;
  let later: Awaited<ReturnType<typeof writeSireneSample>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'totem-bulk-'));
    sample = await writeSireneSample({ directory: path.join(dir, 'm1'), rows: 1200, seed: 5 });
    later = await writeSireneSample({
      directory: path.join(dir, 'm2'),
      rows: 1200,
      seed: 5,
      month: '2026-06',
    });
    bulk = await createTestDatabase(engine);
    rowByRow = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await bulk?.close();
    await rowByRow?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the same register as row by row, and leaves every index as it was', async () => {
    const before = await indexes(bulk);
    const files = { establishmentsPath: sample.establishmentsPath, unitsPath: sample.unitsPath };
    // a first import into an empty register: every table is written in bulk
    const a = await importFiles(bulk, { ...files, bulkMinRows: 1 });
    const b = await importFiles(rowByRow, { ...files, bulkMinRows: Number.POSITIVE_INFINITY });
    expect(a.organisationsCreated).toBeGreaterThan(100);
    expect(a).toMatchObject({
      organisationsCreated: b.organisationsCreated,
      establishmentsCreated: b.establishmentsCreated,
      observationsAdded: b.observationsAdded,
    });
    expect(await register(bulk)).toEqual(await register(rowByRow));
    expect(await indexes(bulk)).toEqual(before);
  });

  it('takes a later month row by row once the register is as large as what comes in', async () => {
    const files = { establishmentsPath: later.establishmentsPath, unitsPath: later.unitsPath };
    const a = await importFiles(bulk, { ...files, bulkMinRows: 1 });
    const b = await importFiles(rowByRow, { ...files, bulkMinRows: Number.POSITIVE_INFINITY });
    expect(a.observationsAdded).toBeGreaterThan(0);
    expect(a.observationsAdded).toBe(b.observationsAdded);
    expect(await register(bulk)).toEqual(await register(rowByRow));
  });
});
