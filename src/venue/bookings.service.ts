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
import { spanOf, type TimeInput } from './booking-rules.ts';
import { bookingsError } from './bookings.errors.ts';
import { bookingsRepository, type SpaceRow } from './bookings.repository.ts';
import { feedsService } from './ical.service.ts';
import { type RecurringInput, type RecurringReport, recurrenceService } from './recurrence.ts';
import { offerFreed, waitlistService } from './waitlist.ts';
import { addDays, dayStart, parisMonth } from './venue-time.ts';

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

  async function space(idOrSlug: string): Promise<SpaceRow> {
    const row = await repo.space(idOrSlug);
    if (!row) throw bookingsError('SPACE_NOT_FOUND');
    return row;
  }

  /** the cut-off: a booking changes or is cancelled until `cancel_cutoff_minutes` before its start */
  function checkCutoff(actor: Actor, row: { start: Date }, s: SpaceRow) {
    if (isStaff(actor)) return;
    if (row.start.getTime() - s.cancel_cutoff_minutes * 60_000 < now().getTime()) {
      throw bookingsError('CANCEL_TOO_LATE');
    }
  }

  return {
    /** free/taken per slot (slot spaces) or per day (day spaces) in [fromDay, toDay), in Paris */
    async availability(spaceId: string, fromDay: string, toDay: string): Promise<Availability> {
      if (!periodOk(fromDay, toDay)) throw bookingsError('BOOKING_BAD_TIME');
      const ctx = await core.spaceContext(spaceId, fromDay, toDay);
      const taken = await repo.takenRanges(ctx.space.id, dayStart(fromDay), dayStart(toDay));
      return availabilityOf(ctx.space, ctx.hours, ctx.closures, taken, fromDay, toDay, now());
    },

    /** books a space; 201-worthy view, or a coded error */
    book: (actor: Actor, spaceId: string, input: BookingInput): Promise<BookingView> =>
      core.bookOne(actor, spaceId, input),

    /** a recurring request: a report per occurrence; booked (free ones, or all or none) in one transaction */
    bookRecurring: (
      actor: Actor,
      spaceId: string,
      input: RecurringInput,
    ): Promise<RecurringReport> => recurrence.book(actor, spaceId, input),

    /** moves a booking (same space), checked as a new one; the freed time is offered to the waitlist */
    async change(actor: Actor, bookingId: string, input: BookingInput): Promise<BookingView> {
      const row = core.mayActOn(actor, await repo.booking(bookingId));
      const s = await space(row.space_id);
      const span = spanOf(s, input);
      const ctx = await core.spaceContext(s.id, span.fromDay, span.toDay);
      const who = await core.booker(actor);
      const p = core.prepare(ctx, who, span, input);
      try {
        const moved = await db.transaction().execute(async (trx) => {
          const r = bookingsRepository(trx);
          const locked = core.mayActOn(actor, await r.lockBooking(bookingId));
          if (locked.status !== 'confirmed' && locked.status !== 'requested') {
            throw bookingsError('BOOKING_NOT_ACTIVE');
          }
          checkCutoff(actor, locked, s);
          await core.checkLimits(
            trx,
            ctx,
            who,
            { ...p, organisationId: locked.organisation_id },
            locked,
          );
          await r.move(locked.id, span.start, span.end);
          await offerFreed(trx, deps, s, locked.start, locked.end, now());
          return (await r.booking(locked.id)) ?? locked;
        });
        return viewOf(moved, s);
      } catch (error) {
        throw await core.explainRefusal(error, ctx, span, bookingId);
      }
    },

    /** cancels a booking (its booker until the cut-off, staff any time); offers the time to the waitlist */
    async cancel(actor: Actor, bookingId: string): Promise<BookingView> {
      const user = requireUser(actor);
      const row = core.mayActOn(actor, await repo.booking(bookingId));
      const s = await space(row.space_id);
      const done = await db.transaction().execute(async (trx) => {
        const r = bookingsRepository(trx);
        const locked = core.mayActOn(actor, await r.lockBooking(bookingId));
        if (locked.status !== 'confirmed' && locked.status !== 'requested') {
          throw bookingsError('BOOKING_NOT_ACTIVE');
        }
        checkCutoff(actor, locked, s);
        await r.setStatus(locked.id, 'cancelled', user.id, now());
        if (locked.status === 'confirmed') {
          await offerFreed(trx, deps, s, locked.start, locked.end, now());
        }
        return (await r.booking(locked.id)) ?? locked;
      });
      return viewOf(done, s);
    },

    /** the booker (or staff) says they came: from 15 minutes before the start until the end */
    async checkIn(actor: Actor, bookingId: string): Promise<BookingView> {
      const row = core.mayActOn(actor, await repo.booking(bookingId));
      const s = await space(row.space_id);
      if (row.status !== 'confirmed') throw bookingsError('BOOKING_NOT_ACTIVE');
      const t = now().getTime();
      if (t < row.start.getTime() - 15 * 60_000 || t >= row.end.getTime()) {
        throw bookingsError('BOOKING_RULE_CHECKIN_WINDOW');
      }
      await repo.checkIn(row.id, now());
      return viewOf((await repo.booking(row.id)) ?? row, s);
    },

    /** staff confirm a public request: it then holds its place (the database may refuse it) */
    async confirm(actor: Actor, bookingId: string): Promise<BookingView> {
      const row = core.mayActOn(actor, await repo.booking(bookingId));
      if (!isStaff(actor)) throw bookingsError('BOOKING_NOT_FOUND');
      const s = await space(row.space_id);
      if (row.status !== 'requested') throw bookingsError('BOOKING_NOT_ACTIVE');
      const ctx = { space: s, hours: [], closures: [] };
      const span = { start: row.start, end: row.end, fromDay: '', toDay: '' };
      try {
        await repo.confirm(row.id);
      } catch (error) {
        throw await core.explainRefusal(error, ctx, span, row.id);
      }
      return viewOf((await repo.booking(row.id)) ?? row, s);
    },

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
  };
}

export type BookingsService = ReturnType<typeof bookingsService>;
export type {
  Availability,
  AllowanceView,
  BookingInput,
  BookingView,
  RecurringInput,
  RecurringReport,
  TimeInput,
};
