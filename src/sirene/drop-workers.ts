/**
 * The byte pre-filter on more cores: the reading thread cuts the file into blocks of whole lines
 * and worker threads judge each block's lines (`line-filter.worker.js`), while the reading
 * thread reads ahead and parses the lines kept. Blocks come back in the order they were read,
 * with their number of lines and the few lines the reading thread must read (`judgeBlock` of
 * `line-filter.js`: the lines not dropped, and those that may belong to a record spanning
 * several lines, with what was decided), so that it never splits the 99 % of lines dropped, while
 * line numbers, records that span several lines (never dropped: the reading thread knows when a
 * record is open, and then ignores the answer), bad lines and counts are those of one thread.
 * The workers are plain JavaScript started without a TypeScript loader: about 8 MB each. A block's
 * lines are judged in WebAssembly (`line-scan.js`), on a worker or here; on one core, with no
 * worker, every block is judged here, still far faster than line by line.
 */

import { Worker } from 'node:worker_threads';
import {
  type DropSpec,
  dropperFor,
  judgeBlock,
  LatestValue,
  type LineDropper,
} from './line-filter.js';
import { LineScanner } from './line-scan.js';

/** the size a block is cut at (at its last line break), unless told */
const BLOCK = 1 << 20;
/** blocks in flight per worker: one judged while the next waits */
const AHEAD = 2;

const WORKER = new URL('./line-filter.worker.js', import.meta.url);

export interface DropWorkersOptions {
  spec: DropSpec;
  threads: number;
  /** a file smaller than this is read on one thread: starting workers costs more */
  minBytes: number;
  /** the size blocks are cut at (default 1 MiB) */
  blockBytes?: number;
  /** the latest processing time among the lines a worker dropped */
  onLatest: (value: string | null) => void;
  /** the lines a record may span (`CsvRecordSplitter`'s limit), and the longest line read */
  maxRecordLines: number;
  maxLineBytes: number;
}

/**
 * A block of whole lines judged: its number of lines and the lines to read (four numbers each,
 * `judgeBlock`); the file's last bytes come unjudged (`verdict` undefined).
 */
/**
 * A plain file read straight into the blocks' memory (no stream's buffers to copy from): fills
 * `target` from where the reading stands, and says how many bytes it read (0 at the end).
 */
export type DirectSource = (target: Uint8Array) => Promise<number>;

export interface JudgedBlock {
  bytes: Buffer;
  verdict: { lines: number; read: Int32Array } | undefined;
}

type Answer = { lines: number; read: Int32Array; latest: string | null };

export class DropWorkers {
  private readonly workers: Worker[];
  private readonly waiting: ((answer: Answer) => void)[][];
  private readonly failures: ((error: Error) => void)[][];
  /** the reading thread judges its share of blocks too: it has little else to do */
  private readonly here: LineDropper | undefined;
  private readonly hereScanner: LineScanner | undefined;
  private readonly hereLatest = new LatestValue();
  private readonly window: number;
  private inflight: { block: Uint8Array; answer: Promise<Answer> }[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private sourceDone = false;
  private stuck = false;
  private failure: Error | undefined;
  /** shared memory of blocks read, ready for the next ones (fresh memory is freed late) */
  private free: SharedArrayBuffer[] = [];
  private given: SharedArrayBuffer | undefined;

  constructor(
    header: readonly string[],
    private readonly options: DropWorkersOptions,
  ) {
    // none on one core: the reading thread judges every block itself
    const threads = Math.max(0, options.threads);
    // a line after one that opens a record belongs to it until the reader gives up
    this.window = options.maxRecordLines - 1;
    this.here = dropperFor(options.spec, header, this.hereLatest);
    this.hereScanner =
      this.here && LineScanner.for(options.spec, header, this.hereLatest, options.maxLineBytes);
    this.waiting = Array.from({ length: threads }, () => []);
    this.failures = Array.from({ length: threads }, () => []);
    this.workers = Array.from({ length: threads }, (_, i) => {
      const worker = new Worker(WORKER, {
        workerData: {
          spec: options.spec,
          header: [...header],
          window: this.window,
          maxBytes: options.maxLineBytes,
        },
        // not the process's options: its `--import tsx` would load a TypeScript loader here too
        execArgv: [],
        // a worker holds a block's verdict at a time, and reads the SIRENs wanted from shared
        // memory: a small heap is plenty (a bound, not memory taken)
        resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 48 },
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
  async next(
    source: AsyncIterator<Uint8Array | string> | DirectSource,
  ): Promise<JudgedBlock | null> {
    // the block given last has been read by now
    if (this.given) this.free.push(this.given);
    this.given = undefined;
    const ahead = AHEAD * (this.workers.length + 1);
    const room = () => !this.sourceDone && !this.stuck && this.inflight.length < ahead;
    if (typeof source === 'function') {
      while (room()) await this.readDirect(source);
    } else {
      while (room()) await this.readChunk(source);
    }
    const first = this.inflight.shift();
    if (first) {
      const { lines, read, latest } = await first.answer;
      this.options.onLatest(latest);
      const { block } = first;
      this.given = block.buffer as SharedArrayBuffer;
      const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
      return { bytes, verdict: { lines, read } };
    }
    if (this.pendingBytes > 0) return { bytes: this.takePending(), verdict: undefined };
    return null;
  }

  /** Takes the next chunk of a stream, and sends a block once enough are pending. */
  private async readChunk(source: AsyncIterator<Uint8Array | string>): Promise<void> {
    const read = await source.next();
    if (read.done) {
      this.sourceDone = true;
      return;
    }
    const chunk = typeof read.value === 'string' ? Buffer.from(read.value) : read.value;
    this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.pendingBytes += chunk.byteLength;
    if (this.pendingBytes < (this.options.blockBytes ?? BLOCK)) return;
    const block = this.cutBlock();
    if (block) this.send(block);
    else this.stuck = this.tooLong(this.pendingBytes);
  }

  /**
   * Whether bytes without a line break are a line too long, which the splitter refuses (then
   * given it unjudged); a shorter one is read on until its line break, whatever the block size.
   */
  private tooLong(bytes: number): boolean {
    // one byte more for the CR of a CRLF line break
    return bytes > this.options.maxLineBytes + 1;
  }

  /** Reads the next block straight into shared memory, after the bytes carried over. */
  private async readDirect(source: DirectSource): Promise<void> {
    const carried = this.takePending();
    // room for the carried bytes and as many more (a line longer than a small block)
    const size = Math.max(this.options.blockBytes ?? BLOCK, 2 * carried.length);
    const memory = this.sharedMemory(size);
    const view = new Uint8Array(memory, 0, size);
    view.set(carried);
    const n = await source(view.subarray(carried.length));
    const filled = carried.length + n;
    const cut = view.lastIndexOf(10, filled - 1);
    if (n === 0 || cut === -1) {
      // the end of the file, or no line break yet: read on, or left to the splitter
      if (n === 0) this.sourceDone = true;
      else this.stuck = this.tooLong(filled);
      this.prepend(Buffer.from(view.subarray(0, filled)));
      this.free.push(memory);
      return;
    }
    if (cut + 1 < filled) this.prepend(Buffer.from(view.subarray(cut + 1, filled)));
    this.send(new Uint8Array(memory, 0, cut + 1));
  }

  private send(block: Uint8Array): void {
    const answer = this.judge(block);
    answer.catch(() => {}); // awaited in turn by `next`: a failure is thrown there
    this.inflight.push({ block, answer });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /**
   * The pending bytes up to their last line break, copied once into memory shared with the
   * workers (a block is read there and here, never copied or moved between threads).
   */
  private cutBlock(): Uint8Array | undefined {
    let last = this.pending.length - 1;
    let cut = -1;
    for (; last >= 0; last--) {
      cut = (this.pending[last] as Buffer).lastIndexOf(10);
      if (cut !== -1) break;
    }
    if (cut === -1) return undefined;
    const pieces = this.pending;
    const tail = (pieces[last] as Buffer).subarray(cut + 1);
    let size = cut + 1;
    for (let k = 0; k < last; k++) size += (pieces[k] as Buffer).length;
    const block = new Uint8Array(this.sharedMemory(size), 0, size);
    let at = 0;
    for (let k = 0; k < last; k++) {
      block.set(pieces[k] as Buffer, at);
      at += (pieces[k] as Buffer).length;
    }
    block.set((pieces[last] as Buffer).subarray(0, cut + 1), at);
    const rest = [tail, ...pieces.slice(last + 1)].filter((p) => p.length > 0);
    this.pending = rest;
    this.pendingBytes = rest.reduce((n, p) => n + p.length, 0);
    return block;
  }

  /**
   * Shared memory for a block of `size` bytes: taken from the blocks already read when one is
   * large enough. Every block has room for a block and a piece more, so they all fit.
   */
  private sharedMemory(size: number): SharedArrayBuffer {
    const at = this.free.findIndex((memory) => memory.byteLength >= size);
    if (at !== -1) return this.free.splice(at, 1)[0] as SharedArrayBuffer;
    const room = (this.options.blockBytes ?? BLOCK) + (1 << 17);
    return new SharedArrayBuffer(Math.max(size, room));
  }

  private takePending(): Buffer {
    const joined =
      this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }

  /**
   * Sends the block to the worker with the fewest blocks waiting, or, when each has two (or there
   * is none), judges it here: the reading thread has other work (reading, copying, the lines
   * kept), so it takes only what the workers leave.
   */
  private judge(block: Uint8Array): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    let i = 0;
    for (let k = 1; k < this.workers.length; k++) {
      if ((this.waiting[k]?.length ?? 0) < (this.waiting[i]?.length ?? 0)) i = k;
    }
    const worker = this.workers[i];
    if (!worker || (this.waiting[i]?.length ?? 0) >= AHEAD) {
      const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
      const { here, window, hereScanner } = this;
      const verdict = judgeBlock(bytes, here, window, this.options.maxLineBytes, hereScanner);
      return Promise.resolve({ ...verdict, latest: this.hereLatest.value });
    }
    return new Promise<Answer>((resolve, reject) => {
      this.waiting[i]?.push(resolve);
      this.failures[i]?.push(reject);
      worker.postMessage(block);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const list of this.failures) for (const reject of list.splice(0)) reject(error);
    for (const list of this.waiting) list.splice(0);
  }
}
