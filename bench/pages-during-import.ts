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
import { startServerProcess } from '../test/support/server-process.ts';
import { type LoadResult, load } from './lib/load.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { formatTable } from './lib/table.ts';

const STAFF = { email: 'staff.bench@example.org', password: 'a reader waits how long' };
const PATHS = { 'kept page': '/annuaire', 'API search': '/api/v1/organisations?q=grenoble' };
const SECONDS = 4;
const CONNECTIONS = 10;

/** a browser in a few lines over fetch: cookies, and the CSRF token of the last page */
function browser(base: string) {
  const cookies = new Map<string, string>();
  let token = '';
  const headers = () => ({ cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
  const remember = async (res: Response) => {
    for (const header of res.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const body = await res.text();
    token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? token;
    return res.status;
  };
  return {
    get: async (url: string) =>
      remember(await fetch(`${base}${url}`, { headers: headers(), redirect: 'manual' })),
    signIn: async () =>
      remember(
        await fetch(`${base}/connexion`, {
          method: 'POST',
          headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: token, ...STAFF }).toString(),
          redirect: 'manual',
        }),
      ),
    upload: async (files: { field: string; name: string; content: Buffer }[]) => {
      const form = new FormData();
      form.append('_csrf', token);
      for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.content)]), f.name);
      return remember(
        await fetch(`${base}/admin/imports`, {
          method: 'POST',
          headers: headers(),
          body: form,
          redirect: 'manual',
        }),
      );
    },
  };
}

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
      const b = browser(server.url);
      await b.get('/connexion');
      if ((await b.signIn()) !== 303) throw new Error('staff could not sign in');
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
      if (uploaded !== 303) throw new Error(`upload answered ${uploaded}`);
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
