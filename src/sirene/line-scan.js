// @ts-check
/**
 * The pre-filter's lines cut and judged in WebAssembly (`line-scan.wat`): the same decisions as
 * `establishmentDropper` and `unitDropper` of `line-filter.js`, each line's line break, commas
 * and quotes found sixteen bytes at a time. JavaScript locating a line's fields a byte at a
 * time, then checking them, cost about 3 ns a byte on this project's 2-core machine, where DuckDB
 * reads a national-like file of 1.8 GB in about 4 s on both cores: the reader could not be as
 * fast. Plain JavaScript for the same reason as `line-filter.js` (it runs on the workers).
 */

import { readFileSync } from 'node:fs';
import { communeNumberOf } from './line-filter.js';

/** @typedef {import('./line-filter.js').DropSpec} DropSpec */
/** @typedef {import('./line-filter.js').LatestValue} LatestValue */

// the memory's layout, as `line-scan.wat` describes it
const KIND = 0;
const WIDTH = 1;
const MAX_BYTES = 2;
const COLUMNS = 3; // siren, nic, siret, state, siege, commune, processing time
const LATEST_LENGTH = 10;
const SIREN_MASK = 11;
const NEXT = 13;
const LATEST_BYTES = 64;
const LATEST_ROOM = 128;
/** fields a line may have for the module to judge it */
const MAX_FIELDS = 998;
const MARKS = 8448 / 4;
const OUT = 16384 / 4;
const LINES_A_CALL = 16384;
const TABLE = 393216;
const COMMUNES = 12 ** 5;
const PAGE = 65536;
/** bytes read past a block's end by the last sixteen-byte load */
const SLACK = 16;

/** @type {WebAssembly.Module | null | undefined} */
let compiled;
/** the module, or null where WebAssembly has no SIMD (x64 without SSE4.1): lines are then judged in JavaScript */
const module = () => {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(readFileSync(new URL('./line-scan.wasm', import.meta.url)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
};

export class LineScanner {
  /**
   * @param {WebAssembly.Memory} memory @param {(at: number, from: number, len: number) => number} scan
   * @param {number} blockAt where blocks are copied @param {LatestValue} latest
   */
  constructor(memory, scan, blockAt, latest) {
    this.memory = memory;
    this.scan = scan;
    this.blockAt = blockAt;
    this.latest = latest;
    /** @type {Buffer | undefined} the latest time known as written into the module's memory */
    this.written = undefined;
    this.bytes = new Uint8Array(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    this.room(SLACK);
    this.writeLatest();
  }

  /**
   * A scanner for the lines `dropperFor(spec, header, latest)` judges, or undefined when it
   * judges none (a column missing, a commune the bytes cannot name, a line too wide).
   * @param {DropSpec} spec @param {readonly string[]} header @param {LatestValue} latest
   * @param {number} maxBytes lines longer are never dropped
   * @returns {LineScanner | undefined}
   */
  static for(spec, header, latest, maxBytes) {
    const col = (/** @type {string} */ name) => header.indexOf(name);
    const units = spec.kind === 'units';
    // siren, nic, siret, state, siege, commune: a legal unit's line has the first and the fourth
    const columns = units
      ? [col('siren'), -1, -1, col('etatAdministratifUniteLegale'), -1, -1]
      : [
          col('siren'),
          col('nic'),
          col('siret'),
          col('etatAdministratifEtablissement'),
          col('etablissementSiege'),
          col('codeCommuneEtablissement'),
        ];
    const used = columns.filter((_, i) => !units || i === 0 || i === 3);
    if (used.some((c) => c < 0) || header.length > MAX_FIELDS) return undefined;
    const table = units ? new Uint8Array(spec.sirens) : communeTable(spec.communes);
    if (!table) return undefined;
    const compiledModule = module();
    if (!compiledModule) return undefined;
    const instance = new WebAssembly.Instance(compiledModule, {});
    const memory = /** @type {WebAssembly.Memory} */ (instance.exports.memory);
    const scan = /** @type {(at: number, from: number, len: number) => number} */ (
      instance.exports.judge
    );
    const blockAt = Math.ceil((TABLE + table.length) / PAGE) * PAGE;
    const scanner = new LineScanner(memory, scan, blockAt, latest);
    const words = scanner.words;
    words[KIND] = units ? 2 : 1;
    words[WIDTH] = header.length;
    words[MAX_BYTES] = maxBytes;
    const processed = col(
      units ? 'dateDernierTraitementUniteLegale' : 'dateDernierTraitementEtablissement',
    );
    [...columns, processed].forEach((c, i) => {
      words[COLUMNS + i] = c;
    });
    // the commas around each field read, by rank: the k-th ends field k - 1 and starts field k
    const ranks = new Set();
    for (const k of [...used, processed]) {
      if (k > 0) ranks.add(k);
      if (k >= 0 && k + 1 < header.length) ranks.add(k + 1);
    }
    [...ranks, 0x7fffffff]
      .sort((a, b) => a - b)
      .forEach((rank, i) => {
        words[MARKS + i] = rank;
      });
    if (units) words[SIREN_MASK] = table.length / 4 - 1;
    scanner.bytes.set(table, TABLE);
    return scanner;
  }

  /**
   * Cuts `bytes` (whole lines) into lines and gives each to `take` with whether it is dropped,
   * as `judgeBlock` does line by line.
   * @param {Buffer} bytes
   * @param {(start: number, end: number, dropped: boolean) => void} take
   */
  judge(bytes, take) {
    this.room(bytes.length + SLACK);
    this.bytes.set(bytes, this.blockAt);
    for (let from = 0; ; from = /** @type {number} */ (this.words[NEXT])) {
      const lines = this.scan(this.blockAt, from, bytes.length);
      const out = this.words;
      for (let k = OUT, last = OUT + 5 * lines; k < last; k += 5) {
        const start = /** @type {number} */ (out[k]);
        const end = /** @type {number} */ (out[k + 1]);
        const status = out[k + 2];
        if (status === 3) {
          // dropped, but its time is later than the latest known: only JavaScript checks a
          // calendar (and, as the dropper, keeps a line whose time holds a quote)
          const timeFrom = /** @type {number} */ (out[k + 3]);
          const timeTo = /** @type {number} */ (out[k + 4]);
          take(start, end, this.latest.offerBytes(bytes, timeFrom, timeTo));
        } else {
          take(start, end, status === 0);
        }
      }
      this.writeLatest();
      // fewer lines than a call's room: the block is judged
      if (lines < LINES_A_CALL) return;
    }
  }

  /** @param {number} size bytes a block needs */
  room(size) {
    const need = this.blockAt + size - this.memory.buffer.byteLength;
    if (need <= 0) return;
    this.memory.grow(Math.ceil(need / PAGE));
    this.bytes = new Uint8Array(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
  }

  /**
   * The latest time known, for the module to tell which lines may move it (cut to its first 128
   * bytes: a value later than the whole is later than its start, so none is missed).
   */
  writeLatest() {
    const raw = this.latest.raw;
    if (raw === this.written) return;
    this.written = raw;
    const cut = raw.subarray(0, LATEST_ROOM);
    this.bytes.set(cut, LATEST_BYTES);
    this.words[LATEST_LENGTH] = cut.length;
  }
}

/**
 * The communes kept, one byte per commune number (`communeNumberOf`), or undefined when one
 * cannot be named so.
 * @param {readonly string[]} communes
 */
function communeTable(communes) {
  const table = new Uint8Array(COMMUNES);
  for (const code of communes) {
    const n = communeNumberOf(code);
    if (n < 0) return undefined;
    table[n] = 1;
  }
  return table;
}
