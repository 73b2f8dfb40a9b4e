// @ts-check
/**
 * The byte-level pre-filter of a national stock file: about 99 % of its lines lie outside the
 * territory, and splitting each into strings costs far more than reading it. Here a line is
 * looked at as bytes: its fields are located without building any string, and a line is
 * dropped — counted, never decoded — when it is well-formed, outside what the import keeps, and
 * would pass the checks the full reader makes before it asks whether to keep a row (identifiers,
 * states). Anything else (a quote inside a value, a field count that differs, a bad identifier,
 * a line of the territory) goes through the full parser, so the rows kept, the rows rejected and
 * their reasons are exactly those of the full reader.
 *
 * Plain JavaScript typed by its comments (the compiler checks it as strictly as the TypeScript
 * around it): this module runs on the pre-filter's worker threads (`line-filter.worker.js`), and
 * Node 20 runs TypeScript only through a loader, which costs each worker about 25 MB more
 * (33 MB against 8.5 MB, measured) — within an import whose processes together stay under
 * 300 MB. `calendar.js` is its one dependency, for the same reason.
 */

import { timestamp } from './calendar.js';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Decides from a line's bytes (`bytes[start, end)`, without its line break) that the line is
 * read no further: true drops it. It answers false for anything it cannot judge.
 * @typedef {(bytes: Buffer, start: number, end: number) => boolean} LineDropper
 */

/**
 * What a worker thread needs to build a dropper of its own.
 * @typedef {{ kind: 'establishments', communes: readonly string[] }
 *   | { kind: 'units', sirens: SharedArrayBuffer }} DropSpec (the SIRENs: a `SirenTable`'s memory)
 */

/**
 * Locates the fields of a "plain" line: every field either unquoted and free of quotes, or
 * quoted and closed on this line (a doubled quote inside is a quote of the value). Writes each
 * field's bytes between its quotes as `[bounds[2k], bounds[2k+1])` — a doubled quote stays
 * doubled there, so a value holding one never equals a code, an identifier or a state — and
 * returns the number of fields, or -1 when the line is not plain or has more fields than
 * `bounds` holds (the full parser then judges it).
 * @param {Uint8Array} b
 * @param {number} start
 * @param {number} end
 * @param {Int32Array} bounds
 * @returns {number}
 */
export function plainFields(b, start, end, bounds) {
  const max = bounds.length >> 1;
  let field = 0;
  let i = start;
  for (;;) {
    if (field === max) return -1;
    if (i < end && b[i] === QUOTE) {
      const from = i + 1;
      let j = from;
      for (;;) {
        while (j < end && b[j] !== QUOTE) j++;
        if (j + 1 < end && b[j + 1] === QUOTE) j += 2;
        else break;
      }
      if (j >= end) return -1;
      bounds[2 * field] = from;
      bounds[2 * field + 1] = j;
      field++;
      if (j + 1 === end) return field;
      if (b[j + 1] !== COMMA) return -1;
      i = j + 2;
    } else {
      let j = i;
      while (j < end) {
        const c = b[j];
        if (c === COMMA) break;
        if (c === QUOTE) return -1;
        j++;
      }
      bounds[2 * field] = i;
      bounds[2 * field + 1] = j;
      field++;
      if (j === end) return field;
      i = j + 1;
    }
  }
}

/**
 * The fields of a line without any quote, found by its commas alone: `plainFields` for such a
 * line, with one comparison a byte instead of two.
 * @param {Uint8Array} b @param {number} start @param {number} end @param {Int32Array} bounds
 * @returns {number}
 */
function commaFields(b, start, end, bounds) {
  const last = (bounds.length >> 1) - 1;
  let field = 0;
  let from = start;
  for (let j = start; j < end; j++) {
    if (b[j] === COMMA) {
      if (field === last) return -1;
      bounds[2 * field] = from;
      bounds[2 * field + 1] = j;
      field++;
      from = j + 1;
    }
  }
  bounds[2 * field] = from;
  bounds[2 * field + 1] = end;
  return field + 1;
}

/**
 * Where the next quote of a buffer lies, so that a block is searched for quotes once (a native
 * search), not at each of its lines.
 * @typedef {{ buffer: Uint8Array | null, next: number }} QuoteCursor
 */

/** @returns {QuoteCursor} */
export const quoteCursor = () => ({ buffer: null, next: -1 });

/**
 * `plainFields`, faster on the lines without a quote — most lines of a file quoted only where
 * needed — whose fields are found by their commas alone.
 * @param {Buffer} b @param {number} start @param {number} end @param {Int32Array} bounds
 * @param {QuoteCursor} cursor
 * @returns {number}
 */
export function lineFields(b, start, end, bounds, cursor) {
  if (cursor.buffer !== b || cursor.next < start) {
    const quote = b.indexOf(QUOTE, start);
    cursor.buffer = b;
    cursor.next = quote === -1 ? b.length : quote;
  }
  return cursor.next >= end
    ? commaFields(b, start, end, bounds)
    : plainFields(b, start, end, bounds);
}

/**
 * Whether `b[from, to)` holds the bytes of `v[at, at + to - from)` (a loop: far cheaper than a
 * native call for a few bytes).
 * @param {Uint8Array} b @param {number} from @param {number} to @param {Uint8Array} v
 * @param {number} [at]
 */
function sameBytes(b, from, to, v, at = 0) {
  for (let i = from, j = at; i < to; i++, j++) if (b[i] !== v[j]) return false;
  return true;
}

/**
 * `b[from, to)` against `v`, bytewise: negative, zero or positive, as `Buffer.compare`.
 * @param {Uint8Array} b @param {number} from @param {number} to @param {Uint8Array} v
 */
function compareBytes(b, from, to, v) {
  const n = Math.min(to - from, v.length);
  for (let k = 0; k < n; k++) {
    const d = /** @type {number} */ (b[from + k]) - /** @type {number} */ (v[k]);
    if (d !== 0) return d;
  }
  return to - from - v.length;
}

/** @param {Uint8Array} b @param {number} from @param {number} to */
function allDigits(b, from, to) {
  for (let i = from; i < to; i++) {
    const c = /** @type {number} */ (b[i]);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The Luhn sum of a run of digits (every second digit from the right doubled).
 * @param {Uint8Array} b @param {number} from @param {number} to
 */
function luhnSum(b, from, to) {
  let sum = 0;
  let double = false;
  for (let i = to - 1; i >= from; i--) {
    let d = /** @type {number} */ (b[i]) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/** La Poste's SIREN (`LA_POSTE_SIREN` of `identifiers.ts`; the unit test checks they agree) */
const LA_POSTE = Buffer.from('356000000');

/**
 * @typedef {{ siren: number, nic: number, siret: number }} IdentifierColumns
 */

/**
 * `identifierProblem(siren, nic, siret) === null`, read from bytes (same rules, same order).
 * @param {Uint8Array} b @param {Int32Array} bounds @param {IdentifierColumns} ix
 * @returns {boolean}
 */
export function identifiersValid(b, bounds, ix) {
  const s0 = /** @type {number} */ (bounds[2 * ix.siren]);
  const s1 = /** @type {number} */ (bounds[2 * ix.siren + 1]);
  if (s1 - s0 !== 9 || !allDigits(b, s0, s1) || luhnSum(b, s0, s1) % 10 !== 0) return false;
  const n0 = /** @type {number} */ (bounds[2 * ix.nic]);
  const n1 = /** @type {number} */ (bounds[2 * ix.nic + 1]);
  if (n1 - n0 !== 5 || !allDigits(b, n0, n1)) return false;
  const t0 = /** @type {number} */ (bounds[2 * ix.siret]);
  const t1 = /** @type {number} */ (bounds[2 * ix.siret + 1]);
  if (t1 - t0 !== 14) return false;
  if (!sameBytes(b, t0, t0 + 9, b, s0) || !sameBytes(b, t0 + 9, t1, b, n0)) return false;
  if (luhnSum(b, t0, t1) % 10 === 0) return true;
  // La Poste's establishments: the sum of the 14 digits is a multiple of 5
  if (!sameBytes(b, t0, t0 + 9, LA_POSTE)) return false;
  let sum = 0;
  for (let i = t0; i < t1; i++) sum += /** @type {number} */ (b[i]) - 48;
  return sum % 5 === 0;
}

/**
 * the SIREN as a number (its 9 digits checked), or -1
 * @param {Uint8Array} b @param {number} from @param {number} to
 */
function sirenNumber(b, from, to) {
  if (to - from !== 9 || !allDigits(b, from, to) || luhnSum(b, from, to) % 10 !== 0) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = /** @type {number} */ (b[i]);
    n = n * 10 + c - 48;
  }
  return n;
}

/**
 * a commune code (5 characters: digits, and A or B in Corsica's 2A and 2B) as a number, or -1
 * @param {Uint8Array} b @param {number} from @param {number} to
 */
function communeNumber(b, from, to) {
  if (to - from !== 5) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = /** @type {number} */ (b[i]);
    const d = c >= 48 && c <= 57 ? c - 48 : c === 65 ? 10 : c === 66 ? 11 : -1;
    if (d < 0) return -1;
    n = n * 12 + d;
  }
  return n;
}

/** @param {string} code */
export const communeNumberOf = (code) => {
  const bytes = Buffer.from(code, 'utf8');
  return communeNumber(bytes, 0, bytes.length);
};

/**
 * Whether field `k` holds exactly one of two byte strings.
 * @param {Uint8Array} b @param {Int32Array} bounds @param {number} k
 * @param {Uint8Array} one @param {Uint8Array} other
 */
function fieldIs(b, bounds, k, one, other) {
  const from = /** @type {number} */ (bounds[2 * k]);
  const n = /** @type {number} */ (bounds[2 * k + 1]) - from;
  return (
    (n === one.length && sameBytes(b, from, from + n, one)) ||
    (n === other.length && sameBytes(b, from, from + n, other))
  );
}

/** @param {string} s */
const bytesOf = (s) => Buffer.from(s, 'latin1');
const A = bytesOf('A');
const F = bytesOf('F');
const C = bytesOf('C');
const TRUE = bytesOf('true');
const FALSE = bytesOf('false');

/**
 * The latest processing timestamp of the rows read, including those never built: the import's
 * as-of date. Values are compared as bytes first; only one later than the latest valid one yet
 * is decoded and checked (`timestamp` of `calendar.js`), so a file's millions of dropped lines
 * decode a handful.
 */
export class LatestValue {
  /** @type {string | null} */
  value = null;
  /** @type {Buffer} */
  raw = Buffer.alloc(0);

  /** @param {string | null} v */
  offer(v) {
    const checked = timestamp(v);
    if (checked !== null && (this.value === null || checked > this.value)) {
      this.value = checked;
      this.raw = Buffer.from(checked, 'utf8');
    }
  }

  /**
   * false when the value holds a quote, left to the full reader to unquote
   * @param {Buffer} b @param {number} from @param {number} to
   */
  offerBytes(b, from, to) {
    if (from === to || compareBytes(b, from, to, this.raw) <= 0) return true;
    const quote = b.indexOf(QUOTE, from);
    if (quote !== -1 && quote < to) return false;
    this.offer(b.toString('utf8', from, to));
    return true;
  }
}

/**
 * Drops a StockEtablissement line whose commune is not one of `communes`, as the full reader
 * would skip it (well-formed, valid identifiers and states), noting its processing time.
 * @param {readonly string[]} header
 * @param {ReadonlySet<string>} communes
 * @param {LatestValue} latest
 * @returns {LineDropper | undefined}
 */
export function establishmentDropper(header, communes, latest) {
  /** @param {string} name */
  const col = (name) => header.indexOf(name);
  const ix = { siren: col('siren'), nic: col('nic'), siret: col('siret') };
  const state = col('etatAdministratifEtablissement');
  const siege = col('etablissementSiege');
  const commune = col('codeCommuneEtablissement');
  const processed = col('dateDernierTraitementEtablissement');
  if ([ix.siren, ix.nic, ix.siret, state, siege, commune].some((i) => i < 0)) return undefined;
  const wanted = new Set([...communes].map(communeNumberOf).filter((n) => n >= 0));
  // a commune the byte reading cannot name (not 5 characters of the code's alphabet) is judged
  // by the full reader
  if ([...communes].some((c) => communeNumberOf(c) < 0)) return undefined;
  const width = header.length;
  const bounds = new Int32Array(2 * (width + 1));
  const cursor = quoteCursor();
  return (b, start, end) => {
    if (lineFields(b, start, end, bounds, cursor) !== width) return false;
    const from = /** @type {number} */ (bounds[2 * commune]);
    const code = communeNumber(b, from, /** @type {number} */ (bounds[2 * commune + 1]));
    if (code >= 0 && wanted.has(code)) return false;
    if (!identifiersValid(b, bounds, ix)) return false;
    if (!fieldIs(b, bounds, state, A, F) || !fieldIs(b, bounds, siege, TRUE, FALSE)) return false;
    if (processed < 0) return true;
    return latest.offerBytes(
      b,
      /** @type {number} */ (bounds[2 * processed]),
      /** @type {number} */ (bounds[2 * processed + 1]),
    );
  };
}

/**
 * A set of SIRENs in one block of memory the reading thread and its workers share — a `Set` is
 * copied into each worker, and a territory's hundreds of thousands of SIRENs would weigh on
 * each. Open addressing over 32-bit slots, each SIREN (under 10⁹) stored plus one, 0 marking a
 * free slot; at most half full.
 */
export class SirenTable {
  /** @param {SharedArrayBuffer} memory */
  constructor(memory) {
    this.memory = memory;
    this.slots = new Int32Array(memory);
    this.mask = this.slots.length - 1;
  }

  /**
   * @param {ReadonlySet<number>} sirens
   * @returns {SirenTable}
   */
  static of(sirens) {
    let size = 1024;
    while (size < 2 * sirens.size) size *= 2;
    const table = new SirenTable(new SharedArrayBuffer(4 * size));
    for (const siren of sirens) table.add(siren);
    return table;
  }

  /** @param {number} siren */
  slot(siren) {
    const h = Math.imul(siren ^ (siren >>> 15), 0x2c1b3c6d);
    return (h ^ (h >>> 12)) & this.mask;
  }

  /** @param {number} siren */
  add(siren) {
    let i = this.slot(siren);
    while (this.slots[i] !== 0 && this.slots[i] !== siren + 1) i = (i + 1) & this.mask;
    this.slots[i] = siren + 1;
  }

  /** @param {number} siren */
  has(siren) {
    for (let i = this.slot(siren); ; i = (i + 1) & this.mask) {
      const v = this.slots[i];
      if (v === siren + 1) return true;
      if (v === 0) return false;
    }
  }
}

/**
 * Drops a StockUniteLegale line whose SIREN is not one of `sirens`, as the full reader would skip
 * it (well-formed, a valid SIREN and state), noting its processing time.
 * @param {readonly string[]} header
 * @param {{ has(siren: number): boolean }} sirens
 * @param {LatestValue} latest
 * @returns {LineDropper | undefined}
 */
export function unitDropper(header, sirens, latest) {
  const siren = header.indexOf('siren');
  const state = header.indexOf('etatAdministratifUniteLegale');
  const processed = header.indexOf('dateDernierTraitementUniteLegale');
  if (siren < 0 || state < 0) return undefined;
  const width = header.length;
  const bounds = new Int32Array(2 * (width + 1));
  const cursor = quoteCursor();
  return (b, start, end) => {
    if (lineFields(b, start, end, bounds, cursor) !== width) return false;
    const from = /** @type {number} */ (bounds[2 * siren]);
    const n = sirenNumber(b, from, /** @type {number} */ (bounds[2 * siren + 1]));
    if (n < 0 || sirens.has(n)) return false;
    if (!fieldIs(b, bounds, state, A, C)) return false;
    if (processed < 0) return true;
    return latest.offerBytes(
      b,
      /** @type {number} */ (bounds[2 * processed]),
      /** @type {number} */ (bounds[2 * processed + 1]),
    );
  };
}

/**
 * @param {DropSpec} spec @param {readonly string[]} header @param {LatestValue} latest
 * @returns {LineDropper | undefined}
 */
export function dropperFor(spec, header, latest) {
  return spec.kind === 'establishments'
    ? establishmentDropper(header, new Set(spec.communes), latest)
    : unitDropper(header, new SirenTable(spec.sirens), latest);
}

/** @param {Uint8Array} b @param {number} start @param {number} end */
function oddQuotes(b, start, end) {
  let odd = false;
  for (let i = start; i < end; i++) if (b[i] === QUOTE) odd = !odd;
  return odd;
}

/**
 * A block's lines as the reading thread needs them: how many there are, and, four numbers each,
 * the lines it must read itself — `[line in the block, start, end, dropped (1) or not (0)]`.
 * @typedef {{ lines: number, read: Int32Array }} BlockVerdict
 */

/**
 * Judges the lines of a block of whole lines (`bytes` ends with a line break), so that the
 * reading thread touches only the lines it parses, not the 99 % it drops. It is given every line
 * not dropped, and, so that a record spanning several lines is read as one thread reads it,
 * every line that may belong to one, with what was decided: the first `window` lines of the block
 * (a record may be open from the block before), and the `window` lines after any line not
 * dropped that leaves a quote open (an odd number of quotes: a line that opens a record always
 * has one; the reader gives up on a record after `window + 1` lines). A line over `maxBytes` is
 * never dropped: the reading thread refuses it. Given a `scanner` (`line-scan.js`, the same
 * decisions as `drop`), the lines are cut and judged there.
 * @param {Buffer} bytes
 * @param {LineDropper | undefined} drop
 * @param {number} window
 * @param {number} maxBytes
 * @param {import('./line-scan.js').LineScanner} [scanner]
 * @returns {BlockVerdict}
 */
export function judgeBlock(bytes, drop, window, maxBytes, scanner) {
  /** @type {number[]} */
  const read = [];
  let line = 0;
  let openUntil = window - 1;
  /** @param {number} start @param {number} end @param {boolean} dropped */
  const take = (start, end, dropped) => {
    if (!dropped || line <= openUntil) {
      read.push(line, start, end, dropped ? 1 : 0);
      if (!dropped && oddQuotes(bytes, start, end)) openUntil = Math.max(openUntil, line + window);
    }
    line++;
  };
  if (scanner) {
    scanner.judge(bytes, take);
  } else {
    for (let start = 0; ; ) {
      const nl = bytes.indexOf(LF, start);
      if (nl === -1) break;
      const end = nl > start && bytes[nl - 1] === CR ? nl - 1 : nl;
      take(start, end, end - start <= maxBytes && drop?.(bytes, start, end) === true);
      start = nl + 1;
    }
  }
  return { lines: line, read: Int32Array.from(read) };
}
