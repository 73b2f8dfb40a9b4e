/**
 * The directory benchmark (`npm run bench -- directory`).
 *
 * 1. writes a national-scale SIRENE stock (BENCH_ROWS establishment rows, default 1 000 000)
 *    with writeSireneSample into a temporary folder;
 * 2. imports it with Totem’s real path into a fresh migrated PGlite (in a folder) and, when
 *    TEST_DATABASE_URL is set, a throwaway database on the server — each in a child process, so
 *    that its peak RSS is its own — and has DuckDB read the same files and keep the same rows;
 * 3. loads BENCH_ORGS organisations (default 1 000 000) with SQL into a fresh database per engine
 *    builds the in-process search index (time, memory), and times a fixed set of searches:
 *    the SQL search alone, the service (answered by the index), and HTTP;
 * 4. writes bench/results/directory.json and prints the tables and the goals.
 *
 * A goal missed is reported, never an exit code: this is a measurement.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { boundedNodeOptions } from '../bin/bounded-heap.js';
import type { EngineKind } from '../src/db/engine.ts';
import { loadTerritory } from '../src/hub/territory.service.ts';
import { importsRepository } from '../src/imports/imports.repository.ts';
import { writeSireneSample } from '../src/sirene/sample/sample.ts';
import { createEmptyServerDatabase, createTestDatabase } from '../test/support/engines.ts';
import type {
  DuckdbImportResult,
  ImportTask,
  PrepareResult,
  TotemImportResult,
} from './directory/import-worker.ts';
import { loadOrganisations } from './directory/organisations.ts';
import { evaluate, report } from './directory/report.ts';
import { benchSearches, type SearchEngineResult, tableMB, WARM_UP } from './directory/search.ts';
import { runInChild } from './lib/child.ts';
import { envInt, log, mb, timed } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';

const WORKER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'directory/import-worker.ts',
);

/** the import child runs with the Node options `totem import` has (its heap bound among them) */
const AS_THE_COMMAND = boundedNodeOptions('import');

/** what the benchmark was asked, from the environment */
function settings() {
  const only = process.env.BENCH_ONLY ?? '';
  if (!['', 'import', 'search'].includes(only)) throw new Error('BENCH_ONLY is import or search');
  const serverUrl = process.env.TEST_DATABASE_URL || undefined;
  return {
    rows: envInt('BENCH_ROWS', 1_000_000),
    organisations: envInt('BENCH_ORGS', 1_000_000),
    runs: envInt('BENCH_RUNS', 30),
    warmups: envInt('BENCH_WARMUPS', 3),
    /** per search, for its timed runs on the three paths: slow searches get fewer runs (≥ 5) */
    budgetMs: envInt('BENCH_SEARCH_BUDGET_S', 60) * 1000,
    timeoutMs: envInt('BENCH_TIMEOUT_MIN', 60) * 60_000,
    only,
    serverUrl,
    engines: (serverUrl ? ['pglite', 'postgres'] : ['pglite']).filter((e): e is EngineKind =>
      (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').includes(e),
    ) as EngineKind[],
  };
}

type Settings = ReturnType<typeof settings>;

/** what the phases gather: their durations, their results, and what failed */
type Run = {
  phases: Record<string, number>;
  imports: (TotemImportResult | DuckdbImportResult)[];
  searches: SearchEngineResult[];
  failures: { phase: string; engine: string; error: string }[];
};

/** runs `fn`; a phase that fails on one engine is recorded and the others still run */
async function attempt(run: Run, phase: string, engine: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (error) {
    // a failed fetch says why in its cause (a socket closed, a timeout)
    const cause = error instanceof Error && error.cause ? ` (${String(error.cause)})` : '';
    const text = (error instanceof Error ? error.message : String(error)) + cause;
    run.failures.push({ phase, engine, error: text.slice(0, 2000) });
    log(`  ${phase} on ${engine} FAILED: ${text.split('\n')[0]}`);
  }
}

/** writes the SIRENE stock into `dir`; its files and their sizes */
async function generate(dir: string, rows: number, run: Run) {
  log(`generating the SIRENE stock in ${dir}`);
  const generated = await timed(() => writeSireneSample({ directory: dir, rows }));
  run.phases.generate = generated.seconds;
  const sample = generated.value;
  const files = { establishmentsPath: sample.establishmentsPath, unitsPath: sample.unitsPath };
  const bytes = {
    establishments: (await stat(files.establishmentsPath)).size,
    units: (await stat(files.unitsPath)).size,
  };
  const file: Record<string, number> = {
    establishmentRows: sample.establishmentRows,
    unitRows: sample.unitRows,
    establishmentBytes: bytes.establishments,
    unitBytes: bytes.units,
  };
  log(
    `  ${generated.seconds.toFixed(1)} s: ${sample.establishmentRows.toLocaleString('en')} establishments ` +
      `(${mb(bytes.establishments).toFixed(0)} MB), ${sample.unitRows.toLocaleString('en')} units ` +
      `(${mb(bytes.units).toFixed(0)} MB)`,
  );
  return { files, file };
}

/** the peer's filters, read from a migrated database as the import reads them */
async function importFilters() {
  const reference = await createTestDatabase('pglite');
  try {
    const territory = await loadTerritory(reference.db);
    return {
      communes: [...territory.communes.keys()],
      sectorCodes: await importsRepository(reference.db).sectorCodes(),
    };
  } finally {
    await reference.close();
  }
}

type Files = { establishmentsPath: string; unitsPath: string };

/** Totem's import of `files` on one engine, in a child process */
async function importOn(engine: EngineKind, dir: string, files: Files, s: Settings) {
  if (engine === 'pglite') {
    const dataDir = path.join(dir, 'pglite');
    try {
      const prepare: ImportTask = { kind: 'prepare', dataDir };
      const prepared = await runInChild<PrepareResult>(WORKER, prepare, s.timeoutMs);
      log(
        `  embedded database created and migrated in ${prepared.seconds.toFixed(1)} s, ` +
          `child max RSS ${prepared.childMaxRssMB} MB`,
      );
      const task: ImportTask = { kind: 'totem', engine, dataDir, ...files };
      return await runInChild<TotemImportResult>(WORKER, task, s.timeoutMs, AS_THE_COMMAND);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const server = await createEmptyServerDatabase();
  try {
    const task: ImportTask = { kind: 'totem', engine, databaseUrl: server.url, ...files };
    return await runInChild<TotemImportResult>(WORKER, task, s.timeoutMs, AS_THE_COMMAND);
  } finally {
    await server.drop();
  }
}

/** generates the stock, imports it on every engine, and has DuckDB read the same files */
async function importPhase(dir: string, s: Settings, run: Run) {
  const { files, file } = await generate(dir, s.rows, run);
  const filters = await importFilters();
  for (const engine of s.engines) {
    log(`importing on ${engine}`);
    const t = performance.now();
    await attempt(run, 'import', engine, async () => {
      if (engine === 'postgres' && !s.serverUrl) return;
      run.imports.push(await importOn(engine, dir, files, s));
    });
    run.phases[`import ${engine}`] = (performance.now() - t) / 1000;
  }
  log('reading the same files with DuckDB');
  const t = performance.now();
  const task: ImportTask = { kind: 'duckdb', ...files, ...filters };
  await attempt(run, 'import', 'duckdb', async () => {
    run.imports.push(await runInChild<DuckdbImportResult>(WORKER, task, s.timeoutMs));
  });
  run.phases['import duckdb'] = (performance.now() - t) / 1000;
  return file;
}

/** loads the organisations on one engine and times the searches */
async function searchOn(engine: EngineKind, s: Settings): Promise<SearchEngineResult> {
  const { organisations } = s;
  const database = await createTestDatabase(engine);
  try {
    log(`loading ${organisations.toLocaleString('en')} organisations on ${engine}`);
    let lastLog = 0;
    const load = await timed(() =>
      loadOrganisations(database.db, organisations, (done) => {
        if (performance.now() - lastLog > 10_000 || done === organisations) {
          lastLog = performance.now();
          log(`  ${engine}: ${done.toLocaleString('en')} organisations`);
        }
      }),
    );
    log(`  loaded in ${load.seconds.toFixed(1)} s; searching`);
    const { httpFloor, index, scenarios } = await benchSearches(database, s);
    return {
      engine,
      httpFloor,
      index,
      organisations,
      loadSeconds: load.seconds,
      tableMB: await tableMB(database.db),
      scenarios,
    };
  } finally {
    await database.close();
  }
}

export async function run(): Promise<void> {
  const s = settings();
  const { rows, organisations, runs, warmups, budgetMs, only, engines } = s;
  const startedAt = new Date();
  const host = machine();
  log(
    `directory: ${rows.toLocaleString('en')} establishment rows, ${organisations.toLocaleString('en')} ` +
      `organisations, ${warmups}+${runs} runs per search, engines ${engines.join(', ')}`,
  );

  let file: Record<string, number> | undefined;
  const current: Run = { phases: {}, imports: [], searches: [], failures: [] };
  const dir = await mkdtemp(path.join(tmpdir(), 'totem-bench-directory-'));
  try {
    if (only !== 'search') file = await importPhase(dir, s, current);
    if (only !== 'import') {
      for (const engine of engines) {
        const t = performance.now();
        await attempt(current, 'search', engine, async () => {
          current.searches.push(await searchOn(engine, s));
        });
        current.phases[`search ${engine}`] = (performance.now() - t) / 1000;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const { imports, searches, failures, phases } = current;
  const goals = evaluate(imports, searches, organisations);
  const results = {
    benchmark: 'directory',
    date: startedAt.toISOString(),
    machine: { ...host, loadAverageAtEnd: machine().loadAverage },
    config: { rows, organisations, warmups, runs, budgetMs, engines, serverWarmUp: WARM_UP },
    file,
    phasesSeconds: Object.fromEntries(
      Object.entries(phases).map(([k, v]) => [k, Math.round(v * 10) / 10]),
    ),
    import: imports,
    search: searches,
    failures,
    goals,
  };
  const written = await writeResults('directory', results);
  process.stdout.write(`${report(results, file)}\n`);
  log(`results written to ${written}`);
}
