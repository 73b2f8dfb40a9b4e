// @ts-check
/**
 * Dates and times of the SIRENE files as a calendar and a clock hold them. Plain JavaScript, typed
 * by its comments and checked by the compiler: the pre-filter's worker threads load it without a
 * TypeScript loader (`line-filter.js` says why); `cells.ts` gives it to the rest of the code.
 */

const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/**
 * Whether `v`, of the form YYYY-MM-DD…, names a day of the calendar (year 1 onwards, as
 * PostgreSQL's `date` takes it): a shape alone would let "2026-13-45" reach the database, which
 * refuses it and with it the whole import.
 * @param {string} v
 * @returns {boolean}
 */
export function isCalendarDay(v) {
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(5, 7));
  const d = Number(v.slice(8, 10));
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

/**
 * …and THH:MM:SS a time of that day
 * @param {string} v
 * @returns {boolean}
 */
export function isClockTime(v) {
  return (
    Number(v.slice(11, 13)) < 24 && Number(v.slice(14, 16)) < 60 && Number(v.slice(17, 19)) < 60
  );
}

/**
 * A processing timestamp (YYYY-MM-DDTHH:MM:SS…) the calendar and the clock hold, or null.
 * @param {string | null} v
 * @returns {string | null}
 */
export const timestamp = (v) =>
  v && TIMESTAMP_RE.test(v) && isCalendarDay(v) && isClockTime(v) ? v : null;
