/**
 * The byte pre-filter on more cores: the reading thread cuts the file into blocks of whole lines
 * and worker threads judge each block's lines (`line-filter.worker.ts`), while the reading
 * thread reads ahead and parses the lines kept. Blocks come back in the order they were read,
 * with one answer per line; the reading thread splits the block into the same lines and reads
 * the answers as it goes (`csv-stream.ts`), so line numbers, records that span several lines
 * (never dropped: the reading thread knows when a record is open, and then ignores the
 * answer), bad lines and counts are those of one thread.
 */

import { Worker } from 'node:worker_threads';
import type { DropSpec } from './line-filter.ts';

/** the size a block is cut at (at its last line break), unless told */
const BLOCK = 1 << 20;
/** blocks in flight per worker: one judged while the next waits */
const AHEAD = 2;

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const WORKER = new URL('./line-filter.worker.ts', import.meta.url).href;

export interface DropWorkersOptions {
  spec: DropSpec;
  threads: number;
  /** a file smaller than this is read on one thread: starting workers costs more */
  minBytes: number;
  /** the size blocks are cut at (default 1 MiB) */
  blockBytes?: number;
  /** the latest processing time among the lines a worker dropped */
  onLatest: (value: string | null) => void;
}

/** A block of whole lines, and for each of its lines whether it is dropped (1) or read (0). */
export interface JudgedBlock {
  bytes: Buffer;
  decisions: Uint8Array | undefined;
}

type Answer = { block: Uint8Array; decisions: Uint8Array; latest: string | null };

export class DropWorkers {
  private readonly workers: Worker[];
  private readonly waiting: ((answer: Answer) => void)[][];
  private readonly failures: ((error: Error) => void)[][];
  private turn = 0;
  private inflight: Promise<Answer>[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private sourceDone = false;
  private stuck = false;
  private failure: Error | undefined;

  constructor(
    header: readonly string[],
    private readonly options: DropWorkersOptions,
  ) {
    const threads = Math.max(1, options.threads);
    this.waiting = Array.from({ length: threads }, () => []);
    this.failures = Array.from({ length: threads }, () => []);
    this.workers = Array.from({ length: threads }, (_, i) => {
      const worker = new Worker(BOOT, {
        workerData: { module: WORKER, spec: options.spec, header: [...header] },
      });
      worker.on('message', (answer: Answer) => {
        this.failures[i]?.shift();
        this.waiting[i]?.shift()?.(answer);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a reading thread stopped (exit code ${code})`));
      });
      return worker;
    });
  }

  /** Bytes read before the workers took over (the unfinished line the splitter held). */
  prepend(bytes: Buffer | undefined): void {
    if (!bytes || bytes.length === 0) return;
    this.pending.unshift(bytes);
    this.pendingBytes += bytes.length;
  }

  /**
   * The next block, judged, reading ahead from `source` meanwhile; the file's last bytes
   * (after its last line break, or a block with no line break at all) come unjudged; null at
   * the end.
   */
  async next(source: AsyncIterator<Uint8Array | string>): Promise<JudgedBlock | null> {
    while (!this.sourceDone && !this.stuck && this.inflight.length < AHEAD * this.workers.length) {
      const read = await source.next();
      if (read.done) {
        this.sourceDone = true;
        break;
      }
      const chunk = typeof read.value === 'string' ? Buffer.from(read.value) : read.value;
      this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.pendingBytes += chunk.byteLength;
      if (this.pendingBytes >= (this.options.blockBytes ?? BLOCK)) {
        const whole = this.cutBlock();
        if (whole) {
          const judged = this.judge(whole);
          judged.catch(() => {}); // awaited in turn below: a failure is thrown there
          this.inflight.push(judged);
        } else {
          // a whole block without a line break: a line too long, which the splitter refuses
          this.stuck = true;
        }
      }
    }
    const first = this.inflight.shift();
    if (first) {
      const answer = await first;
      this.options.onLatest(answer.latest);
      const { block, decisions } = answer;
      return { bytes: Buffer.from(block.buffer, block.byteOffset, block.byteLength), decisions };
    }
    if (this.pendingBytes > 0) return { bytes: this.takePending(), decisions: undefined };
    return null;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** The pending bytes up to their last line break, as a block of its own memory. */
  private cutBlock(): Uint8Array | undefined {
    const joined = this.takePending();
    const cut = joined.lastIndexOf(10);
    if (cut === -1) {
      this.pending = [joined];
      this.pendingBytes = joined.length;
      return undefined;
    }
    const block = new Uint8Array(cut + 1);
    block.set(joined.subarray(0, cut + 1));
    if (cut + 1 < joined.length) {
      this.pending = [joined.subarray(cut + 1)];
      this.pendingBytes = joined.length - cut - 1;
    }
    return block;
  }

  private takePending(): Buffer {
    const joined =
      this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }

  private judge(block: Uint8Array): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    const i = this.turn;
    this.turn = (this.turn + 1) % this.workers.length;
    return new Promise<Answer>((resolve, reject) => {
      this.waiting[i]?.push(resolve);
      this.failures[i]?.push(reject);
      this.workers[i]?.postMessage(block, [block.buffer as ArrayBuffer]);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const list of this.failures) for (const reject of list.splice(0)) reject(error);
    for (const list of this.waiting) list.splice(0);
  }
}
