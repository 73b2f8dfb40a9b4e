import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../../test/support/engines.ts';
import type { Database } from '../../db/engine.ts';
import {
  type EstablishmentRecord,
  openEstablishments,
  openUnits,
  type UnitRecord,
} from '../sirene/records.ts';
import { writeSireneSample } from '../sirene/sample.ts';
import { importsRepository } from './imports.repository.ts';
import {
  checkSireneFiles,
  describeFiles,
  type ImportRequest,
  runSireneImport,
} from './sirene-import.service.ts';

const AS_OF_1 = '2026-04-01';
const AS_OF_2 = '2026-06-01';

async function importFiles(database: Database, request: ImportRequest) {
  const sizes = await checkSireneFiles(request);
  const id = await importsRepository(database.db).create({
    files: describeFiles(request, sizes),
    options: {},
    status: 'running',
  });
  return runSireneImport(database.db, id, request);
}

async function readAll<T>(open: Promise<{ records(): AsyncIterable<T>; close(): Promise<void> }>) {
  const reader = await open;
  const out: T[] = [];
  try {
    for await (const r of reader.records()) out.push(r);
  } finally {
    await reader.close();
  }
  return out;
}

type Org = {
  id: string;
  siren: string | null;
  status: string;
  ceased: boolean;
  closed_on: string | null;
  legal_category: string | null;
  merged_into: string | null;
  headcount_band: string | null;
  headcount_min: number | null;
  headcount_max: number | null;
  headcount_year: number | null;
  headcount_source: string | null;
  updated_at: string;
};

async function orgs(database: Database): Promise<Map<string, Org>> {
  const r = await sql<Org>`
    SELECT id, siren, status, ceased, closed_on::text, legal_category, merged_into, headcount_band,
      headcount_min, headcount_max, headcount_year, headcount_source, updated_at::text
    FROM organisations`.execute(database.db);
  return new Map(r.rows.map((o) => [o.id, o]));
}

/** a copy of a units file where the given SIRENs are active again */
async function reopen(from: string, to: string, sirens: Set<string>): Promise<void> {
  const lines = (await readFile(from, 'utf8')).split('\n');
  const header = (lines[0] ?? '').split(',').map((h) => h.replaceAll('"', ''));
  const state = header.indexOf('etatAdministratifUniteLegale');
  const out = lines.map((line, i) => {
    if (i === 0 || line === '') return line;
    const fields = line.split('","');
    const siren = (fields[0] ?? '').replace(/^"/, '');
    if (!sirens.has(siren)) return line;
    fields[state] = 'A';
    return fields.join('","');
  });
  await writeFile(to, out.join('\n'));
}

describe.each(engines())('what an import writes on %s', (engine) => {
  let dir: string;
  let database: Database;
  let month2: Awaited<ReturnType<typeof writeSireneSample>>;
  let units2: Map<string, UnitRecord>;
  let establishments2: Map<string, EstablishmentRecord>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'totem-merge-rules-'));
    database = await createTestDatabase(engine);
    const month1 = await writeSireneSample({
      directory: path.join(dir, 'm1'),
      rows: 1500,
      seed: 5,
    });
    month2 = await writeSireneSample({
      directory: path.join(dir, 'm2'),
      rows: 1500,
      seed: 5,
      month: '2026-06',
    });
    await importFiles(database, {
      establishmentsPath: month1.establishmentsPath,
      unitsPath: month1.unitsPath,
      asOf: AS_OF_1,
    });
    units2 = new Map(
      (await readAll(openUnits(month2.unitsPath))).map((u) => [u.siren, u] as const),
    );
    establishments2 = new Map(
      (await readAll(openEstablishments(month2.establishmentsPath))).map(
        (e) => [e.siret, e] as const,
      ),
    );

    await importFiles(database, {
      establishmentsPath: month2.establishmentsPath,
      unitsPath: month2.unitsPath,
      asOf: AS_OF_2,
    });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('dates closures with the register’s dateDebut, and leaves open ones undated', async () => {
    const after = await orgs(database);
    let ceased = 0;
    let checked = 0;
    for (const o of after.values()) {
      if (!o.siren || o.merged_into) continue;
      const unit = units2.get(o.siren);
      if (!unit) continue;
      checked++;
      if (unit.state === 'C') {
        ceased++;
        expect(unit.stateSince).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(o.closed_on, o.siren).toBe(unit.stateSince);
      } else {
        expect(o.closed_on, o.siren).toBeNull();
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(ceased).toBeGreaterThan(0);

    const rows = await sql<{ siret: string; closed_on: string | null }>`
      SELECT siret, closed_on::text FROM establishments`.execute(database.db);
    let closed = 0;
    for (const e of rows.rows) {
      const record = establishments2.get(e.siret);
      if (!record) continue;
      if (record.state === 'F') {
        closed++;
        expect(e.closed_on, e.siret).toBe(record.stateSince);
      } else {
        expect(e.closed_on, e.siret).toBeNull();
      }
    }
    expect(closed).toBeGreaterThan(0);
  });

  it('changes nothing when the same files are imported again', async () => {
    const snapshot = await orgs(database);
    const summary = await importFiles(database, {
      establishmentsPath: month2.establishmentsPath,
      unitsPath: month2.unitsPath,
      asOf: AS_OF_2,
    });
    expect(summary).toMatchObject({
      organisationsCreated: 0,
      organisationsUpdated: 0,
      establishmentsCreated: 0,
      establishmentsUpdated: 0,
      observationsAdded: 0,
    });
    expect(await orgs(database)).toEqual(snapshot);
  });

  it('clears the closing date of a unit the register shows active again', async () => {
    const after = await orgs(database);
    const closed = [...after.values()].find(
      (o) => o.siren && !o.merged_into && o.closed_on !== null && o.ceased,
    ) as Org;
    expect(closed).toBeDefined();
    const reopened = path.join(dir, 'reopened.csv');
    await reopen(month2.unitsPath, reopened, new Set([closed.siren ?? '']));
    const request = {
      establishmentsPath: month2.establishmentsPath,
      unitsPath: reopened,
      asOf: AS_OF_2,
    };
    const summary = await importFiles(database, request);
    expect(summary.organisationsUpdated).toBe(1);
    const now = (await orgs(database)).get(closed.id);
    expect(now).toMatchObject({ closed_on: null, ceased: false, status: 'active' });
    const again = await importFiles(database, request);
    expect(again.organisationsUpdated).toBe(0);
  });
});
