import { closedOn, openingOf } from './booking-rules.ts';
import type { ClosureRow, HoursRow, SpaceRow } from './bookings.repository.ts';
import { addDays, daysBetween, isoWeekday, localInstant, parisDay } from './venue-time.ts';

/** one slot of a slot space's day, in Paris */
export type AvailabilitySlot = {
  /** 'HH:MM' Paris wall-clock times ('24:00' for the end of the day) */
  start: string;
  end: string;
  startAt: Date;
  endAt: Date;
  /** places left (capacity minus bookings holding the slot); 0: taken */
  free: number;
  past: boolean;
};

/** one day of the grid */
export type AvailabilityDay = {
  day: string;
  /** ISO weekday, 1 = Monday */
  weekday: number;
  /** a closing day, or no opening hours that weekday */
  closed: boolean;
  /** the day is over (a slot's own `past` says which slots of today are) */
  past: boolean;
  /** slot spaces: the day's slots within the opening hours */
  slots: AvailabilitySlot[];
  /** day spaces: places left that day (0 on a closed day) */
  free: number;
};

export type Availability = {
  space: {
    id: string;
    slug: string;
    unit: 'slot' | 'day';
    capacity: number;
    slotMinutes: number | null;
  };
  from: string;
  to: string;
  days: AvailabilityDay[];
};

const DAY_MS = 86_400_000;

/** the longest period one question may cover, in days */
export const AVAILABILITY_MAX_DAYS = 62;

const two = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;

/**
 * The free and taken places of a space between two Paris days, from the ranges of its confirmed
 * bookings (sorted by start). A slot's count is the bookings that overlap it (bookings are aligned
 * on slots, so this is the most held at once within it); a day's count, for a day space, is the
 * most held at once within the day. Slots that do not exist (the skipped hour of the spring
 * change) are left out; the repeated autumn hour is shown once, at its first instant.
 */
export function availabilityOf(
  space: SpaceRow,
  hours: HoursRow[],
  closures: ClosureRow[],
  taken: { start: Date; end: Date }[],
  fromDay: string,
  toDay: string,
  now: Date,
): Availability {
  const today = parisDay(now);
  const days: AvailabilityDay[] = [];
  let first = 0;
  for (let day = fromDay; day < toDay; day = addDays(day, 1)) {
    const closed = closedOn(day, hours, closures);
    const dayFrom = localInstant(day, 0);
    const dayTo = localInstant(addDays(day, 1), 0);
    const startMs = dayFrom.ok ? dayFrom.instant.getTime() : 0;
    const endMs = dayTo.ok ? dayTo.instant.getTime() : 0;
    // bookings are sorted by start: skip those over before this day
    while (first < taken.length && (taken[first]?.end.getTime() ?? 0) <= startMs) first++;
    const todays: { start: number; end: number }[] = [];
    for (let i = first; i < taken.length; i++) {
      const b = taken[i];
      if (!b) continue;
      if (b.start.getTime() >= endMs) break;
      if (b.end.getTime() > startMs)
        todays.push({ start: b.start.getTime(), end: b.end.getTime() });
    }
    const entry: AvailabilityDay = {
      day,
      weekday: isoWeekday(day),
      closed,
      past: day < today,
      slots: [],
      free: 0,
    };
    if (space.unit === 'day') {
      entry.free = closed ? 0 : Math.max(0, space.capacity - peak(todays, startMs, endMs));
    } else if (!closed) {
      entry.slots = slotsOf(
        space,
        day,
        hours,
        todays,
        now,
        endMs - startMs === DAY_MS ? startMs : null,
      );
    }
    days.push(entry);
  }
  return {
    space: {
      id: space.id,
      slug: space.slug,
      unit: space.unit,
      capacity: space.capacity,
      slotMinutes: space.slot_minutes,
    },
    from: fromDay,
    to: toDay,
    days,
  };
}

/**
 * `regularStart`: the day's first instant when the day has 24 hours (no change of time: every
 * local time is that instant plus its minutes, no time zone lookup); null on the two days a year
 * the clocks change, whose times are read one by one.
 */
function slotsOf(
  space: SpaceRow,
  day: string,
  hours: HoursRow[],
  todays: { start: number; end: number }[],
  now: Date,
  regularStart: number | null,
): AvailabilitySlot[] {
  const size = space.slot_minutes ?? 60;
  const slots: AvailabilitySlot[] = [];
  const instant = (m: number): number | null => {
    if (regularStart !== null) return regularStart + m * 60_000;
    const r = localInstant(day, m);
    return r.ok ? r.instant.getTime() : null;
  };
  for (const range of openingOf(day, hours)) {
    for (let m = Math.ceil(range.opens / size) * size; m + size <= range.closes; m += size) {
      const s = instant(m);
      const e = instant(m + size);
      if (s === null || e === null) continue;
      if (e <= s) continue;
      const holding = todays.filter((t) => t.start < e && t.end > s).length;
      slots.push({
        start: hhmm(m),
        end: hhmm(m + size),
        startAt: new Date(s),
        endAt: new Date(e),
        free: Math.max(0, space.capacity - holding),
        past: s < now.getTime(),
      });
    }
  }
  return slots;
}

/** the most ranges held at once within [from, to) */
function peak(ranges: { start: number; end: number }[], from: number, to: number): number {
  const points = ranges.flatMap((r) => [
    { at: Math.max(r.start, from), d: 1 },
    { at: Math.min(r.end, to), d: -1 },
  ]);
  points.sort((x, y) => x.at - y.at || x.d - y.d);
  let n = 0;
  let max = 0;
  for (const p of points) {
    n += p.d;
    max = Math.max(max, n);
  }
  return max;
}

/** checks a period asked for: days that exist, in order, at most AVAILABILITY_MAX_DAYS */
export function periodOk(fromDay: string, toDay: string): boolean {
  try {
    const n = daysBetween(fromDay, toDay);
    return n >= 1 && n <= AVAILABILITY_MAX_DAYS;
  } catch {
    return false;
  }
}
