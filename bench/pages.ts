/**
 * Public pages under a crowd (`npm run bench -- pages`).
 *
 * In one run: a plain Node server sending the very bytes Totem sends (its peer), then `totem serve`
 * on the embedded engine, then on the PostgreSQL server (TEST_DATABASE_URL, a fresh database with
 * the demo and BENCH_PAGES_ORGS organisations, 10 000 by default, 'Grenoble' in every name), each
 * with the page cache and without it (PAGE_CACHE_MB=0: every page rendered, as before the cache),
 * then two server processes on PostgreSQL, the connections split between them, with the cache
 * and without it (the work a second process shares, where the load generator takes little). Each page is loaded
 * BENCH_SECONDS (5) at 10 and at 50 connections (keep-alive, one request at a time on each, the
 * answer read whole, `Accept-Encoding: gzip, br`). Goals (issue 20): pages ≥ 0.25 × the static
 * server's requests/s and p99 ≤ 50 ms at 50 connections; the API search ≥ 1 000 req/s on
 * PostgreSQL; two processes ≥ 1.7 × one. Writes bench/results/pages.json with the load average.
 */
import http from 'node:http';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/engine.ts';
import { createEmptyServerDatabase } from '../test/support/engines.ts';
import { buildManyOrganisations } from '../test/support/factories.ts';
import { type ServerProcess, startServerProcess } from '../test/support/server-process.ts';
import { type LoadResult, load } from './lib/load.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { startStaticServer } from './lib/static-server.ts';
import { formatTable } from './lib/table.ts';

const SECONDS = envInt('BENCH_SECONDS', 5);
const ORGS = envInt('BENCH_PAGES_ORGS', 10_000);
const CONNECTIONS = [10, 50];
const API = '/api/v1/organisations?q=grenoble';
const PROFILE = '/annuaire/digital-grenoble';

type Row = { target: string; path: string; connections: number } & LoadResult;

/** the raw bytes of an answer, as sent (compressed when the server compresses) */
function raw(url: string): Promise<{ type: string; body: Buffer; encoding?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const encoding = res.headers['content-encoding'];
          resolve({
            type: String(res.headers['content-type']),
            body: Buffer.concat(chunks),
            ...(encoding ? { encoding } : {}),
          });
        });
      })
      .on('error', reject);
  });
}

async function pagesOf(url: string): Promise<string[]> {
  const news = await (await fetch(`${url}/actualites`)).text();
  const article = /href="(\/actualites\/[a-z0-9-]+)"/.exec(news)?.[1];
  if (!article) throw new Error('no article on the demo data');
  return ['/', '/annuaire', PROFILE, article, '/observatoire'];
}

async function loadAll(target: string, urls: string[], paths: string[], rows: Row[]) {
  for (const path of paths) {
    for (const connections of CONNECTIONS) {
      // the connections are split between the processes, each loaded at once
      const parts = await Promise.all(
        urls.map((u) => load(`${u}${path}`, connections / urls.length, SECONDS)),
      );
      const sum = parts.reduce((a, b) => a + b.rps, 0);
      const row: Row = {
        target,
        path,
        connections,
        requests: parts.reduce((a, b) => a + b.requests, 0),
        rps: sum,
        p50: Math.max(...parts.map((p) => p.p50)),
        p99: Math.max(...parts.map((p) => p.p99)),
        errors: parts.reduce((a, b) => a + b.errors, 0),
      };
      rows.push(row);
      log(`${target} ${path} ×${connections}: ${row.rps} req/s, p99 ${row.p99} ms`);
    }
  }
}

async function withServers<T>(
  count: number,
  env: Record<string, string>,
  fn: (servers: ServerProcess[]) => Promise<T>,
): Promise<T> {
  const servers = await Promise.all(Array.from({ length: count }, () => startServerProcess(env)));
  try {
    return await fn(servers);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function embedded(rows: Row[]): Promise<string[]> {
  const env = { TOTEM_DEMO: '1', LOG_LEVEL: 'warn' };
  let paths: string[] = [];
  await withServers(1, env, async ([server]) => {
    if (!server) return;
    paths = await pagesOf(server.url);
    const peer = await startStaticServer(
      Object.fromEntries(
        await Promise.all(paths.map(async (p) => [p, await raw(`${server.url}${p}`)] as const)),
      ),
    );
    try {
      await loadAll('static server', [peer.url], paths, rows);
    } finally {
      await peer.stop();
    }
    await loadAll('PGlite, cache', [server.url], paths, rows);
  });
  await withServers(1, { ...env, PAGE_CACHE_MB: '0' }, ([server]) =>
    loadAll('PGlite, no cache', [server?.url ?? ''], paths, rows),
  );
  return paths;
}

async function server(rows: Row[], paths: string[]) {
  const database = await createEmptyServerDatabase();
  try {
    const env = { DATABASE_URL: database.url, TOTEM_DEMO: '1', LOG_LEVEL: 'warn' };
    // the first start migrates and loads the demo; then the organisations the API search finds
    await withServers(1, env, async () => {});
    const db = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    try {
      log(`PostgreSQL: ${ORGS} organisations`);
      await buildManyOrganisations(db.db, {
        count: ORGS,
        prefix: 'Grenoble Numérique',
        band: '12',
      });
      await sql`ANALYZE`.execute(db.db);
    } finally {
      await db.close();
    }
    const all = [...paths, API];
    await withServers(1, env, ([s]) => loadAll('PostgreSQL, cache', [s?.url ?? ''], all, rows));
    await withServers(1, { ...env, PAGE_CACHE_MB: '0' }, ([s]) =>
      loadAll('PostgreSQL, no cache', [s?.url ?? ''], all, rows),
    );
    await withServers(2, env, (servers) =>
      loadAll(
        'PostgreSQL, cache, 2 processes',
        servers.map((s) => s.url),
        ['/', API],
        rows,
      ),
    );
    // the work a second process shares: pages rendered each time, where the load generator
    // needs little of the machine (kept pages are bounded by it on two cores)
    await withServers(2, { ...env, PAGE_CACHE_MB: '0' }, (servers) =>
      loadAll(
        'PostgreSQL, no cache, 2 processes',
        servers.map((s) => s.url),
        [PROFILE, API],
        rows,
      ),
    );
  } finally {
    await database.drop();
  }
}

export async function run() {
  const rows: Row[] = [];
  const paths = await embedded(rows);
  if (process.env.TEST_DATABASE_URL) await server(rows, paths);
  else log('TEST_DATABASE_URL not set: the PostgreSQL server is not measured');
  const staticRps = (path: string, c: number) =>
    rows.find((r) => r.target === 'static server' && r.path === path && r.connections === c)?.rps;
  // two processes against one, the same page, connections and cache
  const oneProcess = (r: Row) =>
    rows.find(
      (o) =>
        o.target === r.target.replace(', 2 processes', '') &&
        o.path === r.path &&
        o.connections === r.connections,
    )?.rps;
  const twoProcesses = rows
    .filter((r) => r.target.endsWith('2 processes'))
    .map((r) => ({ ...r, vsOne: Number((r.rps / (oneProcess(r) ?? Number.NaN)).toFixed(2)) }));
  const table = rows.map((r) => {
    const peer = staticRps(r.path, r.connections);
    const one = r.target.endsWith('2 processes') ? oneProcess(r) : undefined;
    return [
      r.target,
      r.path,
      r.connections,
      r.rps,
      r.p50,
      r.p99,
      peer && r.target !== 'static server' ? (r.rps / peer).toFixed(2) : '',
      one ? (r.rps / one).toFixed(2) : '',
      r.errors,
    ];
  });
  process.stdout.write(
    formatTable(
      `Public pages, ${SECONDS} s per line`,
      ['target', 'path', 'conn.', 'req/s', 'p50 ms', 'p99 ms', '× static', '× 1 process', 'errors'],
      table,
    ),
  );
  await writeResults('pages', {
    machine: machine(),
    seconds: SECONDS,
    organisations: ORGS,
    goals: {
      pagesVsStatic: 0.25,
      p99At50Ms: 50,
      apiSearchRpsOnPostgres: 1000,
      twoProcessesVsOne: 1.7,
    },
    twoProcesses,
    rows,
  });
}
