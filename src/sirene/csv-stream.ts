/**
 * Streams the records of a SIRENE stock file — `.csv`, `.csv.gz`, or the first `.csv` entry of a
 * `.zip` — in constant memory. Columns are found by header name (INSEE adds columns without
 * notice), the required ones are checked before any record is read, and bad lines are reported
 * with their physical line number without stopping the read.
 */

import { createReadStream } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import {
  ByteLineSplitter,
  type CsvEvent,
  CsvRecordSplitter,
  LineTooLongError,
  MAX_LINE_BYTES,
  MAX_RECORD_LINES,
} from './csv-parser.ts';
import {
  type DirectSource,
  DropWorkers,
  type DropWorkersOptions,
  type JudgedBlock,
} from './drop-workers.ts';
import { counted, PIECE, READ_CHUNK } from './file-chunks.ts';
import type { LineDropper } from './line-filter.js';
import { MAX_RATIO, MIN_BOMB_BYTES, openZipCsv, ZipFormatError } from './zip.ts';

export interface CsvRecord {
  /** 1-based physical line where the record starts (the header is line 1) */
  line: number;
  /** by header name; `[ND]` (masked by INSEE) and empty values are null */
  values: Record<string, string | null>;
}

/** A record as split, before any mapping: one string per header column, empty values as ''. */
export interface CsvRow {
  line: number;
  fields: string[];
}

export interface BadLine {
  line: number;
  reason: string;
}

export interface CsvReadOptions {
  /** columns that must be in the header: their absence fails the open, naming each one */
  required?: readonly string[];
  /** keep only these columns in `values` (the required ones are always kept); default: all */
  columns?: readonly string[];
  /** called for each bad line, as it is found */
  onBadLine?: (bad: BadLine) => void;
  /** a quoted value may span at most this many lines before its quote is deemed unterminated */
  maxRecordLines?: number;
  /** how many bad lines `badLines` keeps (all are counted) */
  keepBadLines?: number;
  /**
   * a `.csv.gz` giving more than `ratio` times its size, past `floor` bytes, is refused as it is
   * read (default: MAX_RATIO and MIN_BOMB_BYTES, as for archives)
   */
  expansion?: { ratio: number; floor: number };
  /**
   * Given the header, a test that drops a physical line from its bytes, before it is decoded or
   * split (see `LineDropper`); lines inside a record that spans several lines are never offered
   */
  dropLines?: (header: readonly string[]) => LineDropper | undefined;
  /** the same judgement on worker threads, for a large file (`drop-workers.ts`) */
  dropInWorkers?: Omit<DropWorkersOptions, 'maxRecordLines' | 'maxLineBytes'>;
}

export type { LineDropper };

export class MissingColumnsError extends Error {
  override name = 'MissingColumnsError';
  constructor(
    readonly source: string,
    readonly missing: readonly string[],
  ) {
    super(`${source}: missing required column(s): ${missing.join(', ')}`);
  }
}

export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

/** INSEE writes `[ND]` ("non diffusible") where a restricted-diffusion value is masked. */
export const MASKED = '[ND]';

export interface CsvReader {
  /** file path, or the label given to `readCsv` */
  readonly source: string;
  readonly header: readonly string[];
  /** bytes taken from the source so far (compressed bytes for .gz and .zip), for a progress bar */
  readonly bytesRead: number;
  /** size the progress bar runs to, when known */
  readonly totalBytes: number | null;
  readonly badLineCount: number;
  /** the first `keepBadLines` bad lines */
  readonly badLines: readonly BadLine[];
  /** lines `dropLines` dropped unread */
  readonly dropped: number;
  records(): AsyncGenerator<CsvRecord, void, undefined>;
  /**
   * The same records as raw field arrays (width already checked), for hot loops that read a
   * few columns by `columnIndex`: building a keyed object per row costs more than parsing it.
   */
  rows(): AsyncGenerator<CsvRow, void, undefined>;
  /** position of a column in `fields`, or -1 when the header lacks it */
  columnIndex(name: string): number;
  /** lets the layer above report the rows it rejects, so every bad line lands in one place */
  reportBadLine(bad: BadLine): void;
  /** releases the file early; reading every record to the end closes it as well */
  close(): Promise<void>;
}

type Chunk = Uint8Array | string;

/** Opens a file by its extension and reads its header; rejects when a required column is missing. */
export async function openCsv(path: string, options: CsvReadOptions = {}): Promise<CsvReader> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.zip')) {
    const entry = await openZipCsv(path);
    const { compressedSize, uncompressedSize } = entry;
    let out = 0;
    const chunks = counted(entry.content, (n) => {
      out += n;
    });
    // the share of the entry read, in compressed bytes (exact at the end), for a progress bar
    const bytes = () =>
      uncompressedSize === 0
        ? compressedSize
        : Math.round((Math.min(out, uncompressedSize) / uncompressedSize) * compressedSize);
    return startReader(path, chunks, bytes, compressedSize, [entry.content], options);
  }
  if (!lower.endsWith('.csv.gz') && !lower.endsWith('.csv')) {
    throw new CsvFormatError(`${path}: expected a .csv, .csv.gz or .zip file`);
  }
  const totalBytes = (await stat(path)).size;
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK });
  let bytes = 0;
  if (lower.endsWith('.csv')) {
    const count = (n: number) => {
      bytes += n;
    };
    const chunks = counted(raw, count);
    const direct = directReading(path, count);
    return startReader(path, chunks, () => bytes, totalBytes, [raw], options, direct);
  }
  // the raw stream is piped into the decompressor: a 'data' listener only watches it
  raw.on('data', (chunk: Buffer | string) => {
    bytes += chunk.length;
  });
  // pipeline destroys both streams on error; the error then surfaces in the iteration below
  const content = pipeline(raw, createGunzip({ chunkSize: PIECE }), () => {});
  const { ratio, floor } = options.expansion ?? { ratio: MAX_RATIO, floor: MIN_BOMB_BYTES };
  const chunks = counted(
    content,
    () => {},
    Math.max(floor, ratio * totalBytes),
    () =>
      new ZipFormatError(
        `refused: this gzip file gives more than ${ratio} times its size (${totalBytes} bytes)`,
      ),
  );
  return startReader(path, chunks, () => bytes, totalBytes, [content, raw], options);
}

/** Reads CSV from any chunk source (a stream, or strings in tests) after checking its header. */
export async function readCsv(
  chunks: AsyncIterable<Chunk> | Iterable<Chunk>,
  options: CsvReadOptions & { source?: string; totalBytes?: number } = {},
): Promise<CsvReader> {
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of chunks) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      yield chunk;
    }
  })();
  return startReader(
    options.source ?? 'csv',
    counted,
    () => bytes,
    options.totalBytes ?? null,
    [],
    options,
  );
}

/** A plain file read from a position on, straight into the memory given (the workers' blocks). */
type DirectOpener = (position: number) => { read: DirectSource; close(): Promise<void> };

function directReading(path: string, count: (n: number) => void): DirectOpener {
  return (position) => {
    let handle: Promise<FileHandle> | undefined;
    let at = position;
    return {
      read: async (target) => {
        handle ??= open(path, 'r');
        const { bytesRead } = await (await handle).read(target, 0, target.length, at);
        at += bytesRead;
        count(bytesRead);
        return bytesRead;
      },
      close: async () => {
        if (handle) await (await handle).close();
      },
    };
  };
}

async function startReader(
  source: string,
  chunks: AsyncIterable<Chunk>,
  bytesRead: () => number,
  totalBytes: number | null,
  streams: Readable[],
  options: CsvReadOptions,
  direct?: DirectOpener,
): Promise<CsvReader> {
  const reader = new StreamingCsvReader(source, chunks, bytesRead, totalBytes, streams, options);
  reader.direct = direct;
  try {
    await reader.readHeader();
  } catch (error) {
    await reader.close();
    throw error;
  }
  return reader;
}

class StreamingCsvReader implements CsvReader {
  header: string[] = [];
  badLineCount = 0;
  readonly badLines: BadLine[] = [];
  /** lines dropped before the record last given (so counts stay in step with the records) */
  dropped = 0;
  /** lines dropped so far in what is split, ahead of the records given */
  private droppedAhead = 0;
  /** pairs (line number, lines dropped before it) of the lines given to the full parser */
  private marks: number[] = [];
  private markAt = 0;

  private readonly iterator: AsyncIterator<Chunk>;
  private readonly splitter: CsvRecordSplitter;
  private readonly lines: ByteLineSplitter;
  private dropper: LineDropper | undefined;
  /** worker threads judging the lines, once the header is read (a large file) */
  private workers: DropWorkers | undefined;
  private workersFed = false;
  /** a plain file: once the workers take over, read straight into their blocks */
  direct: DirectOpener | undefined;
  private directReading: ReturnType<DirectOpener> | undefined;
  /** the first line's event: the header, or why it cannot be one */
  private first: CsvEvent | undefined;
  private cursor = 0;
  private finished = false;
  private index = new Map<string, number>();
  /** names and row positions of the columns kept in `values` */
  private keptNames: string[] = [];
  private keptIndexes: number[] = [];

  constructor(
    readonly source: string,
    chunks: AsyncIterable<Chunk>,
    private readonly bytes: () => number,
    readonly totalBytes: number | null,
    private readonly streams: Readable[],
    private readonly options: CsvReadOptions,
  ) {
    this.iterator = chunks[Symbol.asyncIterator]();
    this.splitter = new CsvRecordSplitter(options.maxRecordLines);
    this.lines = new ByteLineSplitter((bytes, start, end, n) =>
      this.takeLine(bytes, start, end, n, this.dropper?.(bytes, start, end) === true),
    );
  }

  /** One physical line, dropped or parsed as decided. */
  private takeLine(bytes: Buffer, start: number, end: number, n: number, drop: boolean): void {
    // a line inside a record that spans several lines is never dropped, whatever was decided
    if (drop && this.splitter.idle) {
      this.droppedAhead++;
      return;
    }
    this.marks.push(n, this.droppedAhead);
    this.splitter.pushLine(bytes.toString('utf8', start, end), n);
    if (this.first === undefined) this.takeFirst();
  }

  /**
   * A block the workers judged: only the lines they name are looked at; the others, dropped,
   * are counted (no record is open at any of them: `judgeBlock` names every line one may span).
   */
  private takeJudged(bytes: Buffer, verdict: NonNullable<JudgedBlock['verdict']>): void {
    const before = this.lines.linesSeen;
    const { lines, read } = verdict;
    let previous = -1;
    for (let k = 0; k < read.length; k += 4) {
      const index = read[k] as number;
      const start = read[k + 1] as number;
      const end = read[k + 2] as number;
      this.droppedAhead += index - previous - 1;
      previous = index;
      const n = before + index + 1;
      if (end - start > MAX_LINE_BYTES) throw new LineTooLongError(n, MAX_LINE_BYTES);
      this.takeLine(bytes, start, end, n, read[k + 3] === 1);
    }
    this.droppedAhead += lines - previous - 1;
    this.lines.countLines(lines);
  }

  get bytesRead(): number {
    return this.bytes();
  }

  /**
   * The first event, taken as soon as the splitter gives it, before the rest of its chunk is
   * split: the header names the columns the dropper reads, from the second line on.
   */
  private takeFirst(): void {
    const event = this.splitter.events.shift();
    if (event === undefined) return;
    this.first = event;
    if (event.kind !== 'record') return;
    this.header = event.fields;
    this.header.forEach((name, i) => {
      if (!this.index.has(name)) this.index.set(name, i);
    });
    this.dropper = this.options.dropLines?.(this.header);
    const parallel = this.options.dropInWorkers;
    if (this.dropper && parallel && (this.totalBytes ?? 0) >= parallel.minBytes) {
      this.workers = new DropWorkers(this.header, {
        ...parallel,
        maxRecordLines: this.options.maxRecordLines ?? MAX_RECORD_LINES,
        maxLineBytes: MAX_LINE_BYTES,
      });
    }
  }

  async readHeader(): Promise<void> {
    while (this.first === undefined && (await this.pull())) {}
    const event = this.first;
    // a header that does not parse cannot be trusted to name the columns
    if (event?.kind === 'bad') {
      throw new CsvFormatError(`${this.source}: header line ${event.line}: ${event.reason}`);
    }
    if (!event) throw new CsvFormatError(`${this.source}: empty file, no header`);
    const required = this.options.required ?? [];
    const missing = required.filter((name) => !this.index.has(name));
    if (missing.length > 0) throw new MissingColumnsError(this.source, missing);
    const wanted = this.options.columns ? [...required, ...this.options.columns] : this.header;
    for (const name of new Set(wanted)) {
      const i = this.index.get(name);
      if (i === undefined) continue;
      this.keptNames.push(name);
      this.keptIndexes.push(i);
    }
  }

  columnIndex(name: string): number {
    return this.index.get(name) ?? -1;
  }

  async *records(): AsyncGenerator<CsvRecord, void, undefined> {
    const names = this.keptNames;
    const indexes = this.keptIndexes;
    for await (const row of this.rows()) {
      const values: Record<string, string | null> = {};
      for (let k = 0; k < names.length; k++) {
        const v = row.fields[indexes[k] as number] as string;
        values[names[k] as string] = v === '' || v === MASKED ? null : v;
      }
      yield { line: row.line, values };
    }
  }

  async *rows(): AsyncGenerator<CsvRow, void, undefined> {
    try {
      const width = this.header.length;
      for (;;) {
        const event = await this.nextEvent();
        if (!event) return;
        if (event.kind === 'bad') {
          this.reportBadLine({ line: event.line, reason: event.reason });
        } else if (event.fields.length !== width) {
          const found = event.fields.length;
          this.reportBadLine({
            line: event.line,
            reason: `field count: expected ${width} fields, found ${found}`,
          });
        } else {
          yield event;
        }
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await this.workers?.close();
    await this.directReading?.close();
    if (!this.finished) {
      this.finished = true;
      await this.iterator.return?.();
    }
    for (const s of this.streams) s.destroy();
  }

  reportBadLine(bad: BadLine): void {
    this.badLineCount++;
    if (this.badLines.length < (this.options.keepBadLines ?? 1000)) this.badLines.push(bad);
    this.options.onBadLine?.(bad);
  }

  /** Next parsed event, pulling and splitting chunks as needed; undefined at the end. */
  private async nextEvent(): Promise<CsvEvent | undefined> {
    for (;;) {
      const events = this.splitter.events;
      if (this.cursor < events.length) {
        const event = events[this.cursor++] as CsvEvent;
        this.countDropped(event.line);
        return event;
      }
      this.splitter.events = [];
      this.cursor = 0;
      if (!(await this.pull())) {
        this.dropped = this.droppedAhead;
        return undefined;
      }
    }
  }

  /** Counts as dropped the lines dropped before `line`, the one now given. */
  private countDropped(line: number): void {
    const marks = this.marks;
    while (this.markAt < marks.length && (marks[this.markAt] as number) <= line) {
      this.dropped = marks[this.markAt + 1] as number;
      this.markAt += 2;
    }
    if (this.markAt > 8192) {
      marks.splice(0, this.markAt);
      this.markAt = 0;
    }
  }

  /** Splits the next chunk; false once the input is over. */
  private async pull(): Promise<boolean> {
    if (this.finished) return false;
    if (this.workers) return this.pullJudged(this.workers);
    const next = await this.iterator.next();
    if (next.done) {
      this.finished = true;
      this.lines.end();
      this.splitter.end();
      if (this.first === undefined) this.takeFirst();
      return true;
    }
    const chunk = next.value;
    this.lines.push(
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
    return true;
  }

  /** Splits the next block the workers judged; false once the input is over. */
  private async pullJudged(workers: DropWorkers): Promise<boolean> {
    if (!this.workersFed) {
      this.workersFed = true;
      workers.prepend(this.lines.takeUnfinished());
      if (this.direct) {
        // the stream's reading stops where the splitter stands: what it read ahead is let go
        this.directReading = this.direct(this.bytes());
        await this.iterator.return?.();
        for (const s of this.streams) s.destroy();
      }
    }
    const block = await workers.next(this.directReading?.read ?? this.iterator);
    if (block === null) {
      this.finished = true;
      await workers.close();
      this.lines.end();
      this.splitter.end();
      return true;
    }
    if (block.verdict) this.takeJudged(block.bytes, block.verdict);
    else this.lines.push(block.bytes);
    return true;
  }
}
