import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import type { Database, EngineKind } from '../db/engine.ts';
import { organisationsRepository } from '../directory/organisations.repository.ts';
import { openEstablishments, openUnits } from '../sirene/readers.ts';
import type { EstablishmentRecord, UnitRecord } from '../sirene/records.ts';
import { writeSireneSample } from '../sirene/sample/sample.ts';
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

/** a copy of a units file without the given SIRENs' lines */
async function withoutUnits(from: string, to: string, sirens: Set<string>): Promise<void> {
  const lines = (await readFile(from, 'utf8')).split('\n');
  const kept = lines.filter((line, i) => i === 0 || !sirens.has(line.slice(1, 10)));
  await writeFile(to, kept.join('\n'));
}

/** The register after two months were imported, with merges and declarations made between them. */
type ImportedTwice = {
  dir: string;
  database: Database;
  month2: Awaited<ReturnType<typeof writeSireneSample>>;
  units2: Map<string, UnitRecord>;
  establishments2: Map<string, EstablishmentRecord>;
  /** before the second import */
  before: Map<string, Org>;
  picked: Record<string, Org>;
  /** an organisation entered by hand, without a SIREN, into which a duplicate was merged */
  keptId: string;
  /** the second month's units, as imported: without the unit of the survivor `ownAbsent` */
  units2Path: string;
};

/** Organisations whose unit is active with a band in both months, each picked for one case. */
function pickOrganisations(s: ImportedTwice, all: Org[]) {
  const { units2, picked } = s;
  const banded = all.filter((o) => {
    const u = o.siren ? units2.get(o.siren) : undefined;
    return o.headcount_band !== null && u?.state === 'A' && u.headcountBand !== null;
  });
  const take = (name: string, test: (o: Org) => boolean = () => true) => {
    const found = banded.find((o) => test(o) && !Object.values(picked).includes(o));
    if (!found) throw new Error(`no organisation for ${name}`);
    picked[name] = found;
    return found;
  };
  const band2 = (o: Org) => units2.get(o.siren ?? '')?.headcountBand;
  const survivor = take('survivor');
  take('duplicate', (o) => band2(o) !== band2(survivor));
  take('chainStart');
  take('chainMiddle');
  take('chainEnd');
  take('orphanDuplicate');
  take('staffSameDay');
  take('selfLater');
  take('selfEarlier');
  // a survivor with a SIREN of its own whose unit is not in the second month's file
  take('ownAbsent');
  take('duplicateOfAbsent', (o) => units2.get(o.siren ?? '')?.state === 'A');
}

/** Between the two imports: duplicates merged (one into a chain), headcounts declared. */
async function mergeAndDeclare(s: ImportedTwice) {
  const { picked } = s;
  const survivor = picked.survivor as Org;
  const ownAbsent = picked.ownAbsent as Org;
  const db = s.database.db;
  const merge = (from: Org, to: string) =>
    db.updateTable('organisations').set({ merged_into: to }).where('id', '=', from.id).execute();
  await merge(picked.duplicate as Org, survivor.id);
  // a chain: start → middle → end
  await merge(picked.chainStart as Org, (picked.chainMiddle as Org).id);
  await merge(picked.chainMiddle as Org, (picked.chainEnd as Org).id);
  // kept: an organisation entered by hand, without a SIREN
  const kept = await db
    .insertInto('organisations')
    .values({ slug: 'kept-by-hand', name: 'Kept by hand', kind: 'startup', status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  s.keptId = kept.id;
  await merge(picked.orphanDuplicate as Org, kept.id);
  await merge(picked.duplicateOfAbsent as Org, ownAbsent.id);
  s.units2Path = path.join(s.dir, 'units-without-own.csv');
  await withoutUnits(s.month2.unitsPath, s.units2Path, new Set([ownAbsent.siren ?? '']));

  const repo = organisationsRepository(db);
  const declare = (o: Org, exact: number, source: 'self' | 'staff', observedOn: string) =>
    repo.declareHeadcount({ organisationId: o.id, exact, year: 2026, source, observedOn });
  await declare(picked.staffSameDay as Org, 42, 'staff', AS_OF_2);
  await declare(picked.selfLater as Org, 7, 'self', '2026-06-15');
  await declare(picked.selfEarlier as Org, 500, 'self', '2026-05-01');
}

/** A fresh database of the engine, a first month imported, the changes made, a second imported. */
function importedTwice(engine: EngineKind): ImportedTwice {
  const s = { picked: {}, keptId: '', units2Path: '' } as ImportedTwice;
  beforeAll(async () => {
    s.dir = await mkdtemp(path.join(tmpdir(), 'totem-merge-rules-'));
    s.database = await createTestDatabase(engine);
    const month1 = await writeSireneSample({
      directory: path.join(s.dir, 'm1'),
      rows: 1500,
      seed: 5,
    });
    s.month2 = await writeSireneSample({
      directory: path.join(s.dir, 'm2'),
      rows: 1500,
      seed: 5,
      month: '2026-06',
    });
    await importFiles(s.database, {
      establishmentsPath: month1.establishmentsPath,
      unitsPath: month1.unitsPath,
      asOf: AS_OF_1,
    });
    s.units2 = new Map(
      (await readAll(openUnits(s.month2.unitsPath))).map((u) => [u.siren, u] as const),
    );
    s.establishments2 = new Map(
      (await readAll(openEstablishments(s.month2.establishmentsPath))).map(
        (e) => [e.siret, e] as const,
      ),
    );

    // organisations whose unit is active with a band in both months, in SIREN order
    const all = [...(await orgs(s.database)).values()].sort((a, b) =>
      (a.siren ?? '').localeCompare(b.siren ?? ''),
    );
    pickOrganisations(s, all);
    await mergeAndDeclare(s);

    s.before = await orgs(s.database);
    await importFiles(s.database, {
      establishmentsPath: s.month2.establishmentsPath,
      unitsPath: s.units2Path,
      asOf: AS_OF_2,
    });
  }, 120_000);

  afterAll(async () => {
    await s.database?.close();
    if (s.dir) await rm(s.dir, { recursive: true, force: true });
  });
  return s;
}

async function establishmentsOf(database: Database, siren: string) {
  return (
    await sql<{ siret: string; organisation_id: string; closed_on: string | null }>`
      SELECT siret, organisation_id, closed_on::text FROM establishments
      WHERE left(siret, 9) = ${siren} ORDER BY siret`.execute(database.db)
  ).rows;
}

async function observations(database: Database, organisationId: string, on: string) {
  return (
    await sql<{ siret: string | null; band: string | null; source: string }>`
      SELECT siret, band, source FROM headcount_observations
      WHERE organisation_id = ${organisationId}::uuid AND observed_on = ${on}::date
      ORDER BY siret NULLS FIRST`.execute(database.db)
  ).rows;
}

function closures(s: ImportedTwice) {
  it('dates closures with the register’s dateDebut, and leaves open ones undated', async () => {
    const after = await orgs(s.database);
    let ceased = 0;
    let checked = 0;
    for (const o of after.values()) {
      if (!o.siren || o.merged_into) continue;
      const unit = s.units2.get(o.siren);
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
      SELECT siret, closed_on::text FROM establishments`.execute(s.database.db);
    let closed = 0;
    for (const e of rows.rows) {
      const record = s.establishments2.get(e.siret);
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
}

function mergedDuplicates(s: ImportedTwice) {
  it('never writes to a merged duplicate, nor makes it anew', async () => {
    const after = await orgs(s.database);
    for (const name of ['duplicate', 'chainStart', 'chainMiddle', 'orphanDuplicate']) {
      const o = s.picked[name] as Org;
      expect(after.get(o.id), name).toEqual(s.before.get(o.id));
      expect(await observations(s.database, o.id, AS_OF_2), name).toEqual([]);
      const sirens = [...after.values()].filter((x) => x.siren === o.siren);
      expect(sirens.map((x) => x.id)).toEqual([o.id]);
    }
  });

  it('writes a duplicate’s establishments and observations to the organisation it was merged into', async () => {
    const cases: [string, string][] = [
      ['duplicate', (s.picked.survivor as Org).id],
      ['chainStart', (s.picked.chainEnd as Org).id],
      ['chainMiddle', (s.picked.chainEnd as Org).id],
      ['orphanDuplicate', s.keptId],
    ];
    for (const [name, target] of cases) {
      const o = s.picked[name] as Org;
      const siren = o.siren ?? '';
      const ests = await establishmentsOf(s.database, siren);
      const inFile = ests.filter((e) => s.establishments2.has(e.siret));
      expect(inFile.length, name).toBeGreaterThan(0);
      expect(new Set(inFile.map((e) => e.organisation_id)), name).toEqual(new Set([target]));
      const banded = inFile.filter((e) => s.establishments2.get(e.siret)?.headcountBand);
      const obs = (await observations(s.database, target, AS_OF_2)).filter((x) =>
        x.siret?.startsWith(siren),
      );
      expect(obs.map((x) => x.siret).sort(), name).toEqual(banded.map((e) => e.siret).sort());
    }
  });

  it('gives the survivor its own unit’s data first, and a duplicate’s when it has no SIREN', async () => {
    const after = await orgs(s.database);
    const survivor = after.get((s.picked.survivor as Org).id) as Org;
    const own = s.units2.get(survivor.siren ?? '') as UnitRecord;
    const unitObs = (await observations(s.database, survivor.id, AS_OF_2)).filter(
      (x) => x.siret === null,
    );
    expect(unitObs).toEqual([{ siret: null, band: own.headcountBand, source: 'register' }]);
    expect(survivor.headcount_band).toBe(own.headcountBand);
    expect(survivor.legal_category).toBe(own.legalCategory);

    const kept = after.get(s.keptId) as Org;
    const unit = s.units2.get((s.picked.orphanDuplicate as Org).siren ?? '') as UnitRecord;
    expect(kept.legal_category).toBe(unit.legalCategory);
    expect(kept.headcount_band).toBe(unit.headcountBand);
    expect(kept.headcount_source).toBe('register');
    expect(kept.merged_into).toBeNull();
    const keptObs = (await observations(s.database, kept.id, AS_OF_2)).filter(
      (x) => x.siret === null,
    );
    expect(keptObs).toEqual([{ siret: null, band: unit.headcountBand, source: 'register' }]);
  });

  it('never gives a survivor with a SIREN of its own a duplicate’s unit, even when its own is not in the file', async () => {
    const after = await orgs(s.database);
    const survivor = s.picked.ownAbsent as Org;
    const duplicate = s.picked.duplicateOfAbsent as Org;
    expect(s.units2.has(duplicate.siren ?? '')).toBe(true);
    const now = after.get(survivor.id) as Org;
    // its identity and legal data stay its own: nothing of its unit was read
    for (const key of ['status', 'ceased', 'closed_on', 'legal_category'] as const) {
      expect(now[key], key).toEqual(survivor[key]);
    }
    const names = await sql<{ id: string; name: string; created_on: string | null }>`
      SELECT id, name, created_on::text FROM organisations
      WHERE id IN (${survivor.id}, ${duplicate.id})`.execute(s.database.db);
    const survivorRow = names.rows.find((r) => r.id === survivor.id);
    expect(survivorRow?.name).not.toBe(s.units2.get(duplicate.siren ?? '')?.name);
    // the duplicate's unit band is another legal unit's headcount, not the survivor's
    const unitObs = (await observations(s.database, survivor.id, AS_OF_2)).filter(
      (x) => x.siret === null,
    );
    expect(unitObs).toEqual([]);
    // its establishments still move to the survivor
    const moved = (await establishmentsOf(s.database, duplicate.siren ?? '')).filter((e) =>
      s.establishments2.has(e.siret),
    );
    expect(moved.length).toBeGreaterThan(0);
    expect(new Set(moved.map((e) => e.organisation_id))).toEqual(new Set([survivor.id]));
  });
}

function declaredHeadcounts(s: ImportedTwice) {
  it('keeps a headcount declared on the import’s date or later, not an earlier one', async () => {
    const after = await orgs(s.database);
    expect(after.get((s.picked.staffSameDay as Org).id)).toMatchObject({
      headcount_source: 'staff',
      headcount_min: 42,
      headcount_max: 42,
      headcount_band: '12',
      headcount_year: 2026,
    });
    expect(after.get((s.picked.selfLater as Org).id)).toMatchObject({
      headcount_source: 'self',
      headcount_min: 7,
      headcount_max: 7,
      headcount_band: '03',
    });
    const earlier = s.picked.selfEarlier as Org;
    const unit = s.units2.get(earlier.siren ?? '') as UnitRecord;
    expect(after.get(earlier.id)).toMatchObject({
      headcount_source: 'register',
      headcount_band: unit.headcountBand,
      headcount_year: unit.headcountYear,
    });
    // the register's observation of that date is recorded all the same
    const same = await observations(s.database, (s.picked.staffSameDay as Org).id, AS_OF_2);
    expect(
      same
        .filter((x) => x.siret === null)
        .map((x) => x.source)
        .sort(),
    ).toEqual(['register', 'staff']);
  });
}

function sameFilesAgain(s: ImportedTwice) {
  it('changes nothing when the same files are imported again', async () => {
    const snapshot = await orgs(s.database);
    const summary = await importFiles(s.database, {
      establishmentsPath: s.month2.establishmentsPath,
      unitsPath: s.units2Path,
      asOf: AS_OF_2,
    });
    expect(summary).toMatchObject({
      organisationsCreated: 0,
      organisationsUpdated: 0,
      establishmentsCreated: 0,
      establishmentsUpdated: 0,
      observationsAdded: 0,
    });
    expect(await orgs(s.database)).toEqual(snapshot);
  });

  it('clears the closing date of a unit the register shows active again', async () => {
    const after = await orgs(s.database);
    const closed = [...after.values()].find(
      (o) => o.siren && !o.merged_into && o.closed_on !== null && o.ceased,
    ) as Org;
    expect(closed).toBeDefined();
    const reopened = path.join(s.dir, 'reopened.csv');
    await reopen(s.month2.unitsPath, reopened, new Set([closed.siren ?? '']));
    const request = {
      establishmentsPath: s.month2.establishmentsPath,
      unitsPath: reopened,
      asOf: AS_OF_2,
    };
    const summary = await importFiles(s.database, request);
    expect(summary.organisationsUpdated).toBe(1);
    const now = (await orgs(s.database)).get(closed.id);
    expect(now).toMatchObject({ closed_on: null, ceased: false, status: 'active' });
    const again = await importFiles(s.database, request);
    expect(again.organisationsUpdated).toBe(0);
  });
}

describe.each(engines())('what an import writes on %s', (engine) => {
  const s = importedTwice(engine);
  describe('closures', () => closures(s));
  describe('merged duplicates', () => mergedDuplicates(s));
  describe('declared headcounts', () => declaredHeadcounts(s));
  describe('the same files again', () => sameFilesAgain(s));
});
