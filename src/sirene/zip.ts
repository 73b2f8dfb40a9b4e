/**
 * The ZIP archives of INSEE: read through yauzl (ZIP64 included — the establishment CSV is
 * ≈ 9 GB), weighed before any data is read; and written as INSEE ships them, one entry, for the
 * sample generator (yauzl only reads).
 *
 * What an archive must be to be read: a central directory yauzl can walk (every size and offset
 * in it is checked against the real size of the file before anything is read there), a first
 * `.csv` entry that is not encrypted, stored or deflated, whose data lies inside the file, and
 * that comes out at most MAX_RATIO times larger than it goes in (past MIN_BOMB_BYTES: a small
 * entry cannot hurt), and never over MAX_ENTRY_BYTES. While it is read, yauzl checks that it
 * gives exactly the bytes its header announced (`validateEntrySizes`). yauzl is loaded when an
 * archive is first opened: the server loads this file at start, and reads an archive only during
 * an import.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { crc32, createDeflateRaw } from 'node:zlib';
import type yauzl from 'yauzl';

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
  constructor(
    message: string,
    /** the same reason in French, where the reader gives one */
    readonly french?: string,
  ) {
    super(message);
  }
}

/** yauzl's words when the end of an archive, which lists its entries, is not there */
const NO_END_RECORD = /end of central directory record signature not found/i;

/** A file yauzl cannot open: a truncated archive is said so, in both languages. */
function unreadable(error: Error): ZipFormatError {
  if (NO_END_RECORD.test(error.message)) {
    return new ZipFormatError(
      'not a readable zip archive: truncated, or no zip at all (the list of its entries, at its end, is missing)',
      'archive .zip illisible : tronquée, ou qui n’est pas une archive zip (la liste de ses fichiers, à sa fin, est absente)',
    );
  }
  return new ZipFormatError(`not a readable zip archive (${error.message})`);
}

/** bytes out for one in, past which a large entry is taken for a zip bomb */
export const MAX_RATIO = 100;
/** below this many bytes out an entry is never a bomb, whatever its ratio */
export const MIN_BOMB_BYTES = 256 * 1_048_576;
/** no entry is read past this size (INSEE's largest CSV is under 10 GB) */
export const MAX_ENTRY_BYTES = 64 * 1_073_741_824;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_DESCRIPTOR = 0x08074b50;
const U32_MAX = 0xffffffff;

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ' ');

/** An entry decompressed as a stream (its archive closes with it). */
export type ZipCsvEntry = {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  content: Readable;
  close(): void;
};

async function openArchive(path: string): Promise<yauzl.ZipFile> {
  const { default: yauzl } = await import('yauzl');
  try {
    return await yauzl.openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      strictFileNames: false,
    });
  } catch (error) {
    throw unreadable(error as Error);
  }
}

/** the first `.csv` entry outside `__MACOSX/`, or undefined when the archive has none */
function findCsv(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const done = (entry: yauzl.Entry | undefined) => {
      zip.removeAllListeners('entry');
      zip.removeAllListeners('end');
      zip.removeAllListeners('error');
      resolve(entry);
    };
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (name.toLowerCase().endsWith('.csv') && !name.startsWith('__MACOSX/')) done(entry);
      else zip.readEntry();
    });
    zip.on('end', () => done(undefined));
    zip.on('error', (error: Error) => reject(unreadable(error)));
    zip.readEntry();
  });
}

/** Refuses an entry that cannot be read safely, before any of its data is read. */
function weigh(entry: yauzl.Entry, fileSize: number): void {
  const name = entry.fileName;
  if (entry.isEncrypted()) throw new ZipFormatError(`${name}: encrypted entries are refused`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new ZipFormatError(`${name}: compression method ${entry.compressionMethod} is refused`);
  }
  const { compressedSize, uncompressedSize, relativeOffsetOfLocalHeader } = entry;
  if (relativeOffsetOfLocalHeader + compressedSize > fileSize) {
    throw new ZipFormatError(
      `${name}: its ${grouped(compressedSize)} bytes would lie beyond the end of the file (${grouped(fileSize)} bytes)`,
    );
  }
  const bomb = uncompressedSize > MIN_BOMB_BYTES && uncompressedSize > MAX_RATIO * compressedSize;
  if (bomb || uncompressedSize > MAX_ENTRY_BYTES) {
    throw new ZipFormatError(
      `${name}: refused, ${grouped(uncompressedSize)} bytes out of ${grouped(compressedSize)} (at most ${MAX_RATIO} times as many past ${grouped(MIN_BOMB_BYTES)}, and ${grouped(MAX_ENTRY_BYTES)} in all)`,
    );
  }
  if (entry.compressionMethod === 0 && compressedSize !== uncompressedSize) {
    throw new ZipFormatError(`${name}: a stored entry whose two sizes differ`);
  }
}

/**
 * Opens the first CSV entry of an archive as a stream of its decompressed bytes, once the archive
 * and the entry are weighed (see the top of this file); anything else is a ZipFormatError.
 */
export async function openZipCsv(path: string): Promise<ZipCsvEntry> {
  const zip = await openArchive(path);
  try {
    const entry = await findCsv(zip);
    if (!entry) throw new ZipFormatError('no .csv entry in the archive');
    weigh(entry, zip.fileSize);
    let content: Readable;
    try {
      content = await zip.openReadStreamPromise(entry);
    } catch (error) {
      throw new ZipFormatError(`${entry.fileName}: ${(error as Error).message}`);
    }
    let open = true;
    const close = () => {
      if (open) zip.close();
      open = false;
    };
    content.on('close', close);
    return {
      name: entry.fileName,
      compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize,
      content,
      close() {
        content.destroy();
        close();
      },
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** MS-DOS date and time fields, in the archive's local time (we pass UTC: it is only a label). */
function dosDateTime(date: Date): { time: number; day: number } {
  const time =
    (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const day =
    ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return { time, day };
}

/**
 * Writes a one-entry deflated archive as a stream: the local header goes out before the sizes
 * are known (flag bit 3), a data descriptor follows the data, then the central directory.
 * No ZIP64 on this side: an entry over 4 GiB is refused rather than written wrong.
 */
export class ZipEntryWriter {
  private readonly out;
  private readonly deflate;
  private readonly nameBytes: Buffer;
  private readonly stamp: { time: number; day: number };
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private failure: Error | undefined;

  constructor(path: string, entryName: string, modified: Date, level = 6) {
    this.nameBytes = Buffer.from(entryName, 'utf8');
    this.stamp = dosDateTime(modified);
    this.out = createWriteStream(path);
    // kept for close(): an unheard 'error' event would crash the process
    this.out.on('error', (error) => {
      this.failure = error;
    });
    this.out.write(this.header(SIG_LOCAL));
    this.deflate = createDeflateRaw({ level });
    this.deflate.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
    });
    this.deflate.pipe(this.out, { end: false });
  }

  /** Same contract as a writable stream's write: false means wait for 'drain'. */
  write(text: string): boolean {
    const bytes = Buffer.from(text, 'utf8');
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    return this.deflate.write(bytes);
  }

  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    await once(this.deflate, 'drain');
  }

  destroy(): void {
    this.deflate.destroy();
    this.out.destroy();
  }

  async close(): Promise<void> {
    this.deflate.end();
    await finished(this.deflate);
    if (this.failure) throw this.failure;
    if (this.size > U32_MAX || this.compressed > U32_MAX) {
      this.out.destroy();
      throw new ZipFormatError('entry over 4 GiB: ZIP64 writing is not implemented');
    }
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(SIG_DESCRIPTOR, 0);
    descriptor.writeUInt32LE(this.crc >>> 0, 4);
    descriptor.writeUInt32LE(this.compressed, 8);
    descriptor.writeUInt32LE(this.size, 12);
    const centralOffset = 30 + this.nameBytes.length + this.compressed + 16;
    const central = this.header(SIG_CENTRAL);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(SIG_END, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length, 12);
    end.writeUInt32LE(centralOffset, 16);
    this.out.end(Buffer.concat([descriptor, central, end]));
    await finished(this.out);
  }

  /** Local (30 bytes + name) or central (46 bytes + name) header; sizes are 0 until known. */
  private header(signature: number): Buffer {
    const central = signature === SIG_CENTRAL;
    const b = Buffer.alloc((central ? 46 : 30) + this.nameBytes.length);
    b.writeUInt32LE(signature, 0);
    let at = 4;
    if (central) {
      b.writeUInt16LE(20, at); // version made by: MS-DOS, spec 2.0
      at += 2;
    }
    b.writeUInt16LE(20, at); // version needed to extract: 2.0 (deflate)
    b.writeUInt16LE(0x0808, at + 2); // bit 3: sizes in the data descriptor; bit 11: UTF-8 name
    b.writeUInt16LE(8, at + 4);
    b.writeUInt16LE(this.stamp.time, at + 6);
    b.writeUInt16LE(this.stamp.day, at + 8);
    if (central) {
      b.writeUInt32LE(this.crc >>> 0, at + 10);
      b.writeUInt32LE(this.compressed, at + 14);
      b.writeUInt32LE(this.size, at + 18);
    }
    b.writeUInt16LE(this.nameBytes.length, at + 22);
    // extra and comment lengths, disk number, attributes and the local header offset stay 0
    this.nameBytes.copy(b, central ? 46 : 30);
    return b;
  }
}
