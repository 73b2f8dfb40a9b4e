/**
 * The venue's clock: bookings are stored as instants and read in the site's zone (Europe/Paris).
 * A day is the half-open range [local 00:00, next local 00:00), 23 or 25 hours long on the days
 * the clocks change.
 *
 * A local time typed for a booking is read strictly:
 * - a time the clocks skip (02:00–02:59 on the last Sunday of March) does not exist and is refused
 *   (`nonexistent`), never moved to the next valid time;
 * - a time lived twice (02:00–02:59 on the last Sunday of October) is read as the first of the two
 *   (summer time, UTC+2), so that a booking "from 02:30" starts the first time the clock shows it.
 * (`kernel/paris-time.ts` reads the second one, the kinder reading for a closing; a booking is
 * better held early than missed.)
 */

export const VENUE_ZONE = 'Europe/Paris';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: VENUE_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** the wall clock in Paris at an instant, as if it were UTC (milliseconds), from the zone's rules */
function wallMsOf(instant: number): number {
  const p: Record<string, number> = {};
  for (const part of PARTS.formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
}

const HOUR = 3_600_000;
/**
 * Paris's offset per UTC hour: its changes of time fall on whole UTC hours (01:00 UTC), so an
 * hour's offset holds for all of it; asking the zone's rules (Intl, slow) once per hour makes the
 * availability of a month a matter of additions.
 */
const offsets = new Map<number, number>();

/** Paris's offset from UTC at an instant, in milliseconds */
function offsetAt(instant: number): number {
  const hour = Math.floor(instant / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR;
    offset = wallMsOf(start) - start;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** the wall clock in Paris at an instant, as if it were UTC (milliseconds) */
function wallMs(instant: number): number {
  return instant + offsetAt(instant);
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/** 'YYYY-MM-DD' that exists → midnight UTC of that date (a calendar date, no zone); else null */
export function dayNumber(day: string): number | null {
  const m = DAY_RE.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return null;
  }
  return ms;
}

export function isDay(day: string): boolean {
  return dayNumber(day) !== null;
}

/** 'HH:MM' → minutes after midnight (0–1440; '24:00' is the end of the day); else null */
export function timeMinutes(time: string): number | null {
  const m = TIME_RE.exec(time);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59 || h > 24 || (h === 24 && mi !== 0)) return null;
  return h * 60 + mi;
}

export function addDays(day: string, n: number): string {
  const ms = dayNumber(day);
  if (ms === null) throw new Error(`not a day: ${day}`);
  return new Date(ms + n * DAY).toISOString().slice(0, 10);
}

/** whole days from `from` to `to` (negative when `to` is before) */
export function daysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null) throw new Error('not a day');
  return Math.round((b - a) / DAY);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday */
export function isoWeekday(day: string): number {
  const ms = dayNumber(day);
  if (ms === null) throw new Error(`not a day: ${day}`);
  const w = new Date(ms).getUTCDay();
  return w === 0 ? 7 : w;
}

export type LocalTimeResult =
  | { ok: true; instant: Date; ambiguous: boolean }
  | { ok: false; problem: 'not_a_time' | 'nonexistent' };

/**
 * A Paris local date and minutes after its midnight (0–1440) → the instant, strictly: a skipped
 * time is `nonexistent`; a repeated one is the first (`ambiguous: true`).
 */
export function localInstant(day: string, minutes: number): LocalTimeResult {
  const date = dayNumber(day);
  if (date === null || !Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
    return { ok: false, problem: 'not_a_time' };
  }
  const wall = date + minutes * MINUTE;
  // the offsets in force a day either side: at most one change of time lies between them
  const offsets = new Set([offsetAt(wall - DAY), offsetAt(wall + DAY)]);
  const found = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => wallMs(instant) === wall)
    .sort((a, b) => a - b);
  const first = found[0];
  if (first === undefined) return { ok: false, problem: 'nonexistent' };
  return { ok: true, instant: new Date(first), ambiguous: found.length > 1 };
}

/** the instant a Paris day begins (local midnight; it always exists in Paris) */
export function dayStart(day: string): Date {
  const r = localInstant(day, 0);
  if (!r.ok) throw new Error(`not a day: ${day}`);
  return r.instant;
}

/** the Paris date of an instant, 'YYYY-MM-DD' */
export function parisDay(instant: Date): string {
  return new Date(wallMs(instant.getTime())).toISOString().slice(0, 10);
}

/** the Paris wall-clock time of an instant, 'HH:MM' */
export function parisTime(instant: Date): string {
  return new Date(wallMs(instant.getTime())).toISOString().slice(11, 16);
}

/** the Paris date and time of an instant, 'YYYY-MM-DD HH:MM' (for messages) */
export function parisDateTime(instant: Date): string {
  return new Date(wallMs(instant.getTime())).toISOString().slice(0, 16).replace('T', ' ');
}

/** the Paris month of an instant, 'YYYY-MM' */
export function parisMonth(instant: Date): string {
  return parisDay(instant).slice(0, 7);
}

/** 'YYYY-MM' → its first day and the next month's first day */
export function monthDays(month: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}
