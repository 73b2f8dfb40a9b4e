/**
 * Just enough of the ZIP format for INSEE's archives: find an entry through the central
 * directory (ZIP64 included — the establishment CSV is ≈ 9 GB) and stream it through Node's
 * zlib; and write a one-entry archive the same way INSEE ships them, for the sample generator.
 * Written here rather than adding a dependency because both sides are ~100 lines of format
 * reading and Node already has the inflater; yauzl would be the library to take if this grew.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { crc32, createDeflateRaw, createInflateRaw } from 'node:zlib';

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated: the two methods this reader handles */
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    if (bytesRead !== length) throw new ZipFormatError(`${path}: truncated zip archive`);
    return buffer;
  } finally {
    await handle.close();
  }
}

const u64 = (b: Buffer, at: number) => Number(b.readBigUInt64LE(at));

/** Reads the central directory: the sizes there are final even when the entry used a data descriptor. */
export async function listZipEntries(path: string): Promise<ZipEntry[]> {
  const size = (await stat(path)).size;
  // end record (22 bytes) + its comment (≤ 65 535) + the ZIP64 locator in front of it (20)
  const tailLength = Math.min(size, 22 + U16_MAX + 20);
  const tail = await readAt(path, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_END) {
      end = i;
      break;
    }
  }
  if (end === -1)
    throw new ZipFormatError(`${path}: not a zip archive (no end of central directory)`);
  let count = tail.readUInt16LE(end + 10);
  let cdSize = tail.readUInt32LE(end + 12);
  let cdOffset = tail.readUInt32LE(end + 16);
  if (count === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
    const locator = end - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== SIG_END64_LOCATOR) {
      throw new ZipFormatError(`${path}: ZIP64 locator missing`);
    }
    const end64 = await readAt(path, u64(tail, locator + 8), 56);
    if (end64.readUInt32LE(0) !== SIG_END64)
      throw new ZipFormatError(`${path}: bad ZIP64 end record`);
    count = u64(end64, 32);
    cdSize = u64(end64, 40);
    cdOffset = u64(end64, 48);
  }
  const cd = await readAt(path, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (cd.readUInt32LE(at) !== SIG_CENTRAL)
      throw new ZipFormatError(`${path}: bad central directory`);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: cd.toString('utf8', at + 46, at + 46 + nameLength),
      flags: cd.readUInt16LE(at + 8),
      method: cd.readUInt16LE(at + 10),
      compressedSize: cd.readUInt32LE(at + 20),
      uncompressedSize: cd.readUInt32LE(at + 24),
      localHeaderOffset: cd.readUInt32LE(at + 42),
    };
    applyZip64Extra(entry, cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** ZIP64 extra field (id 1): 64-bit values, present only for the 32-bit fields set to 0xFFFFFFFF. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let p = at + 4;
      if (entry.uncompressedSize === U32_MAX) {
        entry.uncompressedSize = u64(extra, p);
        p += 8;
      }
      if (entry.compressedSize === U32_MAX) {
        entry.compressedSize = u64(extra, p);
        p += 8;
      }
      if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = u64(extra, p);
      return;
    }
    at += 4 + length;
  }
}

/**
 * Streams one entry: `raw` yields the compressed bytes as read from disk (count them for a
 * progress bar against `entry.compressedSize`), `content` the decompressed ones.
 */
export async function openZipEntry(
  path: string,
  entry: ZipEntry,
): Promise<{ raw: Readable; content: Readable }> {
  if (entry.flags & 1)
    throw new ZipFormatError(`${entry.name}: encrypted entries are not supported`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipFormatError(`${entry.name}: compression method ${entry.method} is not supported`);
  }
  const local = await readAt(path, entry.localHeaderOffset, 30);
  if (local.readUInt32LE(0) !== SIG_LOCAL)
    throw new ZipFormatError(`${entry.name}: bad local header`);
  // the local name/extra lengths may differ from the central directory's: use these
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw =
    entry.compressedSize === 0
      ? new PassThrough().end()
      : createReadStream(path, {
          start,
          end: start + entry.compressedSize - 1,
          highWaterMark: 1 << 16,
        });
  if (entry.method === 0) return { raw, content: raw };
  const inflate = createInflateRaw();
  raw.on('error', (error: Error) => inflate.destroy(error));
  return { raw, content: raw.pipe(inflate) };
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
