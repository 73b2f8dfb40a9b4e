/**
 * One cell of the official SIRENE files as a value Totem can trust: absent, empty and masked
 * (`[ND]`) cells are null, and so is a value no calendar, clock or projection holds (a date
 * "2026-13-45", a year "0000", coordinates at the South Pole), rather than reaching the database.
 */

import { isCalendarDay, isClockTime, timestamp } from './calendar.js';
import { MASKED } from './csv-stream.ts';
import { headcountBand } from './headcount.ts';

/** `O` open; `P` partial (`N`, retired in 2023, and anything unknown are read as `P`: safest). */
export type DiffusionStatus = 'O' | 'P';

/** A cell as a value: absent, empty and masked (`[ND]`) all read as null. */
export function cell(fields: readonly string[], i: number): string | null {
  const v = i < 0 ? undefined : fields[i];
  return v === undefined || v === '' || v === MASKED ? null : v;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const YEAR_RE = /^\d{4}$/;

export { isCalendarDay, isClockTime, timestamp };

export const date = (v: string | null) => (v && DATE_RE.test(v) && isCalendarDay(v) ? v : null);
/** the first year the register's figures can refer to: an earlier one ("0000") is a typing error */
const FIRST_YEAR = 1900;
/** a year the figures can refer to: from FIRST_YEAR to next year (a file is published ahead) */
export const year = (v: string | null) => {
  if (!v || !YEAR_RE.test(v)) return null;
  const n = Number(v);
  return n >= FIRST_YEAR && n <= new Date().getUTCFullYear() + 1 ? n : null;
};
export const band = (v: string | null) => (headcountBand(v) ? v : null);
export const diffusion = (v: string | null): DiffusionStatus => (v === 'O' ? 'O' : 'P');
export const yesNo = (v: string | null) => (v === 'O' ? true : v === 'N' ? false : null);

export function metres(v: string | null): number | null {
  if (!v) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * The projected extent of Lambert-93 (EPSG:2154: mainland France, Corsica and their waters), with
 * a margin: a pair outside it is a typing or export error, and read as a position it would put an
 * establishment of the territory anywhere from the Atlantic to the South Pole.
 */
export function inLambert93Extent(x: number, y: number): boolean {
  return x >= -400_000 && x <= 1_300_000 && y >= 6_000_000 && y <= 7_250_000;
}

/** Mainland France and Corsica: where INSEE's coordinates are Lambert-93. */
export function isMainland(communeCode: string | null): boolean {
  return communeCode !== null && !communeCode.startsWith('97') && !communeCode.startsWith('98');
}
