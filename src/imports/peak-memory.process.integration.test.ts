import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyServerDatabase, engines } from '../../test/support/engines.ts';
import { runTotemWatched } from '../../test/support/process-tree.ts';
import { openDatabase } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import { writeNationalEstablishments } from '../sirene/sample/national.ts';

/** the bound the command keeps to on the server, whatever the file's size and shape */
const PEAK_LIMIT_MB = 300;

describe.skipIf(!engines().includes('postgres'))('the import command’s peak memory', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof createEmptyServerDatabase>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'totem-peak-'));
    server = await createEmptyServerDatabase();
    const database = await openDatabase({ databaseUrl: server.url, poolSize: 1 });
    await migrate(database.db);
    await database.close();
  });
  afterAll(async () => {
    await server?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`imports a fully quoted file of a million rows under ${PEAK_LIMIT_MB} MB on the server`, async () => {
    // written streaming (about 290 MB on disk), 1 % of its rows in the territory
    const file = await writeNationalEstablishments({
      base: path.join(dir, 'StockEtablissement_utf8'),
      rows: 1_000_000,
      quoting: 'all',
    });
    const run = await runTotemWatched(
      ['import', 'sirene', '--establishments', file.path, '--json'],
      {
        ...process.env,
        DATABASE_URL: server.url,
        DATA_DIR: dir,
      },
    );
    await rm(file.path);
    expect(run.stderr).not.toMatch(/heap out of memory/);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.establishmentRowsRead).toBe(1_000_000);
    expect(summary.establishmentsInTerritory).toBe(file.inTerritory);
    // the launcher, the import and its reading process, at least
    expect(run.processes.length).toBeGreaterThanOrEqual(3);
    const each = run.processes.map((p) => `${Math.round(p.mb)} MB ${p.name}`).join('\n');
    expect(run.peakMB, each).toBeLessThan(PEAK_LIMIT_MB);
  });
});
