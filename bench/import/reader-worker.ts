/**
 * Child process of the import benchmark: one way of reading a StockEtablissement file and keeping
 * the territory's rows, measured in a process of its own (its wall time and peak memory are its
 * own). Each answers how many rows it kept and a fingerprint of their SIRETs, so that the three
 * can be checked to keep the same rows.
 */
import { open, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { startFileReader } from '../../src/imports/file-reader.ts';
import { CsvRecordSplitter } from '../../src/sirene/csv-parser.ts';
import { readCsv } from '../../src/sirene/csv-stream.ts';
import { establishmentIndex, isBadLine, toEstablishment } from '../../src/sirene/records.ts';
import { serveOneTask } from '../lib/child.ts';
import { maxRssMB } from '../lib/rss.ts';

export type ReadTask = { kind: 'duckdb' | 'totem' | 'prefilter'; file: string; communes: string[] };
export type ReadResult = {
  kind: ReadTask['kind'];
  kept: number;
  fingerprint: number;
  seconds: number;
  childMaxRssMB: number;
  detail: string;
};

const PREFILTER = new URL('./prefilter.worker.mjs', import.meta.url);

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

/** Whole lines of the file in blocks of 4 MB, handed to the workers in turn. */
async function prefilter(task: ReadTask): Promise<Omit<ReadResult, 'seconds' | 'childMaxRssMB'>> {
  const file = await open(task.file);
  const first = Buffer.alloc(1 << 16);
  const { bytesRead } = await file.read(first, 0, first.length, 0);
  const headerEnd = first.indexOf(10);
  if (headerEnd < 0 || headerEnd >= bytesRead) throw new Error('no header');
  const header = (await readCsv([first.subarray(0, headerEnd).toString('utf8')])).header;
  const threads = Math.max(1, Math.min(2, availableParallelism()));
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(PREFILTER, {
        workerData: {
          communeColumn: header.indexOf('codeCommuneEtablissement'),
          communes: task.communes,
        },
      }),
  );
  const totals = { kept: 0, fingerprint: 0, lines: 0 };
  // the territory's lines, parsed fully here by the reader's own splitter and record builder
  const ix = establishmentIndex(header);
  const splitter = new CsvRecordSplitter();
  const parse = (lines: Uint8Array) => {
    const text = Buffer.from(lines.buffer, lines.byteOffset, lines.length).toString('utf8');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const line =
        text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl);
      splitter.pushLine(line, 0);
      start = nl + 1;
    }
    for (const event of splitter.events) {
      if (event.kind !== 'record') continue;
      const record = toEstablishment(event.fields, event.line, ix);
      if (record && !isBadLine(record)) {
        totals.kept++;
        totals.fingerprint = (totals.fingerprint + Number(record.siret.slice(5))) % 1_000_000_007;
      }
    }
    splitter.events = [];
  };
  const busy: Promise<void>[] = workers.map(() => Promise.resolve());
  const BLOCK = 4 << 20;
  let position = headerEnd + 1;
  let carry = Buffer.alloc(0);
  let turn = 0;
  for (;;) {
    const block = Buffer.allocUnsafe(carry.length + BLOCK);
    carry.copy(block, 0);
    const read = await file.read(block, carry.length, BLOCK, position);
    position += read.bytesRead;
    const filled = carry.length + read.bytesRead;
    const end = read.bytesRead === 0 ? filled : block.lastIndexOf(10, filled - 1) + 1;
    carry = Buffer.from(block.subarray(end, filled));
    if (end > 0) {
      const worker = workers[turn % threads] as Worker;
      const slot = turn % threads;
      turn++;
      const part = new Uint8Array(block.buffer, block.byteOffset, end);
      await busy[slot];
      busy[slot] = new Promise<void>((resolve) => {
        worker.once('message', (r: { lines: number; kept: Uint8Array }) => {
          totals.lines += r.lines;
          parse(r.kept);
          resolve();
        });
      });
      worker.postMessage(part, [part.buffer as ArrayBuffer]);
    }
    if (read.bytesRead === 0) break;
  }
  await Promise.all(busy);
  await file.close();
  await Promise.all(workers.map((w) => w.terminate()));
  return {
    kind: 'prefilter',
    kept: totals.kept,
    fingerprint: totals.fingerprint,
    detail: `${threads} worker threads, ${totals.lines} lines`,
  };
}

serveOneTask<ReadTask, ReadResult>(async (task) => {
  const started = performance.now();
  const run = task.kind === 'duckdb' ? duckdb : task.kind === 'totem' ? totem : prefilter;
  const result = await run(task);
  return {
    ...result,
    seconds: (performance.now() - started) / 1000,
    childMaxRssMB: maxRssMB(),
  };
});
