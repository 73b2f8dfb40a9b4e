/**
 * Times typed in forms are Paris wall-clock times (`datetime-local`); stored as instants. Shared
 * by the capabilities whose staff type times (news' scheduled publication, programmes' calls).
 */
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallClock(instant: Date): {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
} {
  const p = Object.fromEntries(PARTS.formatToParts(instant).map((x) => [x.type, x.value]));
  return {
    y: Number(p.year),
    mo: Number(p.month),
    d: Number(p.day),
    h: Number(p.hour),
    mi: Number(p.minute),
    s: Number(p.second),
  };
}

/** 'YYYY-MM-DDTHH:MM' in Paris → the instant; null when it is not such a time. */
export function parisToInstant(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = m.slice(1).map((v) => Number(v ?? 0));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // the zone's offset at that moment, found by looking at the wall clock of a first guess
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess));
    const shown = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
    guess += asUtc - shown;
  }
  const result = new Date(guess);
  return Number.isNaN(result.getTime()) ? null : result;
}

/** the instant as a Paris 'YYYY-MM-DDTHH:MM', for a form */
export function instantToParis(instant: Date): string {
  const w = wallClock(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${two(w.mo)}-${two(w.d)}T${two(w.h)}:${two(w.mi)}`;
}

/**
 * A Paris wall-clock time as typed, checked against the changes of time: the hour skipped on the
 * last Sunday of March (02:00–02:59 does not exist) is refused, not moved; the hour lived twice on
 * the last Sunday of October (02:00–02:59) is read as the second one, in winter time (for a
 * closing, the later and kinder reading).
 */
export function parisLocalTime(
  local: string,
): { ok: true; instant: Date } | { ok: false; problem: 'not_a_time' | 'skipped' } {
  const instant = parisToInstant(local);
  if (!instant) return { ok: false, problem: 'not_a_time' };
  const typed = local.trim().slice(0, 16);
  if (instantToParis(instant) !== typed) {
    // a day that does not exist (31 February) reads as not a time; a skipped hour, as skipped
    const sameDay = instantToParis(instant).slice(0, 10) === typed.slice(0, 10);
    return { ok: false, problem: sameDay ? 'skipped' : 'not_a_time' };
  }
  return { ok: true, instant };
}

/** the Paris day after `day` ('YYYY-MM-DD') */
function nextParisDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The instants where tomorrow begins and ends in Paris (23 or 25 hours on a change of time): the
 * window of the reminders sent the day before.
 */
export function parisTomorrow(now: Date): { from: Date; to: Date } {
  const tomorrow = nextParisDay(instantToParis(now).slice(0, 10));
  const from = parisToInstant(`${tomorrow}T00:00`);
  const to = parisToInstant(`${nextParisDay(tomorrow)}T00:00`);
  if (!from || !to) throw new Error('no Paris midnight');
  return { from, to };
}
