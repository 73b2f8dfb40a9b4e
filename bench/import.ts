/**
 * `npm run bench -- import`: how fast the import reads a national-like StockEtablissement file and
 * keeps the territory's rows, against DuckDB doing the same filter on the same file in the same
 * run. Three readers, each in a process of its own, whole-process wall time and peak memory:
 * - duckdb: read_csv (every column as text) with the commune filter in SQL, on its own threads;
 * - totem: the import's reading process as an import starts it: the byte pre-filter
 *   (`src/sirene/line-filter.ts`) drops the lines outside the territory from their bytes, after
 *   the same checks the full reader makes, and only the territory's lines are parsed and sent
 *   as COPY text — one thread;
 * - threads: the same reader in the benchmark's process, its lines judged on worker threads
 *   (the cores but one), without the COPY text: what the workers add where they are used.
 * DuckDB stays a devDependency, the benchmark's peer.
 * Two files (generated once, kept in the system's temporary folder): quoted where needed, and
 * every field quoted. BENCH_IMPORT_ROWS sets their size (default 2 000 000). Establishments only:
 * the database writes, the merge and the legal units are not measured here.
 */
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNationalEstablishments } from '../src/sirene/sample/national.ts';
import { territoryPlaces } from '../src/sirene/sample/places.ts';
import type { ReadResult, ReadTask } from './import/reader-worker.ts';
import { runInChild } from './lib/child.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { formatTable } from './lib/table.ts';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'import/reader-worker.ts');
/** INSEE's national files: establishments and legal units */
const NATIONAL_ROWS = 40_000_000 + 28_000_000;

async function cached(rows: number, quoting: 'all' | 'needed') {
  const base = path.join(tmpdir(), `totem-bench-import-${rows}-${quoting}`);
  const file = `${base}.csv`;
  const exists = await stat(file).catch(() => undefined);
  if (!exists) {
    log(
      `writing ${rows.toLocaleString('en')} rows, quoted ${quoting === 'all' ? 'everywhere' : 'where needed'}`,
    );
    await writeNationalEstablishments({ base, rows, quoting });
  }
  return { file, bytes: (await stat(file)).size };
}

export async function run(): Promise<void> {
  const rows = envInt('BENCH_IMPORT_ROWS', 2_000_000);
  const communes = territoryPlaces().map((p) => p.code);
  const results: (ReadResult & { file: string; mbPerSecond: number; ratio: number })[] = [];
  for (const quoting of ['needed', 'all'] as const) {
    const { file, bytes } = await cached(rows, quoting);
    const byKind = new Map<string, ReadResult>();
    for (const kind of ['duckdb', 'totem', 'threads'] as const) {
      log(`${kind} reads ${path.basename(file)}`);
      const started = performance.now();
      const result = await runInChild<ReadResult>(
        WORKER,
        { kind, file, communes } satisfies ReadTask,
        1_800_000,
      );
      // the whole process: its start, its loading, its reading
      result.seconds = (performance.now() - started) / 1000;
      byKind.set(kind, result);
    }
    const peer = byKind.get('duckdb') as ReadResult;
    for (const result of byKind.values()) {
      if (result.kept !== peer.kept || result.fingerprint !== peer.fingerprint) {
        throw new Error(
          `${result.kind} kept other rows than DuckDB (${result.kept} / ${peer.kept})`,
        );
      }
      results.push({
        ...result,
        file: quoting,
        mbPerSecond: bytes / 1_048_576 / result.seconds,
        ratio: result.seconds / peer.seconds,
      });
    }
  }
  const table = formatTable(
    `Reading ${rows.toLocaleString('en')} establishment rows, keeping the territory's (1 %)`,
    [
      'file',
      'reader',
      'seconds',
      'MB/s',
      'rows/s',
      '× DuckDB',
      'peak MB',
      'kept',
      'national (68 M rows), min',
      'notes',
    ],
    results.map((r) => [
      r.file,
      r.kind,
      r.seconds.toFixed(2),
      r.mbPerSecond.toFixed(0),
      Math.round(rows / r.seconds).toLocaleString('en'),
      r.ratio.toFixed(2),
      r.childMaxRssMB,
      r.kept,
      (((NATIONAL_ROWS / rows) * r.seconds) / 60).toFixed(1),
      r.detail,
    ]),
  );
  process.stdout.write(`${table}\n`);
  const saved = await writeResults('import', { machine: machine(), rows, results });
  log(`results in ${saved}`);
}
