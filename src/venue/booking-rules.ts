import type { AppError } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';
import { type BookingsErrorCode, bookingsError, bookingsErrorWith } from './bookings.errors.ts';
import type { ClosureRow, HoursRow, SpaceRow } from './bookings.repository.ts';
import {
  addDays,
  daysBetween,
  isDay,
  isoWeekday,
  localInstant,
  parisDay,
  parisTime,
  timeMinutes,
} from './venue-time.ts';

const MINUTE = 60_000;

/** a booking's place in time: its instants, and the Paris days it covers [fromDay, toDay) */
export type Span = { start: Date; end: Date; fromDay: string; toDay: string };

/** what a booking asks for, as typed: local times of a day, whole days, or instants (the API) */
export type TimeInput =
  | { day: string; start: string; end: string }
  | { fromDay: string; toDay: string }
  | { startAt: Date; endAt: Date };

type Fail = AppError<BookingsErrorCode>;

const say = (fr: string, en: string): Record<Locale, string> => ({ fr, en });

/**
 * Reads a time input for a space into instants, strictly: a slot space takes local times or
 * instants; a day space takes days (end exclusive). Throws 422 BOOKING_BAD_TIME or
 * NONEXISTENT_LOCAL_TIME.
 */
export function spanOf(space: Pick<SpaceRow, 'unit'>, input: TimeInput): Span {
  if ('fromDay' in input) {
    if (space.unit !== 'day' || !isDay(input.fromDay) || !isDay(input.toDay)) {
      throw bookingsError('BOOKING_BAD_TIME');
    }
    if (daysBetween(input.fromDay, input.toDay) < 1) {
      throw bookingsErrorWith(
        'BOOKING_BAD_TIME',
        say(
          'Le dernier jour (exclu) doit suivre le premier.',
          'The end day (exclusive) must follow the first.',
        ),
      );
    }
    const start = localAt(input.fromDay, 0);
    const end = localAt(input.toDay, 0);
    return { start, end, fromDay: input.fromDay, toDay: input.toDay };
  }
  if (space.unit !== 'slot') {
    throw bookingsErrorWith(
      'BOOKING_BAD_TIME',
      say(
        'Cet espace se réserve à la journée : donnez des dates.',
        'This space is booked by the day: give dates.',
      ),
    );
  }
  let start: Date;
  let end: Date;
  if ('day' in input) {
    const from = timeMinutes(input.start);
    const to = timeMinutes(input.end);
    if (!isDay(input.day) || from === null || to === null) throw bookingsError('BOOKING_BAD_TIME');
    start = localAt(input.day, from);
    end = localAt(input.day, to);
  } else {
    start = input.startAt;
    end = input.endAt;
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
      throw bookingsError('BOOKING_BAD_TIME');
    }
  }
  if (end.getTime() <= start.getTime()) {
    throw bookingsErrorWith(
      'BOOKING_BAD_TIME',
      say('La fin doit suivre le début.', 'The end must follow the start.'),
    );
  }
  const fromDay = parisDay(start);
  return { start, end, fromDay, toDay: addDays(parisDay(new Date(end.getTime() - 1)), 1) };
}

/** a local time that must exist (02:30 on the spring change does not) */
export function localAt(day: string, minutes: number): Date {
  const r = localInstant(day, minutes);
  if (r.ok) return r.instant;
  if (r.problem === 'nonexistent') {
    const hh = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    throw bookingsErrorWith(
      'NONEXISTENT_LOCAL_TIME',
      say(`(${day} ${hh} n’existe pas.)`, `(${day} ${hh} does not exist.)`),
    );
  }
  throw bookingsError('BOOKING_BAD_TIME');
}

/** minutes after local midnight of `day` at an instant (1440 for the next midnight) */
function minutesInDay(day: string, instant: Date): number {
  if (parisDay(instant) !== day) return 1440;
  const t = parisTime(instant);
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

/** whether a space is closed on a day: a closing, or no opening hours that weekday */
export function closedOn(day: string, hours: HoursRow[], closures: ClosureRow[]): boolean {
  if (closures.some((c) => c.starts_on <= day && day <= c.ends_on)) return true;
  const weekday = isoWeekday(day);
  return !hours.some((h) => h.weekday === weekday);
}

const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** the opening ranges of a day, in minutes after local midnight */
export function openingOf(day: string, hours: HoursRow[]): { opens: number; closes: number }[] {
  const weekday = isoWeekday(day);
  return hours
    .filter((h) => h.weekday === weekday)
    .map((h) => ({ opens: hm(h.opens), closes: h.closes === '00:00' ? 1440 : hm(h.closes) }));
}

/**
 * The space's rules about time, checked in order (the first broken one is thrown): not in the
 * past, the space active, open every day it covers and for the whole time on a slot day, aligned
 * on its slots, between its minimum and maximum length, with its notice and not too far ahead.
 * Staff skip notice and horizon (they place bookings for others), not the opening hours.
 */
export function checkTimeRules(
  space: SpaceRow,
  span: Span,
  context: {
    now: Date;
    hours: HoursRow[];
    closures: ClosureRow[];
    staff: boolean;
    /** only the first and last days of a stay by the day need be open (see BookingOptions) */
    acrossClosedDays?: boolean;
  },
): void {
  const { now, hours, closures } = context;
  const fail = (code: BookingsErrorCode, detail?: Record<Locale, string>): Fail =>
    detail ? bookingsErrorWith(code, detail) : bookingsError(code);
  const today = parisDay(now);
  if (!space.active) throw fail('BOOKING_RULE_SPACE_INACTIVE');
  if (space.unit === 'day' ? span.fromDay < today : span.start.getTime() < now.getTime()) {
    throw fail('BOOKING_RULE_IN_THE_PAST');
  }
  const across = context.acrossClosedDays === true && space.unit === 'day';
  for (let day = span.fromDay; day < span.toDay; day = addDays(day, 1)) {
    const ends = day === span.fromDay || addDays(day, 1) === span.toDay;
    if ((!across || ends) && closedOn(day, hours, closures)) {
      throw fail('BOOKING_RULE_CLOSED_DAY', say(`(${day})`, `(${day})`));
    }
  }
  if (space.unit === 'slot') {
    checkSlotShape(space, span, hours, fail);
  } else {
    const days = daysBetween(span.fromDay, span.toDay);
    if (days < space.min_length) {
      throw fail(
        'BOOKING_RULE_MIN_LENGTH',
        say(`(${space.min_length} j)`, `(${space.min_length} d)`),
      );
    }
    if (days > space.max_length) {
      throw fail(
        'BOOKING_RULE_MAX_LENGTH',
        say(`(${space.max_length} j)`, `(${space.max_length} d)`),
      );
    }
  }
  if (context.staff) return;
  const notice = space.min_notice_minutes * MINUTE;
  if (notice > 0 && span.start.getTime() - now.getTime() < notice) {
    throw fail(
      'BOOKING_RULE_MIN_NOTICE',
      say(`(${space.min_notice_minutes} min)`, `(${space.min_notice_minutes} min)`),
    );
  }
  if (daysBetween(today, span.fromDay) > space.max_days_ahead) {
    throw fail(
      'BOOKING_RULE_MAX_DAYS_AHEAD',
      say(`(${space.max_days_ahead} jours au plus)`, `(${space.max_days_ahead} days at most)`),
    );
  }
}

function checkSlotShape(
  space: SpaceRow,
  span: Span,
  hours: HoursRow[],
  fail: (code: BookingsErrorCode, detail?: Record<Locale, string>) => Fail,
) {
  const slot = space.slot_minutes ?? 60;
  if (daysBetween(span.fromDay, span.toDay) !== 1) {
    throw fail('BOOKING_RULE_OPENING_HOURS', say('(un seul jour)', '(one day only)'));
  }
  const from = minutesInDay(span.fromDay, span.start);
  const to = minutesInDay(span.fromDay, span.end);
  if (from % slot !== 0 || to % slot !== 0) {
    throw fail('BOOKING_RULE_SLOT_ALIGNMENT', say(`(${slot} min)`, `(${slot} min)`));
  }
  const open = openingOf(span.fromDay, hours).some((r) => r.opens <= from && to <= r.closes);
  if (!open) throw fail('BOOKING_RULE_OPENING_HOURS');
  const minutes = (span.end.getTime() - span.start.getTime()) / MINUTE;
  if (minutes < space.min_length) {
    throw fail(
      'BOOKING_RULE_MIN_LENGTH',
      say(`(${space.min_length} min)`, `(${space.min_length} min)`),
    );
  }
  if (minutes > space.max_length) {
    throw fail(
      'BOOKING_RULE_MAX_LENGTH',
      say(`(${space.max_length} min)`, `(${space.max_length} min)`),
    );
  }
}

/**
 * Who may book: `staff`: staff only; `members`: staff, or a verified member of an organisation;
 * `public_request`: anyone signed in — staff and members book at once, anyone else's booking is a
 * request (status `requested`, holding nothing) until staff confirm it.
 */
export function bookingStatusFor(
  space: Pick<SpaceRow, 'who_may_book'>,
  who: { staff: boolean; member: boolean },
): 'confirmed' | 'requested' {
  if (who.staff) return 'confirmed';
  if (space.who_may_book === 'staff') throw bookingsError('BOOKING_RULE_WHO_MAY_BOOK');
  if (who.member) return 'confirmed';
  if (space.who_may_book === 'public_request') return 'requested';
  throw bookingsErrorWith(
    'BOOKING_RULE_WHO_MAY_BOOK',
    say(
      '(réservé aux membres d’une organisation, avec une adresse confirmée)',
      '(for members of an organisation, with a confirmed address)',
    ),
  );
}
