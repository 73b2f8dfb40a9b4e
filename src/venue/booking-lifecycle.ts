import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Actor, isStaff, requireUser } from '../kernel/policy.ts';
import {
  type BookingCore,
  type BookingInput,
  type BookingsDeps,
  type BookingView,
  viewOf,
} from './booking-core.ts';
import { spanOf } from './booking-rules.ts';
import { bookingsError } from './bookings.errors.ts';
import { bookingsRepository, type SpaceRow } from './bookings.repository.ts';
import { offerFreed } from './waitlist.ts';

/**
 * A booking's life after it is made: moved, cancelled (until the space's cut-off, for its
 * booker), checked in, or — a public request — confirmed by staff. A move or a cancellation
 * offers the time freed to the waitlist in the same transaction.
 */
export function bookingLifecycle(db: Kysely<DB>, deps: BookingsDeps, core: BookingCore) {
  const { repo, now } = core;
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
    space,
    /** moves a booking (same space), checked as a new one; the freed time is offered to the waitlist */
    async change(
      actor: Actor,
      bookingId: string,
      input: BookingInput,
      /** what the booking is for, written in the same transaction (an event's times) */
      then?: (trx: Kysely<DB>, booking: BookingView) => Promise<void>,
    ): Promise<BookingView> {
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
          const after = (await r.booking(locked.id)) ?? locked;
          await then?.(trx, viewOf(after, s));
          return after;
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
  };
}
