/**
 * `npm run bench -- import`: the import at national scale, against DuckDB doing the same in the
 * same run. A national-like pair of files (generated once, kept in the system's temporary folder,
 * BENCH_IMPORT_ROWS rows each, 10 million by default), quoted where needed and every field
 * quoted. Two parts:
 * 1. Reading the establishments and keeping the territory's rows (1 %), each reader in a process
 *    of its own, whole-process wall time and peak memory:
 *    - duckdb: read_csv (every column as text) with the commune filter in SQL, on its own threads;
 *    - totem: the import's reading process as an import starts it: the byte pre-filter
 *      (`src/sirene/line-filter.js`, its blocks judged in WebAssembly: `line-scan.wat`) drops
 *      the lines outside the territory from their bytes, after the same checks the full reader
 *      makes, on as many worker threads as the import uses by default, and only the territory's
 *      lines are parsed and sent as COPY text;
 *    - threads: the same reader in the benchmark's process, its lines judged on as many worker
 *      threads as there are cores, without the COPY text.
 * 2. The whole command (`bench/import/whole-command.ts`): `totem import sirene` with both files
 *    on a migrated empty database, PostgreSQL (when TEST_DATABASE_URL names a server) and PGlite,
 *    against DuckDB keeping the same establishments and legal units; the peak memory of all the
 *    command's processes together, and the time projected for INSEE's files (40 M establishments
 *    and 28 M legal units), linearly by rows.
 * DuckDB stays a devDependency, the benchmark's peer.
 */
import { rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNationalEstablishments, writeNationalUnits } from '../src/sirene/sample/national.ts';
import { territoryPlaces } from '../src/sirene/sample/places.ts';
import type { ReadResult, ReadTask } from './import/reader-worker.ts';
import { type PairFiles, type WholeResult, wholeCommand } from './import/whole-command.ts';
import { runInChild } from './lib/child.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { formatTable } from './lib/table.ts';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'import/reader-worker.ts');
/** INSEE's national files: establishments and legal units */
const NATIONAL_ROWS = 40_000_000 + 28_000_000;

async function cached(rows: number, quoting: 'all' | 'needed', kind: 'establishments' | 'units') {
  const name = kind === 'units' ? 'units-' : '';
  const base = path.join(tmpdir(), `totem-bench-import-${name}${rows}-${quoting}`);
  const file = `${base}.csv`;
  const exists = await stat(file).catch(() => undefined);
  if (!exists) {
    const how = quoting === 'all' ? 'everywhere' : 'where needed';
    log(`writing ${rows.toLocaleString('en')} rows of ${kind}, quoted ${how}`);
    const write = kind === 'units' ? writeNationalUnits : writeNationalEstablishments;
    // written aside, then renamed: a run stopped midway leaves no half file taken for whole
    await write({ base: `${base}.part`, rows, quoting });
    await rename(`${base}.part.csv`, file);
  }
  return { file, bytes: (await stat(file)).size };
}

/** INSEE's files' time at the rate measured on `rows` rows, linearly, in minutes */
const nationalMinutes = (rows: number, seconds: number) => ((NATIONAL_ROWS / rows) * seconds) / 60;

/** Part 2: the command on each engine and DuckDB, for each quoting; prints its table. */
async function wholeImports(rows: number, communes: string[]) {
  const whole: WholeResult[] = [];
  for (const quoting of ['needed', 'all'] as const) {
    const establishments = await cached(rows, quoting, 'establishments');
    const units = await cached(rows, quoting, 'units');
    const files: PairFiles = {
      quoting,
      establishments: establishments.file,
      units: units.file,
      bytes: establishments.bytes + units.bytes,
      rows,
    };
    for (const result of await wholeCommand(files, communes)) {
      whole.push({ ...result, mbPerSecond: files.bytes / 1_048_576 / result.seconds });
    }
  }
  const columns = ['file', 'engine', 'seconds', 'read s', 'merge s', 'MB/s', 'rows/s'];
  const title = `The whole import: ${rows.toLocaleString('en')} establishments and as many legal units`;
  const table = formatTable(
    title,
    [...columns, '× DuckDB', 'peak MB', 'kept', 'national (68 M rows), min'],
    whole.map((r) => [
      r.quoting,
      r.engine,
      r.seconds.toFixed(1),
      r.readSeconds?.toFixed(1) ?? '',
      r.mergeSeconds?.toFixed(1) ?? '',
      (r.mbPerSecond ?? 0).toFixed(0),
      Math.round((2 * rows) / r.seconds).toLocaleString('en'),
      r.ratio.toFixed(2),
      r.peakMB,
      `${r.establishments} + ${r.units}`,
      nationalMinutes(2 * rows, r.seconds).toFixed(1),
    ]),
  );
  process.stdout.write(`${table}\n`);
  return whole;
}

export async function run(): Promise<void> {
  const rows = envInt('BENCH_IMPORT_ROWS', 10_000_000);
  const communes = territoryPlaces().map((p) => p.code);
  const results: (ReadResult & { file: string; mbPerSecond: number; ratio: number })[] = [];
  for (const quoting of ['needed', 'all'] as const) {
    const { file, bytes } = await cached(rows, quoting, 'establishments');
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
      nationalMinutes(rows, r.seconds).toFixed(1),
      r.detail,
    ]),
  );
  process.stdout.write(`${table}\n`);
  const whole = await wholeImports(rows, communes);
  const saved = await writeResults('import', {
    machine: machine(),
    rows,
    reading: results,
    whole: whole.map((r) => ({ ...r, nationalMinutes: nationalMinutes(2 * rows, r.seconds) })),
  });
  log(`results in ${saved}`);
}
