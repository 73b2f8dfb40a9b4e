/**
 * Buffered line output for the sample generator: plain, gzip or zip, with backpressure so a
 * million-row file is written in constant memory.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ZipEntryWriter } from '../zip.ts';

export type Compression = 'none' | 'gzip' | 'zip';

interface Sink {
  write(text: string): boolean;
  drain(): Promise<void>;
  close(): Promise<void>;
  destroy(): void;
}

/** Hand writes to the stream in blocks this big: one write per row would dominate the run time. */
const BLOCK = 1 << 16;

/**
 * Keeps a stream's error for the next write, drain or close: without a listener an 'error'
 * event would crash the process, and a drain awaited on a dead stream would never come.
 */
function guard(stream: Writable): () => void {
  let failure: unknown;
  stream.on('error', (error) => {
    failure = error;
  });
  return () => {
    if (failure !== undefined) throw failure;
    if (stream.destroyed) throw new Error('output stream closed early');
  };
}

function openSink(path: string, compression: Compression, modified: Date, base: string): Sink {
  if (compression === 'zip') {
    const zip = new ZipEntryWriter(path, `${basename(base)}.csv`, modified);
    return {
      write: (text) => zip.write(text),
      drain: () => zip.drain(),
      close: () => zip.close(),
      destroy: () => zip.destroy(),
    };
  }
  const file = createWriteStream(path);
  const check = guard(file);
  if (compression === 'gzip') {
    // level 6 is gzip's default; INSEE does not say which level its files use
    const gzip = createGzip({ level: 6 });
    const done = pipeline(gzip, file);
    done.catch(() => {}); // observed in close(); this only keeps an early failure from going unhandled
    return {
      write: (text) => gzip.write(text),
      drain: async () => {
        check();
        await once(gzip, 'drain');
      },
      close: async () => {
        gzip.end();
        await done;
      },
      destroy: () => gzip.destroy(),
    };
  }
  return {
    write: (text) => file.write(text),
    drain: async () => {
      check();
      await once(file, 'drain');
    },
    close: async () => {
      check();
      file.end();
      await finished(file);
    },
    destroy: () => file.destroy(),
  };
}

export class CsvOut {
  readonly path: string;
  /** physical lines pushed so far (every pushed text is one line) */
  lines = 0;
  private parts: string[] = [];
  private size = 0;
  private readonly sink: Sink;

  /** `base` is the path without extension; the extension follows the compression. */
  constructor(base: string, compression: Compression, modified: Date) {
    const extension = { none: '.csv', gzip: '.csv.gz', zip: '.zip' }[compression];
    this.path = base + extension;
    this.sink = openSink(this.path, compression, modified, base);
  }

  push(line: string): void {
    this.parts.push(line);
    this.size += line.length;
    this.lines++;
  }

  async flushIfFull(): Promise<void> {
    if (this.size >= BLOCK) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.sink.close();
  }

  destroy(): void {
    this.sink.destroy();
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const ok = this.sink.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    if (!ok) await this.sink.drain();
  }
}
