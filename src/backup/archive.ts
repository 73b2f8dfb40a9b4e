/**
 * The backup file: one gzip stream of records, written and read in one pass, never whole in
 * memory (README.md, "The file").
 *
 *   TOTEM-BACKUP 1\n                       the magic line and the format's version
 *   header {json}\n                        schema version, engine, created_at
 *   table {json}\n  (<n>\n<n bytes>)* 0\n  a table's name and columns, then its COPY text in blocks
 *   sequences {json}\n                     every sequence's value
 *   file {json}\n<bytes>                   an uploaded file: its key and its size, then its bytes
 *   manifest {json}\n                      counts and the SHA-256 of every byte before this line
 *
 * Every block and file says its length first, so a reader never scans data for a separator.
 */

import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

export const FORMAT_VERSION = 1;
const MAGIC = 'TOTEM-BACKUP';
/** a line of the format (a header, a table's columns) is never longer than this */
const MAX_LINE = 1_048_576;

export type Header = {
  format: number;
  /** the last migration applied to the database backed up */
  schema: string;
  engine: 'pglite' | 'postgres';
  created_at: string;
};

export type Manifest = Header & {
  /** rows of each table */
  tables: Record<string, number>;
  sequences: number;
  files: { count: number; bytes: number };
  /** SHA-256 (hex) of the uncompressed content before the manifest's line */
  sha256: string;
};

export type TableRecord = { table: string; columns: string[] };
export type SequenceValue = { name: string; value: number | string; called: boolean };
export type FileRecord = { key: string; bytes: number };

/** Why a file cannot be read as a backup: not one, or damaged. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
  constructor(
    readonly problem: 'not_a_backup' | 'damaged',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Writes a backup to `file`: to a temporary name first, renamed when complete, so that a backup
 * that fails halfway never stands under its final name.
 */
export class ArchiveWriter {
  private readonly gzip = createGzip({ level: 6 });
  private readonly hash: Hash = createHash('sha256');
  private readonly done: Promise<void>;
  private readonly temporary: string;

  private constructor(private readonly file: string) {
    this.temporary = `${file}.${process.pid}.part`;
    this.done = pipeline(this.gzip, createWriteStream(this.temporary, { mode: 0o600 }));
    // a failure of the file is seen by `finish` (or by the next write's wait): never unhandled
    this.done.catch(() => {});
  }

  static async create(file: string, header: Header): Promise<ArchiveWriter> {
    const writer = new ArchiveWriter(file);
    await writer.write(`${MAGIC} ${FORMAT_VERSION}\nheader ${JSON.stringify(header)}\n`);
    return writer;
  }

  async write(data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.hash.update(bytes);
    if (!this.gzip.write(bytes)) {
      await Promise.race([once(this.gzip, 'drain'), this.done]);
    }
  }

  /** a table: its columns, then its data in blocks, each with its length */
  async table(record: TableRecord, data: AsyncIterable<Buffer>): Promise<number> {
    await this.write(`table ${JSON.stringify(record)}\n`);
    let rows = 0;
    for await (const chunk of data) {
      if (chunk.length === 0) continue;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      await this.write(`${chunk.length}\n`);
      await this.write(chunk);
    }
    await this.write('0\n');
    return rows;
  }

  async sequences(values: SequenceValue[]): Promise<void> {
    await this.write(`sequences ${JSON.stringify(values)}\n`);
  }

  /** a file of `bytes` bytes; a stream that gives another count makes the backup fail */
  async fileEntry(record: FileRecord, content: Readable): Promise<void> {
    await this.write(`file ${JSON.stringify(record)}\n`);
    let seen = 0;
    for await (const chunk of content) {
      seen += (chunk as Buffer).length;
      if (seen > record.bytes) break;
      await this.write(chunk as Buffer);
    }
    if (seen !== record.bytes) {
      throw new Error(`the file ${record.key} changed while it was backed up`);
    }
  }

  /** closes with the manifest (its checksum added) and gives the file its final name */
  async finish(manifest: Omit<Manifest, 'sha256'>): Promise<Manifest> {
    const full: Manifest = { ...manifest, sha256: this.hash.digest('hex') };
    this.gzip.end(Buffer.from(`manifest ${JSON.stringify(full)}\n`));
    await this.done;
    await rename(this.temporary, this.file);
    return full;
  }

  /** gives up: the temporary file is removed */
  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => {});
    await rm(this.temporary, { force: true });
  }
}

/** What a reader is told, record by record, in the file's order. */
export type ArchiveVisitor = {
  header?(header: Header): Promise<void> | void;
  table?(record: TableRecord, data: AsyncIterable<Buffer>): Promise<void>;
  sequences?(values: SequenceValue[]): Promise<void>;
  file?(record: FileRecord, content: AsyncIterable<Buffer>): Promise<void>;
};

/**
 * Reads a backup from start to end, telling the visitor each record (a visitor that does not
 * read a table's data or a file's content lets the reader skip it), checks the checksum against
 * the manifest, and returns the manifest. A file that is not a backup, or does not hold
 * (truncated, a byte changed, a checksum that differs), throws an `ArchiveError`.
 */
export async function readArchive(file: string, visitor: ArchiveVisitor = {}): Promise<Manifest> {
  const gunzip = createGunzip();
  const source = createReadStream(file);
  const stream = source.pipe(gunzip);
  source.on('error', (error) => gunzip.destroy(error));
  const reader = new ByteReader(stream[Symbol.asyncIterator]());
  try {
    return await readRecords(reader, visitor);
  } catch (error) {
    throw asArchiveError(error);
  } finally {
    stream.destroy();
    source.destroy();
  }
}

function asArchiveError(error: unknown): unknown {
  if (error instanceof ArchiveError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'Z_STREAM_ERROR') {
    return new ArchiveError(
      'damaged',
      `the file is damaged (its compression does not hold: ${(error as Error).message})`,
    );
  }
  if (code === 'ERR_PADDING_1' || (error as Error).message === 'unexpected end of file') {
    return new ArchiveError('damaged', 'the file is truncated');
  }
  return error;
}

async function readRecords(reader: ByteReader, visitor: ArchiveVisitor): Promise<Manifest> {
  let first: string;
  try {
    first = await reader.line(64);
  } catch (error) {
    if (error instanceof ArchiveError)
      throw new ArchiveError('not_a_backup', 'this is not a Totem backup');
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || (error as Error).message.includes('incorrect header')) {
      throw new ArchiveError('not_a_backup', 'this is not a Totem backup (not a gzip file)');
    }
    throw error;
  }
  if (!first.startsWith(`${MAGIC} `))
    throw new ArchiveError('not_a_backup', 'this is not a Totem backup');
  const version = Number(first.slice(MAGIC.length + 1));
  if (version !== FORMAT_VERSION) {
    throw new ArchiveError(
      'not_a_backup',
      `this backup is in format ${first.slice(MAGIC.length + 1)}; this version of Totem reads format ${FORMAT_VERSION}`,
    );
  }
  const header = record<Header>(await reader.line(), 'header');
  await visitor.header?.(header);
  for (;;) {
    const line = await reader.line();
    const kind = line.slice(0, line.indexOf(' '));
    if (kind === 'table') {
      const table = record<TableRecord>(line, 'table');
      const blocks = reader.blocks();
      await visitor.table?.(table, blocks);
      for await (const _ of blocks) {
        // what the visitor did not read is skipped (and still checked)
      }
    } else if (kind === 'sequences') {
      await visitor.sequences?.(record<SequenceValue[]>(line, 'sequences'));
    } else if (kind === 'file') {
      const entry = record<FileRecord>(line, 'file');
      const content = reader.exactly(entry.bytes);
      await visitor.file?.(entry, content);
      for await (const _ of content) {
        // skipped, still checked
      }
    } else if (kind === 'manifest') {
      const sha256 = reader.digestBeforeLastLine();
      const manifest = record<Manifest>(line, 'manifest');
      if (!(await reader.atEnd()))
        throw new ArchiveError('damaged', 'the file goes on after its manifest');
      if (manifest.sha256 !== sha256) {
        throw new ArchiveError(
          'damaged',
          'the file is damaged: its checksum does not match its manifest',
        );
      }
      return manifest;
    } else {
      throw new ArchiveError(
        'damaged',
        `the file is damaged: unknown record ${JSON.stringify(kind.slice(0, 20))}`,
      );
    }
  }
}

function record<T>(line: string, kind: string): T {
  if (!line.startsWith(`${kind} `))
    throw new ArchiveError('damaged', `the file is damaged: no ${kind} where expected`);
  try {
    return JSON.parse(line.slice(kind.length + 1)) as T;
  } catch {
    throw new ArchiveError('damaged', `the file is damaged: its ${kind} is not readable`);
  }
}

/** Reads lines and counted bytes from a stream of buffers, hashing what it consumes. */
class ByteReader {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly hash = createHash('sha256');
  private beforeLastLine: Hash | undefined;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async more(): Promise<boolean> {
    const next = await this.source.next();
    if (next.done) return false;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, next.value]) : next.value;
    return true;
  }

  private take(n: number): Buffer {
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    this.hash.update(out);
    return out;
  }

  async line(max = MAX_LINE): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf(10);
      if (end !== -1 && end <= max) {
        // the checksum covers everything before the manifest's line
        if (this.buffer.subarray(0, 9).toString() === 'manifest ')
          this.beforeLastLine = this.hash.copy();
        return this.take(end + 1).toString('utf8', 0, end);
      }
      if (end > max || this.buffer.length > max)
        throw new ArchiveError('damaged', 'the file is damaged: a line too long');
      if (!(await this.more())) throw new ArchiveError('damaged', 'the file is truncated');
    }
  }

  /** exactly `n` bytes, in pieces as they come */
  async *exactly(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buffer.length === 0 && !(await this.more())) {
        throw new ArchiveError('damaged', 'the file is truncated');
      }
      const piece = this.take(Math.min(left, this.buffer.length));
      left -= piece.length;
      yield piece;
    }
  }

  /** a table's blocks: `<length>\n<bytes>` until a length of 0 */
  async *blocks(): AsyncGenerator<Buffer> {
    for (;;) {
      const text = await this.line(20);
      if (!/^\d+$/.test(text))
        throw new ArchiveError('damaged', 'the file is damaged: a block has no length');
      const length = Number(text);
      if (length === 0) return;
      yield* this.exactly(length);
    }
  }

  /** the hash of everything before the line just read */
  digestBeforeLastLine(): string {
    return (this.beforeLastLine ?? createHash('sha256')).digest('hex');
  }

  async atEnd(): Promise<boolean> {
    return this.buffer.length === 0 && !(await this.more());
  }
}
