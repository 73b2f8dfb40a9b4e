/**
 * The byte-level pre-filter of a national stock file: about 99 % of its lines lie outside the
 * territory, and splitting each into strings costs far more than reading it. Here a line is
 * looked at as bytes: its fields are located without building any string, and a line is
 * dropped — counted, never decoded — when it is well-formed, outside what the import keeps, and
 * would pass the checks the full reader makes before it asks whether to keep a row (identifiers,
 * states). Anything else (a quote inside a value, a field count that differs, a bad identifier,
 * a line of the territory) goes through the full parser, so the rows kept, the rows rejected and
 * their reasons are exactly those of the full reader.
 */

import type { LineDropper } from './csv-stream.ts';
import { LA_POSTE_SIREN } from './identifiers.ts';

const QUOTE = 34;
const COMMA = 44;

/**
 * Locates the fields of a "plain" line: every field either unquoted and free of quotes, or
 * quoted and closed on this line (a doubled quote inside is a quote of the value). Writes each
 * field's bytes between its quotes as `[bounds[2k], bounds[2k+1])` — a doubled quote stays
 * doubled there, so a value holding one never equals a code, an identifier or a state — and
 * returns the number of fields, or -1 when the line is not plain or has more fields than
 * `bounds` holds (the full parser then judges it).
 */
export function plainFields(b: Buffer, start: number, end: number, bounds: Int32Array): number {
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

/** Whether `b[from, to)` holds the bytes of `v[at, at + to - from)` (a loop: far cheaper than a native call for a few bytes). */
function sameBytes(b: Buffer, from: number, to: number, v: Uint8Array, at = 0): boolean {
  for (let i = from, j = at; i < to; i++, j++) if (b[i] !== v[j]) return false;
  return true;
}

/** `b[from, to)` against `v`, bytewise: negative, zero or positive, as `Buffer.compare`. */
function compareBytes(b: Buffer, from: number, to: number, v: Uint8Array): number {
  const n = Math.min(to - from, v.length);
  for (let k = 0; k < n; k++) {
    const d = (b[from + k] as number) - (v[k] as number);
    if (d !== 0) return d;
  }
  return to - from - v.length;
}

function allDigits(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The Luhn sum of a run of digits (every second digit from the right doubled). */
function luhnSum(b: Buffer, from: number, to: number): number {
  let sum = 0;
  let double = false;
  for (let i = to - 1; i >= from; i--) {
    let d = (b[i] as number) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

const LA_POSTE = Buffer.from(LA_POSTE_SIREN);

/** `identifierProblem(siren, nic, siret) === null`, read from bytes (same rules, same order). */
export function identifiersValid(b: Buffer, bounds: Int32Array, ix: IdentifierColumns): boolean {
  const s0 = bounds[2 * ix.siren] as number;
  const s1 = bounds[2 * ix.siren + 1] as number;
  if (s1 - s0 !== 9 || !allDigits(b, s0, s1) || luhnSum(b, s0, s1) % 10 !== 0) return false;
  const n0 = bounds[2 * ix.nic] as number;
  const n1 = bounds[2 * ix.nic + 1] as number;
  if (n1 - n0 !== 5 || !allDigits(b, n0, n1)) return false;
  const t0 = bounds[2 * ix.siret] as number;
  const t1 = bounds[2 * ix.siret + 1] as number;
  if (t1 - t0 !== 14) return false;
  if (!sameBytes(b, t0, t0 + 9, b, s0) || !sameBytes(b, t0 + 9, t1, b, n0)) return false;
  if (luhnSum(b, t0, t1) % 10 === 0) return true;
  // La Poste's establishments: the sum of the 14 digits is a multiple of 5
  if (!sameBytes(b, t0, t0 + 9, LA_POSTE)) return false;
  let sum = 0;
  for (let i = t0; i < t1; i++) sum += (b[i] as number) - 48;
  return sum % 5 === 0;
}

/** the SIREN as a number (its 9 digits checked), or -1 */
function sirenNumber(b: Buffer, from: number, to: number): number {
  if (to - from !== 9 || !allDigits(b, from, to) || luhnSum(b, from, to) % 10 !== 0) return -1;
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + ((b[i] as number) - 48);
  return n;
}

/** a commune code (5 characters: digits, and A or B in Corsica's 2A and 2B) as a number, or -1 */
function communeNumber(b: Buffer, from: number, to: number): number {
  if (to - from !== 5) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    const d = c >= 48 && c <= 57 ? c - 48 : c === 65 ? 10 : c === 66 ? 11 : -1;
    if (d < 0) return -1;
    n = n * 12 + d;
  }
  return n;
}

const communeNumberOf = (code: string) => {
  const bytes = Buffer.from(code, 'utf8');
  return communeNumber(bytes, 0, bytes.length);
};

/** Whether field `k` holds exactly one of the given byte strings. */
function fieldIs(b: Buffer, bounds: Int32Array, k: number, ...values: Buffer[]): boolean {
  const from = bounds[2 * k] as number;
  const to = bounds[2 * k + 1] as number;
  for (const v of values) {
    if (v.length === to - from && sameBytes(b, from, to, v)) return true;
  }
  return false;
}

const bytesOf = (s: string) => Buffer.from(s, 'latin1');
const A = bytesOf('A');
const F = bytesOf('F');
const C = bytesOf('C');
const TRUE = bytesOf('true');
const FALSE = bytesOf('false');

/**
 * The latest processing timestamp of the rows read, including those never built: the import's
 * as-of date. Values are compared as bytes first; only one later than the latest valid one yet
 * is decoded and checked (`valid`), so a file's millions of dropped lines decode a handful.
 */
export class LatestValue {
  value: string | null = null;
  private raw: Buffer = Buffer.alloc(0);

  constructor(private readonly valid: (v: string | null) => string | null) {}

  offer(v: string | null): void {
    const checked = this.valid(v);
    if (checked !== null && (this.value === null || checked > this.value)) {
      this.value = checked;
      this.raw = Buffer.from(checked, 'utf8');
    }
  }

  /** false when the value holds a quote, left to the full reader to unquote */
  offerBytes(b: Buffer, from: number, to: number): boolean {
    if (from === to || compareBytes(b, from, to, this.raw) <= 0) return true;
    const quote = b.indexOf(QUOTE, from);
    if (quote !== -1 && quote < to) return false;
    this.offer(b.toString('utf8', from, to));
    return true;
  }
}

export interface IdentifierColumns {
  siren: number;
  nic: number;
  siret: number;
}

/**
 * Drops a StockEtablissement line whose commune is not one of `communes`, as the full reader
 * would skip it (well-formed, valid identifiers and states), noting its processing time.
 */
export function establishmentDropper(
  header: readonly string[],
  communes: ReadonlySet<string>,
  latest: LatestValue,
): LineDropper | undefined {
  const col = (name: string) => header.indexOf(name);
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
  return (b, start, end) => {
    if (plainFields(b, start, end, bounds) !== width) return false;
    const code = communeNumber(b, bounds[2 * commune] as number, bounds[2 * commune + 1] as number);
    if (code >= 0 && wanted.has(code)) return false;
    if (!identifiersValid(b, bounds, ix)) return false;
    if (!fieldIs(b, bounds, state, A, F) || !fieldIs(b, bounds, siege, TRUE, FALSE)) return false;
    if (processed < 0) return true;
    return latest.offerBytes(
      b,
      bounds[2 * processed] as number,
      bounds[2 * processed + 1] as number,
    );
  };
}

/**
 * Drops a StockUniteLegale line whose SIREN is not one of `sirens`, as the full reader would skip
 * it (well-formed, a valid SIREN and state), noting its processing time.
 */
export function unitDropper(
  header: readonly string[],
  sirens: ReadonlySet<number>,
  latest: LatestValue,
): LineDropper | undefined {
  const siren = header.indexOf('siren');
  const state = header.indexOf('etatAdministratifUniteLegale');
  const processed = header.indexOf('dateDernierTraitementUniteLegale');
  if (siren < 0 || state < 0) return undefined;
  const width = header.length;
  const bounds = new Int32Array(2 * (width + 1));
  return (b, start, end) => {
    if (plainFields(b, start, end, bounds) !== width) return false;
    const n = sirenNumber(b, bounds[2 * siren] as number, bounds[2 * siren + 1] as number);
    if (n < 0 || sirens.has(n)) return false;
    if (!fieldIs(b, bounds, state, A, C)) return false;
    if (processed < 0) return true;
    return latest.offerBytes(
      b,
      bounds[2 * processed] as number,
      bounds[2 * processed + 1] as number,
    );
  };
}

/** What a worker thread needs to build a dropper of its own (`drop-workers.ts`). */
export type DropSpec =
  | { kind: 'establishments'; communes: readonly string[] }
  | { kind: 'units'; sirens: readonly number[] };

export function dropperFor(
  spec: DropSpec,
  header: readonly string[],
  latest: LatestValue,
): LineDropper | undefined {
  return spec.kind === 'establishments'
    ? establishmentDropper(header, new Set(spec.communes), latest)
    : unitDropper(header, new Set(spec.sirens), latest);
}
