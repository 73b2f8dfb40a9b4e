import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import type { Database, EngineKind } from '../db/engine.ts';
import { writeSireneSample } from '../sirene/sample/sample.ts';
import { importsRepository } from './imports.repository.ts';
import {
  checkSireneFiles,
  describeFiles,
  type ImportProgress,
  type ImportRequest,
  runSireneImport,
} from './sirene-import.service.ts';

async function importFiles(
  database: Database,
  request: ImportRequest,
  onProgress?: (p: ImportProgress) => void,
) {
  const sizes = await checkSireneFiles(request);
  const id = await importsRepository(database.db).create({
    files: describeFiles(request, sizes),
    options: {},
    status: 'running',
  });
  return runSireneImport(database.db, id, request, onProgress);
}

async function count(database: Database, table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
    database.db,
  );
  return r.rows[0]?.n ?? -1;
}

/** A database of one engine, and two months of a sample register (the first with bad lines). */
type Months = {
  dir: string;
  database: Database;
  month1: Awaited<ReturnType<typeof writeSireneSample>>;
  month2: Awaited<ReturnType<typeof writeSireneSample>>;
};

function monthsOn(engine: EngineKind): Months {
  const s = {} as Months;
  beforeAll(async () => {
    s.dir = await mkdtemp(path.join(tmpdir(), 'totem-sirene-'));
    s.database = await createTestDatabase(engine);
    s.month1 = await writeSireneSample({
      directory: path.join(s.dir, 'm1'),
      rows: 1500,
      seed: 7,
      malformed: true,
    });
    s.month2 = await writeSireneSample({
      directory: path.join(s.dir, 'm2'),
      rows: 1500,
      seed: 7,
      month: '2026-06',
      compression: 'gzip',
    });
  });
  afterAll(async () => {
    await s.database?.close();
    if (s.dir) await rm(s.dir, { recursive: true, force: true });
  });
  return s;
}

function monthAfterMonth(s: Months) {
  it('keeps the territory’s organisations of the sector, reports bad lines, and dates the observations', async () => {
    const progress: ImportProgress[] = [];
    const summary = await importFiles(
      s.database,
      { establishmentsPath: s.month1.establishmentsPath, unitsPath: s.month1.unitsPath },
      (p) => progress.push(p),
    );
    expect(summary.establishmentRowsRead).toBe(s.month1.establishmentRows);
    // the progress bar counts each byte once and ends full
    const total =
      (await stat(s.month1.establishmentsPath)).size + (await stat(s.month1.unitsPath)).size;
    const reading = progress.filter((p) => p.phase === 'reading');
    expect(reading.every((p) => p.bytesTotal === total && p.bytesRead <= total)).toBe(true);
    expect(reading.at(-1)?.bytesRead).toBe(total);
    expect(summary.organisationsCreated).toBeGreaterThan(50);
    expect(summary.organisationsCreated).toBe(summary.organisationsKept);
    expect(summary.rejectedLines).toBe(s.month1.malformedLines.length);
    const reported = summary.rejections.map((r) => r.line).sort((a, b) => a - b);
    expect(reported).toEqual(s.month1.malformedLines.map((m) => m.line).sort((a, b) => a - b));
    expect(summary.asOf).toMatch(/^2026-0[34]-\d\d$/);

    // every kept organisation has an establishment of the territory in the sector selection
    const outside = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM organisations o WHERE NOT EXISTS (
        SELECT 1 FROM establishments e JOIN sector_codes c ON c.code = e.naf_code
        WHERE e.organisation_id = o.id)`.execute(s.database.db);
    expect(outside.rows[0]?.n).toBe(0);
    // unknown headcounts stay unknown: no NN, no empty band, never a zero made up
    const bands = await sql<{
      band: string | null;
    }>`SELECT DISTINCT headcount_band AS band FROM organisations`.execute(s.database.db);
    expect(bands.rows.map((r) => r.band)).not.toContain('NN');
    expect(bands.rows.map((r) => r.band)).not.toContain('');
    // restricted units show nothing masked; sole traders keep no street
    const leaks = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM establishments e JOIN organisations o ON o.id = e.organisation_id
      WHERE (e.restricted OR o.sole_trader) AND (e.street IS NOT NULL OR e.latitude IS NOT NULL)`.execute(
      s.database.db,
    );
    expect(leaks.rows[0]?.n).toBe(0);
    const restricted = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM organisations WHERE restricted`.execute(s.database.db);
    expect(restricted.rows[0]?.n).toBeGreaterThan(0);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = {
      orgs: await count(s.database, 'organisations'),
      ests: await count(s.database, 'establishments'),
      obs: await count(s.database, 'headcount_observations'),
      stamp: (
        await sql<{ t: string }>`SELECT max(updated_at)::text AS t FROM organisations`.execute(
          s.database.db,
        )
      ).rows[0]?.t,
    };
    const summary = await importFiles(s.database, {
      establishmentsPath: s.month1.establishmentsPath,
      unitsPath: s.month1.unitsPath,
    });
    expect(summary).toMatchObject({
      organisationsCreated: 0,
      organisationsUpdated: 0,
      establishmentsCreated: 0,
      establishmentsUpdated: 0,
      observationsAdded: 0,
    });
    expect(await count(s.database, 'organisations')).toBe(before.orgs);
    expect(await count(s.database, 'establishments')).toBe(before.ests);
    expect(await count(s.database, 'headcount_observations')).toBe(before.obs);
    const stamp = (
      await sql<{ t: string }>`SELECT max(updated_at)::text AS t FROM organisations`.execute(
        s.database.db,
      )
    ).rows[0]?.t;
    expect(stamp).toBe(before.stamp);
  });

  it('adds a later month as new observations and closures, and deletes nothing', async () => {
    const orgs = await count(s.database, 'organisations');
    const obs = await count(s.database, 'headcount_observations');
    const summary = await importFiles(s.database, {
      establishmentsPath: s.month2.establishmentsPath,
      unitsPath: s.month2.unitsPath,
    });
    expect(summary.asOf > '2026-04-30').toBe(true);
    expect(summary.observationsAdded).toBeGreaterThan(0);
    expect(await count(s.database, 'organisations')).toBeGreaterThanOrEqual(orgs);
    expect(await count(s.database, 'headcount_observations')).toBe(obs + summary.observationsAdded);
    const dates = await sql<{
      n: number;
    }>`SELECT count(DISTINCT observed_on)::int AS n FROM headcount_observations`.execute(
      s.database.db,
    );
    expect(dates.rows[0]?.n).toBe(2);
  });
}

function badFilesAndOddLines(s: Months, engine: EngineKind) {
  it('stops on a missing column before writing anything, naming it', async () => {
    const broken = path.join(s.dir, 'broken.csv');
    await writeFile(broken, '"siren","nic","siret"\n"552100554","00015","55210055400015"\n');
    const imports = await count(s.database, 'imports');
    await expect(checkSireneFiles({ establishmentsPath: broken })).rejects.toThrow(
      /statutDiffusionEtablissement/,
    );
    expect(await count(s.database, 'imports')).toBe(imports);
  });

  it('keeps a name with a tab, a line break, quotes and a backslash as written, and merges a repeated SIRET once, from its earliest line', async () => {
    const fresh = await createTestDatabase(engine);
    try {
      const sample = await writeSireneSample({
        directory: path.join(s.dir, `odd-${engine}`),
        rows: 300,
        seed: 11,
      });
      await importFiles(fresh, { establishmentsPath: sample.establishmentsPath });
      const kept = await sql<{ siret: string }>`
        SELECT e.siret FROM establishments e JOIN organisations o ON o.id = e.organisation_id
        WHERE NOT e.restricted AND NOT o.sole_trader ORDER BY e.siret LIMIT 1`.execute(fresh.db);
      const siret = kept.rows[0]?.siret as string;
      expect(siret).toMatch(/^\d{14}$/);

      const text = await readFile(sample.establishmentsPath, 'utf8');
      const [header = '', ...lines] = text.trimEnd().split('\n');
      const column = header.split(',').indexOf('"denominationUsuelleEtablissement"');
      expect(column).toBeGreaterThan(0);
      const at = lines.findIndex((l) => l.startsWith(`"${siret.slice(0, 9)}","${siret.slice(9)}"`));
      expect(at).toBeGreaterThanOrEqual(0);
      const named = (name: string) => {
        const fields = (lines[at] as string).split('","');
        fields[column] = name;
        return fields.join('","');
      };
      const odd = 'Atelier \\ ""Onde""\tSud\nNord';
      lines[at] = named(odd);
      lines.push(named('Doublon'));
      const edited = path.join(s.dir, `odd-${engine}.csv`);
      await writeFile(edited, `${[header, ...lines].join('\n')}\n`);

      const summary = await importFiles(fresh, { establishmentsPath: edited });
      expect(summary.rejectedLines).toBe(0);
      const rows = await sql<{ name: string | null }>`
        SELECT name FROM establishments WHERE siret = ${siret}`.execute(fresh.db);
      expect(rows.rows).toEqual([{ name: 'Atelier \\ "Onde"\tSud\nNord' }]);
      expect(summary.establishmentsUpdated).toBe(1);
    } finally {
      await fresh.close();
    }
  });
}

function mergePhaseAndSectors(s: Months, engine: EngineKind) {
  // a second session that holds the merge back needs a server: PGlite has one connection
  if (engine === 'postgres')
    it('says it is merging, and keeps its heartbeat beating while the merge waits', async () => {
      const fresh = await createTestDatabase(engine);
      try {
        const sample = await writeSireneSample({
          directory: path.join(s.dir, 'merge-phase'),
          rows: 300,
          seed: 13,
        });
        const request = { establishmentsPath: sample.establishmentsPath };
        const sizes = await checkSireneFiles(request);
        const id = await importsRepository(fresh.db).create({
          files: describeFiles(request, sizes),
          options: {},
          status: 'running',
        });
        const row = () =>
          fresh.db
            .selectFrom('imports')
            .select(['status', 'phase', 'heartbeat_at'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
        const phases: string[] = [];
        let importing: Promise<unknown> = Promise.resolve();
        // another session holds the staging table so that the merge's first statement waits:
        // reading into staging goes on meanwhile
        await fresh.db.transaction().execute(async (trx) => {
          await sql`LOCK TABLE sirene_stage_establishments IN SHARE UPDATE EXCLUSIVE MODE`.execute(
            trx,
          );
          importing = runSireneImport(fresh.db, id, request, (p) => phases.push(p.phase));
          await expect.poll(async () => (await row()).phase, { timeout: 20_000 }).toBe('merging');
          const first = (await row()).heartbeat_at as Date;
          await expect
            .poll(async () => ((await row()).heartbeat_at as Date).getTime(), {
              timeout: 10_000,
            })
            .toBeGreaterThan(first.getTime());
          expect((await row()).status).toBe('running');
        });
        await importing;
        expect(phases).toContain('reading');
        expect(phases).toContain('merging');
        expect(await row()).toMatchObject({ status: 'done', phase: null });
      } finally {
        await fresh.close();
      }
    });

  it('keeps every activity with --all-sectors', async () => {
    const fresh = await createTestDatabase(engine);
    try {
      const sector = await importFiles(fresh, { establishmentsPath: s.month1.establishmentsPath });
      const all = await importFiles(fresh, {
        establishmentsPath: s.month1.establishmentsPath,
        allSectors: true,
      });
      expect(all.organisationsCreated).toBeGreaterThan(0);
      expect(sector.organisationsKept + all.organisationsCreated).toBe(all.organisationsKept);
    } finally {
      await fresh.close();
    }
  });
}

describe.each(engines())('SIRENE import on %s', (engine) => {
  const s = monthsOn(engine);
  describe('one register, month after month', () => monthAfterMonth(s));
  describe('bad files and odd lines', () => badFilesAndOddLines(s, engine));
  describe('the merge phase and the sectors', () => mergePhaseAndSectors(s, engine));
});
