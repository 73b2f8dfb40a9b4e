/**
 * What a reader waits on the embedded engine while an import runs (`npm run bench --
 * pages-during-import`). PGlite holds one connection: a page that needs the database queues behind
 * the import's statements; a page the cache keeps needs none (its versions arrive as
 * notifications). In one run, on one `totem serve` on PGlite with the demo: the directory's page (a
 * kept page) and the API search (not kept: it asks the database) are loaded at 10 connections
 * while nothing else happens, then again and again while staff's upload of a SIRENE sample
 * (BENCH_IMPORT_ROWS establishments, 200 000 by default, and their units) is imported, until the
 * import is done. Writes bench/results/pages-during-import.json with the load average.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword } from '../src/accounts/passwords.ts';
import { usersRepository } from '../src/accounts/users.repository.ts';
import { openDatabase } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { writeSireneSample } from '../src/sirene/sample/sample.ts';
import { fetchBrowser } from '../test/support/fetch-browser.ts';
import { startServerProcess } from '../test/support/server-process.ts';
import { type LoadResult, load } from './lib/load.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { formatTable } from './lib/table.ts';

const STAFF = { email: 'staff.bench@example.org', password: 'a reader waits how long' };
const PATHS = { 'kept page': '/annuaire', 'API search': '/api/v1/organisations?q=grenoble' };
const SECONDS = 4;
const CONNECTIONS = 10;

type Phase = 'idle' | 'during the import';

export async function run(): Promise<void> {
  const rows = envInt('BENCH_IMPORT_ROWS', 200_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'totem-bench-import-'));
  try {
    const database = await openDatabase({ dataDir: path.join(dir, 'db') });
    await migrate(database.db);
    await usersRepository(database.db).create({
      email: STAFF.email,
      name: 'Équipe',
      passwordHash: await hashPassword(STAFF.password),
      role: 'staff',
    });
    await database.close();
    log(`writing a SIRENE sample of ${rows} establishments`);
    const sample = await writeSireneSample({ directory: path.join(dir, 'sample'), rows });
    const server = await startServerProcess({ DATA_DIR: dir, TOTEM_DEMO: '1' });
    const results: { phase: Phase; page: string; round: number; result: LoadResult }[] = [];
    try {
      const measure = async (phase: Phase, round: number) => {
        for (const [page, p] of Object.entries(PATHS)) {
          const result = await load(`${server.url}${p}`, CONNECTIONS, SECONDS);
          results.push({ phase, page, round, result });
        }
      };
      log('reading while nothing else happens');
      await measure('idle', 0);
      const b = fetchBrowser(server.url);
      await b.get('/connexion');
      if ((await b.post('/connexion', STAFF)).status !== 303) {
        throw new Error('staff could not sign in');
      }
      await b.get('/admin/imports');
      const uploaded = await b.upload([
        {
          field: 'establishments',
          name: 'StockEtablissement_utf8.csv',
          content: await readFile(sample.establishmentsPath),
        },
        {
          field: 'units',
          name: 'StockUniteLegale_utf8.csv',
          content: await readFile(sample.unitsPath),
        },
      ]);
      if (uploaded.status !== 303) throw new Error(`upload answered ${uploaded.status}`);
      const started = performance.now();
      let done = false;
      void server
        .logged((line) => line.msg === 'import done', 1_800_000)
        .then(() => {
          done = true;
        });
      for (let round = 1; !done; round++) {
        log(`reading during the import, round ${round}`);
        await measure('during the import', round);
      }
      log(`import done in ${Math.round((performance.now() - started) / 1000)} s`);
    } finally {
      await server.stop();
    }
    const summary = Object.keys(PATHS).flatMap((page) =>
      (['idle', 'during the import'] as Phase[]).map((phase) => {
        const of = results.filter((r) => r.page === page && r.phase === phase).map((r) => r.result);
        return {
          page,
          phase,
          rounds: of.length,
          rps: Math.round(of.reduce((s, r) => s + r.rps, 0) / Math.max(1, of.length)),
          p50: Math.max(...of.map((r) => r.p50)),
          p99: Math.max(...of.map((r) => r.p99)),
          errors: of.reduce((s, r) => s + r.errors, 0),
        };
      }),
    );
    process.stdout.write(
      `${formatTable(
        `A reader on PGlite, ${CONNECTIONS} connections, while ${rows} establishments are imported`,
        ['page', 'phase', 'rounds', 'req/s (mean)', 'p50 ms (worst)', 'p99 ms (worst)', 'errors'],
        summary.map((s) => [s.page, s.phase, s.rounds, s.rps, s.p50, s.p99, s.errors]),
      )}\n`,
    );
    const file = await writeResults('pages-during-import', {
      benchmark: 'pages-during-import',
      machine: machine(),
      rows,
      connections: CONNECTIONS,
      secondsPerRound: SECONDS,
      summary,
      rounds: results,
    });
    log(`results in ${file}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
