/**
 * The search half of the directory benchmark: a fixed set of searches, each timed on three
 * paths over the same database — the repository's SQL alone, the service (what the API handler
 * calls) and HTTP through the real server — plus, per search, the statements it sends, timed one
 * by one, and the plan of the slowest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CompiledQuery,
  createQueryId,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import { buildServer } from '../../src/app/server.ts';
import type { Database } from '../../src/db/engine.ts';
import type { DB } from '../../src/db/schema.ts';
import { toQueryString } from '../../src/directory/directory.routes.ts';
import { type SearchQuery, searchQuery } from '../../src/directory/directory.schema.ts';
import { directoryService } from '../../src/directory/directory.service.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { indexedSearch } from '../../src/search/index/search-index.service.ts';
import { searchRepository } from '../../src/search/search.repository.ts';
import { log } from '../lib/log.ts';
import { type Latency, measure, measureInterleaved } from '../lib/stats.ts';

export type Scenario = {
  name: string;
  label: string;
  params: Record<string, string>;
  /** part of the fixed set (the others are shown, not held to the goals) */
  inGoals: boolean;
};

export const SCENARIOS: Scenario[] = [
  { name: 'prefix', label: 'prefix q=grenob', params: { q: 'grenob' }, inGoals: true },
  { name: 'word', label: 'word q=logiciel', params: { q: 'logiciel' }, inGoals: true },
  { name: 'nothing', label: 'no match q=zzyzx', params: { q: 'zzyzx' }, inGoals: true },
  {
    name: 'facets',
    label: 'kind+field+commune',
    params: { kind: 'startup', field: 'objets-connectes', commune: '38185' },
    inGoals: true,
  },
  { name: 'landing', label: 'no filter (landing page)', params: {}, inGoals: false },
];

export type PathName = 'sql' | 'service' | 'http';

export type StatementTiming = {
  label: string;
  /** how many times one search sends it */
  times: number;
  medianMs: number;
};

export type ScenarioResult = {
  name: string;
  label: string;
  inGoals: boolean;
  url: string;
  total: number;
  statementsPerSearch: number;
  paths: Record<PathName, Latency>;
  /** (http p50 − service p50) / service p50 */
  httpOverhead: number;
  statements: StatementTiming[];
  slowest: { label: string; sql: string; parameters: unknown[]; plan: string };
};

export type SearchEngineResult = {
  engine: Database['kind'];
  /** GET /healthz through the same server and client: what HTTP costs without the database */
  httpFloor: Latency;
  /** the in-process index, built before the searches are timed */
  index: SearchIndexBuild;
  organisations: number;
  loadSeconds: number;
  tableMB: number;
  scenarios: ScenarioResult[];
};

export type SearchIndexBuild = { seconds: number; heapMB: number; rssMB: number };

/** requests a server answers before anything is timed */
export const WARM_UP = { healthz: 1000, searches: 200 };

/** builds the database's search index, as a server does at start, and what it took */
async function buildIndex(database: Database): Promise<SearchIndexBuild> {
  // without a collection before and after, the difference would count the load's garbage
  if (!globalThis.gc)
    throw new Error('run the benchmark with node --expose-gc (npm run bench does)');
  globalThis.gc();
  const before = process.memoryUsage();
  const t = performance.now();
  await indexedSearch(database.db).build();
  const seconds = (performance.now() - t) / 1000;
  globalThis.gc();
  const after = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1_048_576);
  return {
    seconds,
    heapMB: mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers),
    rssMB: mb(after.rss - before.rss),
  };
}

/**
 * Records the queries a Kysely instance executes, as operation nodes (compiled later). Plugins
 * also see subqueries as they are built; only a node whose result comes back was executed.
 */
class Capture implements KyselyPlugin {
  private readonly pending = new Map<QueryId, RootOperationNode>();
  readonly executed: RootOperationNode[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.pending.set(args.queryId, args.node);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const node = this.pending.get(args.queryId);
    if (node) this.executed.push(node);
    return args.result;
  }
}

function labelOf(text: string): string {
  const s = text.toLowerCase();
  if (s.includes('from "hub"')) return 'hub row (commune names)';
  if (s.includes('with m as materialized')) return 'matches, total, facets, page ids';
  if (s.includes('with h as')) return 'index: snapshot, changes, tsquery';
  if (s.includes('"organisations"."doc_no" in')) return 'page rows by document';
  if (s.includes('doc_no = any')) return 'matches in name order';
  if (s.includes('from directory_facet_counts')) return 'kept counts';
  if (s.includes('"organisations"."id" in')) return 'page rows by id';
  if (s.includes(' limit ')) return 'page ids in index order';
  return s.slice(0, 40);
}

async function median(fn: () => Promise<unknown>, runs: number): Promise<number> {
  return (await measure(fn, { warmups: 1, runs })).p50;
}

/** The statements one service search sends, each timed alone, and the slowest one's plan. */
/**
 * A handle on the database that records what it executes, with its own search index (an index
 * belongs to a handle), built once before any statement is recorded.
 */
async function capturing(db: Kysely<DB>) {
  const capture = new Capture();
  const captured = db.withPlugin(capture);
  await indexedSearch(captured).build();
  return { capture, service: directoryService(captured) };
}

async function statementsOf(
  db: Kysely<DB>,
  query: SearchQuery,
  recorder: Awaited<ReturnType<typeof capturing>>,
) {
  const { capture, service } = recorder;
  capture.executed.length = 0;
  await service.search(query, 'fr');
  const executor = db.getExecutor();
  const distinct = new Map<string, { compiled: CompiledQuery; times: number }>();
  for (const node of capture.executed) {
    const compiled = executor.compileQuery(node, createQueryId());
    const key = `${compiled.sql}\u0000${JSON.stringify(compiled.parameters)}`;
    const seen = distinct.get(key);
    if (seen) seen.times++;
    else distinct.set(key, { compiled, times: 1 });
  }
  const timings: (StatementTiming & { compiled: CompiledQuery })[] = [];
  for (const { compiled, times } of distinct.values()) {
    const raw = CompiledQuery.raw(compiled.sql, [...compiled.parameters]);
    timings.push({
      label: labelOf(compiled.sql),
      times,
      medianMs: await median(() => db.executeQuery(raw), 3),
      compiled,
    });
  }
  timings.sort((a, b) => b.medianMs * b.times - a.medianMs * a.times);
  const worst = timings[0];
  if (!worst) throw new Error('the search sent no statement');
  const explained = await db.executeQuery<Record<string, string>>(
    CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${worst.compiled.sql}`, [
      ...worst.compiled.parameters,
    ]),
  );
  return {
    count: capture.executed.length,
    statements: timings.map(({ compiled: _, ...t }) => t),
    slowest: {
      label: worst.label,
      sql: worst.compiled.sql,
      parameters: [...worst.compiled.parameters],
      plan: explained.rows.map((r) => Object.values(r)[0]).join('\n'),
    },
  };
}

/** The server on `database`, listening on 127.0.0.1 at a free port. */
async function startServer(database: Database) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0' });
  const mailer = createMailer({ dataDir, from: config.mailFrom });
  const app = await buildServer({ config, database, mailer });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function benchSearches(
  database: Database,
  options: { warmups: number; runs: number; budgetMs: number },
): Promise<{ httpFloor: Latency; index: SearchIndexBuild; scenarios: ScenarioResult[] }> {
  const { db } = database;
  const repo = searchRepository(db);
  const service = directoryService(db);
  const index = await buildIndex(database);
  const recorder = await capturing(db);
  log(
    `  ${database.kind} search index built in ${index.seconds.toFixed(1)} s ` +
      `(heap and buffers +${index.heapMB} MB, RSS +${index.rssMB} MB)`,
  );
  const server = await startServer(database);
  const results: ScenarioResult[] = [];
  let httpFloor: Latency;
  try {
    const healthz = async () => {
      const res = await fetch(`${server.base}/healthz`);
      await res.json();
      if (res.status !== 200) throw new Error(`/healthz: ${res.status}`);
    };
    // A server in service has answered many requests: its HTTP code (routing, hooks, validation,
    // serialisation, and the client's) is compiled by then. Without this, the first few dozen
    // requests run it unoptimised and HTTP looks 1 ms slower than it is (p50 1.6 ms against
    // 0.6 ms for /healthz here). The warm-up search finds nothing and is none of the timed ones.
    for (let i = 0; i < WARM_UP.healthz; i++) await healthz();
    for (let i = 0; i < WARM_UP.searches; i++) {
      const res = await fetch(`${server.base}/api/v1/organisations?q=wqxvj`);
      await res.json();
    }
    httpFloor = await measure(healthz, { ...options, runs: Math.max(options.runs, 200) });
    for (const scenario of SCENARIOS) {
      const query = searchQuery.parse(scenario.params);
      const url = `/api/v1/organisations${toQueryString(query)}`;
      const expected = await service.search(query, 'fr');
      const http = async () => {
        const res = await fetch(server.base + url);
        const body = (await res.json()) as { total?: number };
        if (res.status !== 200 || body.total !== expected.total) {
          throw new Error(`${url}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        }
      };
      const paths = await measureInterleaved(
        {
          sql: () => repo.search(query),
          service: () => service.search(query, 'fr'),
          http,
        },
        options,
      );
      const shape = await statementsOf(db, query, recorder);
      results.push({
        name: scenario.name,
        label: scenario.label,
        inGoals: scenario.inGoals,
        url,
        total: expected.total,
        statementsPerSearch: shape.count,
        paths,
        httpOverhead: (paths.http.p50 - paths.service.p50) / paths.service.p50,
        statements: shape.statements,
        slowest: shape.slowest,
      });
      log(
        `  ${database.kind} ${scenario.label}: ${expected.total.toLocaleString('en')} found, ` +
          `p50 sql ${paths.sql.p50.toFixed(1)} / service ${paths.service.p50.toFixed(1)} / ` +
          `http ${paths.http.p50.toFixed(1)} ms, ${shape.count} statements`,
      );
    }
  } finally {
    await server.close();
  }
  return { httpFloor, index, scenarios: results };
}

export async function tableMB(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ bytes: number }>`
    SELECT pg_total_relation_size('organisations')::bigint AS bytes`.execute(db);
  return Math.round((r.rows[0]?.bytes ?? 0) / 1_048_576);
}
