import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Actor, isStaff, requireUser } from '../kernel/policy.ts';
import { type AllowanceView, allowancesOf } from './allowances.ts';
import { type Availability, availabilityOf, periodOk } from './availability.ts';
import {
  type BookingCore,
  type BookingInput,
  type BookingsDeps,
  type BookingView,
  bookingCore,
  viewOf,
} from './booking-core.ts';
import { bookingLifecycle } from './booking-lifecycle.ts';
import { spanOf, type TimeInput } from './booking-rules.ts';
import { bookWholeWith } from './booking-whole.ts';
import { bookingsError } from './bookings.errors.ts';
import type { SpaceRow } from './bookings.repository.ts';
import { feedsService } from './ical.service.ts';
import { type RecurringInput, type RecurringReport, recurrenceService } from './recurrence.ts';
import { staffBookings } from './staff-bookings.service.ts';
import { addDays, dayStart, parisMonth } from './venue-time.ts';
import { waitlistService } from './waitlist.ts';

/**
 * The booking engine, as the venue's pages and its API call it. Every function takes the actor
 * (`kernel/policy.ts`) first when someone acts; times are Paris local dates and times or instants
 * (`TimeInput`): `{ day, start: 'HH:MM', end: 'HH:MM' }` for a slot space, `{ fromDay, toDay }`
 * (end exclusive) for a day space, `{ startAt, endAt }` (instants) for a slot space from the API.
 *
 * Errors are `bookingsError` codes (bookings.errors.ts): 404 SPACE_NOT_FOUND/BOOKING_NOT_FOUND,
 * 409 BOOKING_CONFLICT/SPACE_FULL (decided by the database), 422 BOOKING_RULE_* naming the rule,
 * CANCEL_TOO_LATE, ALLOWANCE_EXHAUSTED, NONEXISTENT_LOCAL_TIME, BOOKING_BAD_TIME.
 *
 * ```ts
 * const bookings = bookingsService(db, { membershipsOf, publicUrl });
 * await bookings.availability(spaceId, '2027-01-04', '2027-01-11');
 * await bookings.book(actor, spaceId, { day: '2027-01-05', start: '10:00', end: '11:00' });
 * await bookings.book(actor, coworkingId, { fromDay: '2027-01-05', toDay: '2027-01-07' });
 * ```
 */
export function bookingsService(db: Kysely<DB>, deps: BookingsDeps) {
  const core: BookingCore = bookingCore(db, deps);
  const { repo, now } = core;
  const waitlist = waitlistService(db, deps, core);
  const recurrence = recurrenceService(db, core);
  const feeds = feedsService(db, deps);

  const lifecycle = bookingLifecycle(db, deps, core);
  const { space } = lifecycle;

  return {
    /** free/taken per slot (slot spaces) or per day (day spaces) in [fromDay, toDay), in Paris */
    async availability(spaceId: string, fromDay: string, toDay: string): Promise<Availability> {
      if (!periodOk(fromDay, toDay)) throw bookingsError('BOOKING_BAD_TIME');
      const ctx = await repo.spaceCalendar(spaceId, fromDay, toDay, {
        from: dayStart(fromDay),
        to: dayStart(toDay),
      });
      if (!ctx) throw bookingsError('SPACE_NOT_FOUND');
      return availabilityOf(ctx.space, ctx.hours, ctx.closures, ctx.taken, fromDay, toDay, now());
    },

    /** books a space; 201-worthy view, or a coded error */
    book: (actor: Actor, spaceId: string, input: BookingInput): Promise<BookingView> =>
      core.bookOne(actor, spaceId, input),

    /** staff book a space whole (an event, an exhibition), writing what it is for in the same transaction */
    bookWhole: bookWholeWith(db, deps, core),

    /** a recurring request: a report per occurrence; booked (free ones, or all or none) in one transaction */
    bookRecurring: (
      actor: Actor,
      spaceId: string,
      input: RecurringInput,
    ): Promise<RecurringReport> => recurrence.book(actor, spaceId, input),

    ...lifecycle,

    /** the actor's bookings: upcoming (by start), or past (latest first) */
    async mine(actor: Actor, options: { past?: boolean } = {}) {
      const user = requireUser(actor);
      const rows = await repo.mine(user.id, now(), options.past ?? false);
      return rows.map((r) => ({
        ...viewOf(r, { unit: r.space_unit }),
        space: { slug: r.space_slug, nameFr: r.space_name_fr, nameEn: r.space_name_en },
      }));
    },

    /** what is left for each of the actor's organisations, per kind, in a month ('YYYY-MM') */
    async allowances(actor: Actor, month?: string): Promise<AllowanceView[]> {
      const user = requireUser(actor);
      const m = month ?? parisMonth(now());
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) throw bookingsError('BOOKING_BAD_TIME');
      const orgs = user.verified ? await deps.membershipsOf(user.id) : [];
      return allowancesOf(db).views(orgs, m);
    },

    /** usage per organisation in a month (the staff's CSV export): used and given, per kind */
    async usage(month: string): Promise<AllowanceView[]> {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw bookingsError('BOOKING_BAD_TIME');
      return allowancesOf(db).usage(month);
    },

    /** the active spaces, in order (the API's list) */
    spaces: () => repo.listSpaces(),
    space,

    /**
     * A space's confirmed bookings in [from, to): times only for everyone; staff also see the
     * booking's id and who booked
     */
    async spaceBookings(actor: Actor, spaceId: string, from: Date, to: Date) {
      const s = await space(spaceId);
      const rows = await repo.inPeriod(s.id, from, to);
      const staff = isStaff(actor);
      return rows.map((r) => ({
        start: r.start,
        end: r.end,
        status: r.status,
        ...(staff ? { id: r.id, user: r.user_name ?? null } : {}),
      }));
    },

    /** the time input of a space read into instants (the API checks bodies with it) */
    spanOf: (s: SpaceRow, input: TimeInput) => spanOf(s, input),
    addDays,

    waitlist: {
      join: waitlist.join,
      accept: waitlist.accept,
      mine: waitlist.mine,
      leave: waitlist.leave,
    },
    feeds: { create: feeds.create, revoke: feeds.revoke, exists: feeds.exists },
    /** staff: every booking of a period, and booking for a member */
    staff: staffBookings(db, core),
  };
}

export type BookingsService = ReturnType<typeof bookingsService>;
export type {
  AllowanceView,
  Availability,
  BookingInput,
  BookingView,
  RecurringInput,
  RecurringReport,
  TimeInput,
};
