import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import type { Database, EngineKind } from '../db/engine.ts';
import { type NationalOptions, writeNationalEstablishments } from '../sirene/sample/national.ts';
import { importsRepository } from './imports.repository.ts';
import { REJECTION_LIMIT } from './rejection-limit.ts';
import {
  checkSireneFiles,
  describeFiles,
  type ImportRequest,
  runSireneImport,
} from './sirene-import.service.ts';

/** A database of one engine, a folder of files, and how to import one and look at the register. */
function hardFilesOn(engine: EngineKind) {
  let dir: string;
  let database: Database;
  const s = { lastId: 0 };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'totem-hard-files-'));
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** one row in 10 in the territory, one in 20 of the digital sector (all of them local) */
  const write = (name: string, options: Omit<NationalOptions, 'base'>) =>
    writeNationalEstablishments({ base: path.join(dir, name), territoryEvery: 10, ...options });

  async function importFile(file: string, extra: Partial<ImportRequest> = {}) {
    const request: ImportRequest = { establishmentsPath: file, asOf: '2026-01-31', ...extra };
    const sizes = await checkSireneFiles(request);
    s.lastId = await importsRepository(database.db).create({
      files: describeFiles(request, sizes),
      options: {},
      status: 'running',
    });
    return runSireneImport(database.db, s.lastId, request);
  }

  /** what an import that fails must leave as it was */
  async function register() {
    const r = await sql<{ orgs: number; ests: number; obs: number; staged: number }>`
      SELECT (SELECT count(*) FROM organisations)::int AS orgs,
        (SELECT count(*) FROM establishments)::int AS ests,
        (SELECT count(*) FROM headcount_observations)::int AS obs,
        (SELECT count(*) FROM sirene_stage_establishments)::int AS staged
    `.execute(database.db);
    return r.rows[0];
  }

  /** what an import kept of the lines it rejected */
  const keptRejections = () => importsRepository(database.db).rejections(s.lastId, 5000);
  const query = <R>(q: ReturnType<typeof sql<R>>) => q.execute(database.db);
  return { write, importFile, register, keptRejections, query };
}

/** Valid files of every shape, read alike. */
describe.each(engines())('importing valid files of every shape (%s)', (engine) => {
  const { write, importFile, query } = hardFilesOn(engine);

  it('reads a file with every field quoted and doubled quotes as the same file quoted where needed', async () => {
    const quoted = await write('quoted', { rows: 4000, quoting: 'all' });
    const summary = await importFile(quoted.path);
    expect(summary.establishmentRowsRead).toBe(4000);
    expect(summary.establishmentsInTerritory).toBe(400);
    expect(summary.rejectedLines).toBe(0);
    expect(summary.organisationsCreated).toBe(200);
    const streets = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM establishments WHERE street LIKE '%"GRANDE" RUE, PROLONGEE'
    `);
    expect(streets.rows[0]?.n).toBeGreaterThan(0);
    // the same rows quoted only where needed change nothing
    const plain = await write('plain', { rows: 4000, quoting: 'needed' });
    expect((await readFile(plain.path, 'utf8')).startsWith('siren,nic,siret,')).toBe(true);
    const again = await importFile(plain.path);
    expect(again.establishmentsInTerritory).toBe(400);
    expect([again.organisationsCreated, again.organisationsUpdated]).toEqual([0, 0]);
    expect([again.establishmentsCreated, again.establishmentsUpdated]).toEqual([0, 0]);
  });

  it('reads CRLF line breaks, a byte-order mark and line breaks inside quoted values', async () => {
    const file = await write('crlf', {
      rows: 3000,
      quoting: 'needed',
      lineBreak: '\r\n',
      bom: true,
      multilineEvery: 7,
    });
    const text = await readFile(file.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('"DE LA REPUBLIQUE\nBATIMENT A"');
    const summary = await importFile(file.path);
    expect(summary.establishmentRowsRead).toBe(3000);
    expect(summary.rejectedLines).toBe(0);
    const multiline = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM establishments WHERE street LIKE ${'%REPUBLIQUE\nBATIMENT A'}
    `);
    expect(multiline.rows[0]?.n).toBeGreaterThan(0);
    const crs = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM establishments WHERE street LIKE ${'%\r%'}
    `);
    expect(crs.rows[0]?.n).toBe(0);
  });
});

/** Floods of bad lines, cut files, and a date imported twice. */
describe.each(engines())('importing bad files (%s)', (engine) => {
  const { write, importFile, register, keptRejections, query } = hardFilesOn(engine);

  it('stops at a file of 50 000 rejected lines with the share and reasons, the register unchanged', async () => {
    const before = await register();
    const file = await write('rejected', { rows: 50_000, badSirenEvery: 1 });
    const failure = await importFile(file.path).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain(
      'ce fichier ne ressemble pas à un stock SIRENE : 100 % de lignes rejetées (1000 sur 1000 lues), premières raisons : clé de contrôle du SIREN fausse',
    );
    expect(message).toContain('this does not look like a SIRENE stock file: 100% of lines');
    expect(await register()).toEqual(before);
    // the first rejected lines are kept, with their line and reason, to show why
    const kept = await keptRejections();
    expect(kept).toHaveLength(REJECTION_LIMIT.details);
    expect(kept[0]).toMatchObject({ file: 'establishments', line: 2 });
    expect(kept[0]?.reason).toMatch(/^invalid SIREN checksum: /);
  });

  it('stops past 100 000 lines when over 5 % are rejected', async () => {
    const before = await register();
    const file = await write('tenth', { rows: 110_000, badSirenEvery: 10, quoting: 'needed' });
    await expect(importFile(file.path)).rejects.toThrow(
      /ne ressemble pas à un stock SIRENE : 10 % de lignes rejetées \(10001 sur 100001 lues\)/,
    );
    expect(await register()).toEqual(before);
  });

  it('completes with a few rejected lines: all counted, the first 1 000 detailed', async () => {
    // one in 25 rejected (4 %): far more details than kept, far more parameters than one insert takes
    const file = await write('some-bad', { rows: 50_000, badSirenEvery: 25, quoting: 'needed' });
    const summary = await importFile(file.path);
    expect(summary.rejectedLines).toBe(2000);
    expect(summary.establishmentRowsRead).toBe(48_000);
    const kept = await keptRejections();
    expect(kept).toHaveLength(REJECTION_LIMIT.details);
    expect(kept.at(-1)?.line).toBe(2 + 25 * (REJECTION_LIMIT.details - 1));
  });

  it('refuses a truncated .gz and a truncated .zip in both languages, the register unchanged', async () => {
    const before = await register();
    for (const compression of ['gzip', 'zip'] as const) {
      const whole = await write(`cut-${compression}`, { rows: 20_000, compression });
      const bytes = await readFile(whole.path);
      await writeFile(whole.path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      const expected =
        compression === 'gzip'
          ? /fichier \.gz tronqué.*truncated \.gz file/
          : /archive \.zip illisible : tronquée.*not a readable zip archive: truncated/;
      await expect(importFile(whole.path)).rejects.toThrow(expected);
      expect(await register()).toEqual(before);
    }
  });

  it('a second file for the same date with other figures replaces them, and says how many', async () => {
    const first = await write('band-11', { rows: 2000, band: '11' });
    const one = await importFile(first.path, { asOf: '2025-12-31' });
    expect(one.observationsAdded).toBe(100);
    expect(one.observationsReplaced).toBe(0);
    const second = await write('band-12', { rows: 2000, band: '12' });
    const two = await importFile(second.path, { asOf: '2025-12-31' });
    expect([two.observationsAdded, two.observationsReplaced]).toEqual([0, 100]);
    const bands = await query(sql<{ band: string; n: number }>`
      SELECT band, count(*)::int AS n FROM headcount_observations
      WHERE observed_on = '2025-12-31' GROUP BY band
    `);
    expect(bands.rows).toEqual([{ band: '12', n: 100 }]);
    // the same file again agrees with what is recorded
    const three = await importFile(second.path, { asOf: '2025-12-31' });
    expect([three.observationsAdded, three.observationsReplaced]).toEqual([0, 0]);
  });
});
