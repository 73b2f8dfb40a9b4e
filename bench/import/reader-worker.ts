/**
 * Child process of the import benchmark: one way of reading a StockEtablissement file and keeping
 * the territory's rows, measured in a process of its own (its wall time and peak memory are its
 * own). Each answers how many rows it kept and a fingerprint of their SIRETs, so that the three
 * can be checked to keep the same rows.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { startFileReader } from '../../src/imports/file-reader.ts';
import { openEstablishments } from '../../src/sirene/readers.ts';
import { serveOneTask } from '../lib/child.ts';
import { maxRssMB } from '../lib/rss.ts';

export type ReadTask = { kind: 'duckdb' | 'totem' | 'threads'; file: string; communes: string[] };
/** both files, as the import reads them: the territory's establishments, then their units */
export type PairTask = { kind: 'duckdb-pair'; file: string; units: string; communes: string[] };
export type PairResult = { establishments: number; units: number; seconds: number; peakMB: number };
export type ReadResult = {
  kind: ReadTask['kind'];
  kept: number;
  fingerprint: number;
  seconds: number;
  childMaxRssMB: number;
  detail: string;
};

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** DuckDB's read_csv, every column as text, filtered on the commune in SQL (its own threads). */
async function duckdb(task: ReadTask): Promise<Omit<ReadResult, 'seconds' | 'childMaxRssMB'>> {
  if (!task.communes.every((c) => /^[0-9][0-9AB][0-9]{3}$/.test(c))) throw new Error('commune');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`
      SELECT count(*) AS kept,
        coalesce(sum(CAST(substr(siret, 6) AS BIGINT)) % 1000000007, 0) AS fingerprint,
        current_setting('threads')::VARCHAR AS threads
      FROM read_csv(${quote(task.file)}, header = true, delim = ',', quote = '"', escape = '"',
        all_varchar = true)
      WHERE codeCommuneEtablissement IN (${task.communes.map(quote).join(', ')})`);
    const row = reader.getRowObjects()[0] ?? {};
    return {
      kind: 'duckdb',
      kept: Number(row.kept),
      fingerprint: Number(row.fingerprint),
      detail: `${row.threads} threads`,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * DuckDB doing what the import's reading does with both files: the establishments of the
 * territory kept (every column, as text), then the legal units of their SIRENs.
 */
async function duckdbPair(task: PairTask): Promise<Pick<PairResult, 'establishments' | 'units'>> {
  if (!task.communes.every((c) => /^[0-9][0-9AB][0-9]{3}$/.test(c))) throw new Error('commune');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const csv = (file: string) =>
    `read_csv(${quote(file)}, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)`;
  try {
    await connection.run(`
      CREATE TABLE kept AS SELECT * FROM ${csv(task.file)}
      WHERE codeCommuneEtablissement IN (${task.communes.map(quote).join(', ')})`);
    await connection.run(`
      CREATE TABLE units AS SELECT * FROM ${csv(task.units)}
      WHERE siren IN (SELECT siren FROM kept)`);
    const reader = await connection.runAndReadAll(
      'SELECT (SELECT count(*) FROM kept) AS e, (SELECT count(*) FROM units) AS u',
    );
    const row = reader.getRowObjects()[0] ?? {};
    return { establishments: Number(row.e), units: Number(row.u) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The import's own reading process, as an import starts it: rows kept sent as COPY text. */
async function totem(task: ReadTask): Promise<Omit<ReadResult, 'seconds' | 'childMaxRssMB'>> {
  const reading = startFileReader({
    type: 'read',
    importId: 1,
    establishmentsPath: task.file,
    communes: task.communes,
  });
  let kept = 0;
  let fingerprint = 0;
  let readerPeak = 0;
  for await (const message of reading.messages) {
    if (message.type === 'batch') {
      // the SIRET is the third column of a staging line
      for (const line of message.lines.split('\n')) {
        const siret = line.split('\t')[2];
        if (!siret) continue;
        kept++;
        fingerprint = (fingerprint + Number(siret.slice(5))) % 1_000_000_007;
      }
      reading.send({ type: 'ack' });
    }
    const status = await readFile(`/proc/${reading.child.pid}/status`, 'utf8').catch(() => '');
    const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
    readerPeak = Math.max(readerPeak, hwm);
  }
  return {
    kind: 'totem',
    kept,
    fingerprint,
    detail: `reading process ≥ ${Math.round(readerPeak)} MB`,
  };
}

/**
 * The import's reader itself in this process, the pre-filter's lines judged on worker threads
 * (`src/sirene/drop-workers.ts`), as it runs by default on four cores or more.
 */
async function threads(task: ReadTask): Promise<Omit<ReadResult, 'seconds' | 'childMaxRssMB'>> {
  const count = Math.max(1, availableParallelism() - 1);
  const reader = await openEstablishments(task.file, {
    communes: new Set(task.communes),
    parallel: { threads: count, minBytes: 0 },
  });
  let kept = 0;
  let fingerprint = 0;
  for await (const record of reader.records()) {
    kept++;
    fingerprint = (fingerprint + Number(record.siret.slice(5))) % 1_000_000_007;
  }
  return { kind: 'threads', kept, fingerprint, detail: `${count} worker thread(s), no COPY text` };
}

serveOneTask<ReadTask | PairTask, ReadResult | PairResult>(async (task) => {
  const started = performance.now();
  if (task.kind === 'duckdb-pair') {
    const counts = await duckdbPair(task);
    return { ...counts, seconds: (performance.now() - started) / 1000, peakMB: maxRssMB() };
  }
  const run = task.kind === 'duckdb' ? duckdb : task.kind === 'totem' ? totem : threads;
  const result = await run(task);
  return {
    ...result,
    seconds: (performance.now() - started) / 1000,
    childMaxRssMB: maxRssMB(),
  };
});
