/**
 * The availability grid's calendar: ISO weeks ('2027-W03') and days ('2027-01-18') as the grid's
 * addresses read them, on calendar dates (no zone: a date is a Paris day). Pure.
 */

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' that exists → its UTC midnight (a date, not an instant); else null */
function dateMs(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === day ? ms : null;
}

export const validDay = (day: string) => dateMs(day) !== null;

export function plusDays(day: string, n: number): string {
  const ms = dateMs(day);
  if (ms === null) throw new Error(`not a day: ${day}`);
  return new Date(ms + n * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday */
export function weekdayOf(day: string): number {
  const w = new Date(dateMs(day) ?? 0).getUTCDay();
  return w === 0 ? 7 : w;
}

/** the Monday of the day's week */
export const mondayOf = (day: string) => plusDays(day, 1 - weekdayOf(day));

/** the ISO week of a day, 'YYYY-Www' (the week's year is its Thursday's) */
export function isoWeek(day: string): string {
  const thursday = plusDays(mondayOf(day), 3);
  const year = Number(thursday.slice(0, 4));
  const firstThursday = plusDays(mondayOf(`${year}-01-04`), 3);
  const n = Math.round(((dateMs(thursday) ?? 0) - (dateMs(firstThursday) ?? 0)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}

/** 'YYYY-Www' → its Monday, or null when there is no such week */
export function weekMonday(week: string): string | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 2000 || year > 2200 || n < 1 || n > 53) return null;
  const monday = plusDays(mondayOf(`${year}-01-04`), (n - 1) * 7);
  return isoWeek(monday) === week ? monday : null;
}

/** today in Paris, 'YYYY-MM-DD' */
export function parisToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export type GridView =
  | { kind: 'week'; week: string; from: string; to: string }
  | { kind: 'day'; day: string; from: string; to: string };

/**
 * What the grid's query asks for: a day (`jour`), else a week (`semaine`), else this week; a
 * value that is not a day or a week reads as this week (the page never fails on its address).
 */
export function gridView(query: { semaine?: unknown; jour?: unknown }, today: string): GridView {
  const day = typeof query.jour === 'string' && validDay(query.jour) ? query.jour : null;
  if (day) return { kind: 'day', day, from: day, to: plusDays(day, 1) };
  const asked = typeof query.semaine === 'string' ? weekMonday(query.semaine) : null;
  const monday = asked ?? mondayOf(today);
  return { kind: 'week', week: isoWeek(monday), from: monday, to: plusDays(monday, 7) };
}

/** the day's list between two dates, the end excluded */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d < to && out.length < 62; d = plusDays(d, 1)) out.push(d);
  return out;
}
