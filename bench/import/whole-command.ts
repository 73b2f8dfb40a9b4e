/**
 * The import as an operator runs it, on a national-like pair of files: `totem import sirene
 * --establishments E --units U` on a migrated empty database, PostgreSQL and PGlite, against
 * DuckDB reading the same pair and keeping the same rows (the territory's establishments, then
 * their legal units) in the same run. Whole-process wall time, the peak memory of all the
 * command's processes together (`test/support/process-tree.ts`), and the rows kept checked
 * equal to DuckDB's.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmptyServerDatabase } from '../../test/support/engines.ts';
import { runTotemWatched } from '../../test/support/process-tree.ts';
import { runInChild } from '../lib/child.ts';
import { log } from '../lib/log.ts';
import type { PairResult, PairTask } from './reader-worker.ts';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reader-worker.ts');
const TOTEM = fileURLToPath(new URL('../../bin/totem.js', import.meta.url));

export interface PairFiles {
  quoting: 'needed' | 'all';
  establishments: string;
  units: string;
  /** both files' sizes together */
  bytes: number;
  /** rows of each file */
  rows: number;
}

export interface WholeResult {
  quoting: PairFiles['quoting'];
  engine: 'duckdb' | 'postgres' | 'pglite';
  seconds: number;
  readSeconds?: number;
  mergeSeconds?: number;
  peakMB: number;
  establishments: number;
  units: number;
  ratio: number;
  mbPerSecond?: number;
}

/** `totem db migrate`, untimed: the benchmark measures an import, not a first start */
function migrateWith(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TOTEM, 'db', 'migrate'], { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`totem db migrate ended ${code}`)),
    );
  });
}

async function totemImport(files: PairFiles, env: NodeJS.ProcessEnv) {
  await migrateWith(env);
  const args = ['import', 'sirene', '--establishments', files.establishments];
  const run = await runTotemWatched([...args, '--units', files.units, '--json'], env);
  if (run.code !== 0)
    throw new Error(`the import failed (${run.code}): ${run.stderr.slice(-2000)}`);
  const summary = JSON.parse(run.stdout) as {
    establishmentsInTerritory: number;
    unitsMatched: number;
    readSeconds: number;
    mergeSeconds: number;
  };
  return {
    seconds: run.seconds,
    readSeconds: summary.readSeconds,
    mergeSeconds: summary.mergeSeconds,
    peakMB: Math.round(run.peakMB),
    establishments: summary.establishmentsInTerritory,
    units: summary.unitsMatched,
  };
}

async function onPostgres(files: PairFiles) {
  const server = await createEmptyServerDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-bench-whole-'));
  try {
    return await totemImport(files, {
      ...process.env,
      DATABASE_URL: server.url,
      DATA_DIR: dataDir,
    });
  } finally {
    await server.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function onPglite(files: PairFiles) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-bench-whole-'));
  // the embedded database: no server named
  const env = Object.fromEntries(
    Object.entries({ ...process.env, DATA_DIR: dataDir }).filter(([k]) => k !== 'DATABASE_URL'),
  );
  try {
    return await totemImport(files, env);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** DuckDB, then the command on each engine (PostgreSQL when TEST_DATABASE_URL names a server). */
export async function wholeCommand(files: PairFiles, communes: string[]): Promise<WholeResult[]> {
  log(`duckdb reads the pair, quoted ${files.quoting}`);
  const started = performance.now();
  const peer = await runInChild<PairResult>(
    WORKER,
    {
      kind: 'duckdb-pair',
      file: files.establishments,
      units: files.units,
      communes,
    } satisfies PairTask,
    3_600_000,
  );
  const duckSeconds = (performance.now() - started) / 1000;
  const results: WholeResult[] = [
    {
      quoting: files.quoting,
      engine: 'duckdb',
      seconds: duckSeconds,
      peakMB: peer.peakMB,
      establishments: peer.establishments,
      units: peer.units,
      ratio: 1,
    },
  ];
  const engines = process.env.TEST_DATABASE_URL
    ? (['postgres', 'pglite'] as const)
    : (['pglite'] as const);
  for (const engine of engines) {
    log(`totem imports the pair on ${engine}, quoted ${files.quoting}`);
    const run = engine === 'postgres' ? await onPostgres(files) : await onPglite(files);
    if (run.establishments !== peer.establishments || run.units !== peer.units) {
      throw new Error(
        `the import kept ${run.establishments} establishments and ${run.units} units, DuckDB ${peer.establishments} and ${peer.units}`,
      );
    }
    results.push({ quoting: files.quoting, engine, ...run, ratio: run.seconds / duckSeconds });
  }
  return results;
}
