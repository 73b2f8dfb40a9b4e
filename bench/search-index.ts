/**
 * The directory's search index (`npm run bench -- search-index`), on PGlite, and on the server
 * too when TEST_DATABASE_URL is set (BENCH_ENGINES filters). Two parts:
 *
 * 1. Searches while the register is edited: loads BENCH_WRITES_ORGS organisations (default
 *    100 000), builds the index as a server does, then runs searches one after another — the
 *    directory's own (directoryService.search, the index answering) over the directory
 *    benchmark's fixed set — through alternating windows of BENCH_WRITES_WINDOW_S seconds
 *    (default 5), BENCH_WRITES_ROUNDS times (default 4): a quiet window (the peer: searches
 *    alone), then a window where a staff member's profile edit lands every BENCH_WRITES_EVERY_MS
 *    (default 100) through the profile service, as the edit form saves it (an UPDATE of
 *    `organisations` in a transaction, which the index catches up with at the next search). Each
 *    edit brings a word the register never had, the index's costliest change. Alternating windows
 *    put a slow spell of the machine on both sides alike.
 * 2. Where the SQL search is as fast as the index (SEARCH_INDEX_MIN_ORGANISATIONS): for registers
 *    of BENCH_THRESHOLD_SIZES organisations (default 100,200,500,1000,2000; empty: skipped), the
 *    p50 of six searches by SQL alone and by the index, BENCH_THRESHOLD_RUNS runs each (default
 *    30), taking turns.
 *
 * Writes bench/results/search-index.json (with the machine's load average at start and end) and
 * prints the tables. A measurement: no exit code for a figure.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import type { Database, EngineKind } from '../src/db/engine.ts';
import { type SearchQuery, searchQuery } from '../src/directory/directory.schema.ts';
import { directoryService } from '../src/directory/directory.service.ts';
import type { StaffEdit } from '../src/directory/profile.schema.ts';
import { profileService } from '../src/directory/profile.service.ts';
import type { Actor } from '../src/kernel/policy.ts';
import { IndexedSearch, indexedSearch } from '../src/search/index/search-index.service.ts';
import { searchRepository } from '../src/search/search.repository.ts';
import { createTestDatabase } from '../test/support/engines.ts';
import { loadOrganisations } from './directory/organisations.ts';
import { SCENARIOS } from './directory/search.ts';
import { envInt, log, timed } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { type Latency, measureInterleaved, summarize } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

type Settings = ReturnType<typeof settings>;

function settings() {
  const serverUrl = process.env.TEST_DATABASE_URL || undefined;
  const sizes = process.env.BENCH_THRESHOLD_SIZES ?? '100,200,500,1000,2000';
  return {
    thresholdSizes: sizes
      .split(',')
      .filter((n) => n.trim() !== '')
      .map((n) => {
        const size = Number(n);
        if (!Number.isInteger(size) || size <= 0) throw new Error(`BENCH_THRESHOLD_SIZES: ${n}`);
        return size;
      }),
    thresholdRuns: envInt('BENCH_THRESHOLD_RUNS', 30),
    organisations: envInt('BENCH_WRITES_ORGS', 100_000),
    windowMs: envInt('BENCH_WRITES_WINDOW_S', 5) * 1000,
    rounds: envInt('BENCH_WRITES_ROUNDS', 4),
    everyMs: envInt('BENCH_WRITES_EVERY_MS', 100),
    engines: (serverUrl ? ['pglite', 'postgres'] : ['pglite']).filter((e) =>
      (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').includes(e),
    ) as EngineKind[],
  };
}

type Window = 'quiet' | 'writing';

export type EngineResult = {
  engine: EngineKind;
  organisations: number;
  loadSeconds: number;
  indexSeconds: number;
  /** every search of a kind of window, and those that caught up an edit */
  searches: Record<Window | 'afterEdit', Latency>;
  /** per search of the fixed set */
  scenarios: { name: string; label: string; quiet: Latency; writing: Latency }[];
  /** how long an edit took (load then save), how many landed, and how late the last one began */
  edits: { count: number; latency: Latency; maxLagMs: number };
  /** the last edit's new word is found by a search after the run (the index caught up) */
  caughtUp: boolean;
};

const STAFF: Actor = {
  kind: 'user',
  user: {
    id: randomUUID(),
    name: 'Bench',
    email: 'bench@totem.test',
    role: 'staff',
    locale: 'fr',
    createdAt: new Date(),
    verified: true,
  },
};

/** a word the register never held, for edit `k` */
const newWord = (k: number) => `bancdessai${k.toString(36)}x`;

/** a staff edit of one organisation's profile, as the edit form saves it: its description changes */
async function edit(database: Database, slug: string, k: number): Promise<void> {
  const profiles = profileService(database.db);
  const org = await profiles.load(slug);
  await profiles.edit(STAFF, slug, {
    version: org.updated_at.toISOString(),
    name: org.name,
    acronym: org.acronym ?? '',
    kind: org.kind as StaffEdit['kind'],
    status: org.status as StaffEdit['status'],
    description_fr: `Mise à jour ${k} : ${newWord(k)}.`,
    description_en: org.description_en ?? '',
    website: org.website ?? '',
    tags: org.tags,
    fields: org.field_slugs,
    headcount: null,
    headcount_year: null,
  });
}

/**
 * Edits organisations picked by a fixed sequence, one every `everyMs`, until `stop` says so (an
 * edit that takes longer than that delays the next one).
 */
async function writer(
  database: Database,
  s: Settings,
  stop: () => boolean,
  done: { count: number; samples: number[]; maxLagMs: number; last: string | null; k: number },
) {
  const started = performance.now();
  let seed = 4242 + done.k;
  for (let i = 0; !stop(); i++) {
    const due = started + i * s.everyMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else done.maxLagMs = Math.max(done.maxLagMs, -wait);
    if (stop()) break;
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const slug = `org-${1 + (seed % s.organisations)}`;
    const t = performance.now();
    await edit(database, slug, done.k);
    done.samples.push(performance.now() - t);
    done.last = newWord(done.k);
    done.k++;
    done.count++;
  }
}

/**
 * Searches one after another for `ms`, each of the fixed set in turn: their times by scenario,
 * and the times of those that were the first the index answered after an edit had landed
 * (`landed` counts the edits), which caught it up.
 */
async function searchFor(
  search: (q: SearchQuery) => Promise<unknown>,
  ms: number,
  landed: () => number = () => 0,
) {
  const queries = SCENARIOS.map((sc) => searchQuery.parse(sc.params));
  const samples = SCENARIOS.map(() => [] as number[]);
  const afterEdit: number[] = [];
  let seen = landed();
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end; i++) {
    const j = i % queries.length;
    // the landing page is answered by SQL: the index catches up at the next search
    const catchingUp = landed() !== seen && SCENARIOS[j]?.name !== 'landing';
    if (catchingUp) seen = landed();
    const t = performance.now();
    await search(queries[j] as SearchQuery);
    samples[j]?.push(performance.now() - t);
    if (catchingUp) afterEdit.push(performance.now() - t);
    // searches arrive as requests do, each on its own turn of the event loop: otherwise, on the
    // embedded database (in this thread), the writer's timer would wait for the window's end
    await setImmediate();
  }
  return { samples, afterEdit };
}

async function benchEngine(engine: EngineKind, s: Settings): Promise<EngineResult> {
  const database = await createTestDatabase(engine);
  try {
    log(`loading ${s.organisations.toLocaleString('en')} organisations on ${engine}`);
    const load = await timed(() => loadOrganisations(database.db, s.organisations, () => {}));
    const built = await timed(() => indexedSearch(database.db).build());
    log(
      `  loaded in ${load.seconds.toFixed(1)} s, index built in ${built.seconds.toFixed(1)} s; ` +
        `${s.rounds} rounds of ${s.windowMs / 1000} s quiet + ${s.windowMs / 1000} s writing`,
    );
    const directory = directoryService(database.db);
    const search = (q: SearchQuery) => directory.search(q, 'fr');
    await searchFor(search, 1000);
    const samples: Record<Window, number[][]> = {
      quiet: SCENARIOS.map(() => []),
      writing: SCENARIOS.map(() => []),
    };
    const afterEdit: number[] = [];
    const edits = {
      count: 0,
      samples: [] as number[],
      maxLagMs: 0,
      last: null as string | null,
      k: 0,
    };
    for (let round = 0; round < s.rounds; round++) {
      const quiet = (await searchFor(search, s.windowMs)).samples;
      quiet.forEach((list, j) => {
        samples.quiet[j]?.push(...list);
      });
      let stopped = false;
      const writing = writer(database, s, () => stopped, edits);
      const during = await searchFor(search, s.windowMs, () => edits.count);
      stopped = true;
      await writing;
      during.samples.forEach((list, j) => {
        samples.writing[j]?.push(...list);
      });
      afterEdit.push(...during.afterEdit);
      log(`  ${engine} round ${round + 1}: ${edits.count} edits so far`);
    }
    const found = edits.last
      ? (await search(searchQuery.parse({ q: edits.last }))).total === 1
      : false;
    return {
      engine,
      organisations: s.organisations,
      loadSeconds: load.seconds,
      indexSeconds: built.seconds,
      searches: {
        quiet: summarize(samples.quiet.flat()),
        writing: summarize(samples.writing.flat()),
        afterEdit: summarize(afterEdit),
      },
      scenarios: SCENARIOS.map((sc, j) => ({
        name: sc.name,
        label: sc.label,
        quiet: summarize(samples.quiet[j] ?? []),
        writing: summarize(samples.writing[j] ?? []),
      })),
      edits: {
        count: edits.count,
        latency: summarize(edits.samples),
        maxLagMs: Math.round(edits.maxLagMs),
      },
      caughtUp: found,
    };
  } finally {
    await database.close();
  }
}

function report(
  results: EngineResult[],
  s: Settings,
  m: ReturnType<typeof machine>,
  end: number[],
): string {
  const out = [
    `\nThe search index — node ${m.node}, ${m.cpuCount} CPUs (${m.cpuModel}), ` +
      `load average ${m.loadAverage.join(' ')} at start, ${end.join(' ')} at end`,
  ];
  const f = (x: number) => x.toFixed(1);
  for (const r of results) {
    const caught = r.searches.afterEdit;
    out.push(
      formatTable(
        `${r.engine}, ${r.organisations.toLocaleString('en')} organisations: the directory's search ` +
          `(index), ms; quiet: searches alone (the peer); writing: an edit every ` +
          `${s.everyMs} ms (${r.edits.count} edits, p50 ${f(r.edits.latency.p50)} ms, ` +
          `p95 ${f(r.edits.latency.p95)} ms; the last one ${r.caughtUp ? 'found' : 'NOT FOUND'} ` +
          'by a search after)',
        [
          'search',
          'quiet runs',
          'quiet p50',
          'quiet p95',
          'writing runs',
          'writing p50',
          'writing p95',
          'p95 ×',
        ],
        [
          ...r.scenarios.map((sc) => ({ label: sc.label, quiet: sc.quiet, writing: sc.writing })),
          { label: 'all', quiet: r.searches.quiet, writing: r.searches.writing },
        ].map((row) => [
          row.label,
          row.quiet.runs,
          f(row.quiet.p50),
          f(row.quiet.p95),
          row.writing.runs,
          f(row.writing.p50),
          f(row.writing.p95),
          (row.writing.p95 / row.quiet.p95).toFixed(2),
        ]),
      ),
    );
    out.push(
      `  ${r.engine}: the ${caught.runs} searches that caught up an edit (the first the index ` +
        `answered after it): p50 ${f(caught.p50)} ms, p95 ${f(caught.p95)} ms, max ${f(caught.max)} ms`,
    );
  }
  return out.join('\n');
}

/** six searches: the fixed set but the landing page (SQL either way), and two with filters */
const THRESHOLD_SEARCHES = [
  ...SCENARIOS.filter((sc) => sc.name !== 'landing').map((sc) => ({
    name: sc.name,
    params: sc.params as Record<string, string>,
  })),
  { name: 'alp+status', params: { q: 'alp', status: 'active' } },
  { name: 'tag', params: { tag: 'ia' } },
];

export type ThresholdResult = {
  engine: EngineKind;
  organisations: number;
  /** the sums of the six searches' p50, ms */
  sqlMs: number;
  indexMs: number;
  searches: Record<string, { sql: Latency; index: Latency }>;
};

/** on a register of `size` organisations, the six searches by SQL alone and by the index */
async function thresholdAt(engine: EngineKind, size: number, s: Settings) {
  const database = await createTestDatabase(engine);
  try {
    await loadOrganisations(database.db, size, () => {});
    const indexed = new IndexedSearch(database.db, { minOrganisations: 0 });
    await indexed.build();
    const repo = searchRepository(database.db);
    const searches: ThresholdResult['searches'] = {};
    for (const { name, params } of THRESHOLD_SEARCHES) {
      const query = searchQuery.parse(params);
      searches[name] = await measureInterleaved(
        { sql: () => repo.search(query), index: () => indexed.search(query) },
        { warmups: 5, runs: s.thresholdRuns },
      );
    }
    const sum = (path: 'sql' | 'index') =>
      Object.values(searches).reduce((n, x) => n + x[path].p50, 0);
    const result = {
      engine,
      organisations: size,
      sqlMs: sum('sql'),
      indexMs: sum('index'),
      searches,
    };
    log(
      `  ${engine} ${size.toLocaleString('en')} organisations: p50 sums SQL ` +
        `${result.sqlMs.toFixed(1)} ms, index ${result.indexMs.toFixed(1)} ms`,
    );
    return result;
  } finally {
    await database.close();
  }
}

function thresholdReport(results: ThresholdResult[], s: Settings): string {
  return formatTable(
    `Where SQL is as fast as the index: the sum of the p50 of ${THRESHOLD_SEARCHES.length} ` +
      `searches (${THRESHOLD_SEARCHES.map((x) => x.name).join(', ')}), ms, ` +
      `${s.thresholdRuns} runs each, SQL and index taking turns`,
    ['engine', 'organisations', 'SQL', 'index', 'SQL / index'],
    results.map((r) => [
      r.engine,
      r.organisations,
      r.sqlMs.toFixed(1),
      r.indexMs.toFixed(1),
      (r.sqlMs / r.indexMs).toFixed(2),
    ]),
  );
}

/** runs `fn` for every engine; a failure is recorded and the next engine runs */
async function eachEngine<T>(
  s: Settings,
  part: string,
  failures: { part: string; engine: string; error: string }[],
  fn: (engine: EngineKind) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (const engine of s.engines) {
    try {
      out.push(...(await fn(engine)));
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ part, engine, error: text.slice(0, 2000) });
      log(`  ${part} on ${engine} FAILED: ${text.split('\n')[0]}`);
    }
  }
  return out;
}

export async function run(): Promise<void> {
  const s = settings();
  const startedAt = new Date();
  const host = machine();
  log(
    `search-index: ${s.organisations.toLocaleString('en')} organisations, an edit every ` +
      `${s.everyMs} ms, ${s.rounds} × (${s.windowMs / 1000} s quiet + ${s.windowMs / 1000} s ` +
      `writing); SQL or index at ${s.thresholdSizes.join(', ') || 'no size'}; ` +
      `engines ${s.engines.join(', ')}`,
  );
  const failures: { part: string; engine: string; error: string }[] = [];
  const writes = await eachEngine(s, 'writes', failures, async (e) => [await benchEngine(e, s)]);
  const threshold = await eachEngine(s, 'threshold', failures, async (engine) => {
    const out: ThresholdResult[] = [];
    for (const size of s.thresholdSizes) out.push(await thresholdAt(engine, size, s));
    return out;
  });
  const end = machine().loadAverage;
  const written = await writeResults('search-index', {
    benchmark: 'search-index',
    date: startedAt.toISOString(),
    machine: { ...host, loadAverageAtEnd: end },
    config: s,
    writes,
    threshold,
    failures,
  });
  const tables = [report(writes, s, host, end)];
  if (threshold.length > 0) tables.push(thresholdReport(threshold, s));
  process.stdout.write(`${tables.join('\n')}\n`);
  log(`results written to ${written}`);
  if (failures.length > 0) throw new Error(`${failures.length} part(s) failed: see the JSON`);
}
