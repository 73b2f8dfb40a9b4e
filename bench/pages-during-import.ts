/**
 * What a reader waits on the embedded engine while an import runs (`npm run bench --
 * pages-during-import`). PGlite runs inside the server's process and holds one connection: a
 * statement blocks the process while it runs, and a request that needs the database also queues
 * behind the import's statements. In one run, on one `totem serve` on PGlite with the demo: the
 * directory's page (kept: answered from memory) and an organisation's JSON (not kept: it asks the
 * database) are loaded at 10 connections while nothing else happens, then again and again while
 * staff's upload of a SIRENE sample (BENCH_IMPORT_ROWS establishments, 200 000 by default, and
 * their units) is imported, until the import is done. Beside the load, one visitor opens the kept
 * page again and again, one request at a time, for the whole run: their waits, slow ones included,
 * are the figure (a load generator's percentiles count only the answers it got, and a round with
 * none says nothing of how long they took). Writes bench/results/pages-during-import.json with the
 * load average.
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
const PATHS = { 'kept page': '/annuaire', 'not kept': '/api/v1/organisations/digital-grenoble' };
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
    const waits: { phase: Phase; ms: number }[] = [];
    try {
      const measure = async (phase: Phase, round: number) => {
        for (const [page, p] of Object.entries(PATHS)) {
          const result = await load(`${server.url}${p}`, CONNECTIONS, SECONDS);
          results.push({ phase, page, round, result });
        }
      };
      // one visitor, one request at a time, for the whole run: every wait counted
      let phase: Phase = 'idle';
      let probing = true;
      const probe = (async () => {
        while (probing) {
          const t = performance.now();
          await (await fetch(`${server.url}${PATHS['kept page']}`)).arrayBuffer();
          waits.push({ phase, ms: performance.now() - t });
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
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
      phase = 'during the import';
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
      probing = false;
      await probe;
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
    const visitor = (['idle', 'during the import'] as Phase[]).map((p) => {
      const ms = waits
        .filter((w) => w.phase === p)
        .map((w) => w.ms)
        .sort((a, b) => a - b);
      const at = (q: number) =>
        Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0);
      return { phase: p, requests: ms.length, p50: at(0.5), p99: at(0.99), max: at(1) };
    });
    process.stdout.write(
      `${formatTable(
        'One visitor opening the kept page, one request at a time, every 20 ms',
        ['phase', 'requests', 'p50 ms', 'p99 ms', 'longest ms'],
        visitor.map((v) => [v.phase, v.requests, v.p50, v.p99, v.max]),
      )}\n`,
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
      visitor,
      rounds: results,
    });
    log(`results in ${file}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
