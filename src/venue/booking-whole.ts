import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../kernel/policy.ts';
import {
  type BookingCore,
  type BookingInput,
  type BookingsDeps,
  type BookingView,
  viewOf,
} from './booking-core.ts';
import { spanOf } from './booking-rules.ts';
import { bookingsError } from './bookings.errors.ts';
import { bookingsRepository } from './bookings.repository.ts';
import { offerFreed } from './waitlist.ts';

/**
 * Staff book a space whole (every place of it: an event, an exhibition) under the same rules and
 * guards as any booking, and `then` writes what the booking is for in the same transaction: both
 * exist, or neither. The capacity guard weighs a whole booking as the space's capacity, so the
 * database refuses it over any confirmed booking of the space, and any booking over it (409).
 */
export function bookWholeWith(db: Kysely<DB>, deps: BookingsDeps, core: BookingCore) {
  return async function bookWhole<T>(
    actor: Actor,
    spaceId: string,
    input: BookingInput & {
      isDemo?: boolean;
      /** a booking this one replaces (an event moved to another space): cancelled in the same transaction */
      replacing?: string;
    },
    then: (trx: Kysely<DB>, booking: BookingView) => Promise<T>,
  ): Promise<T> {
    const who = await core.booker(actor);
    if (!who.staff) throw bookingsError('BOOKING_RULE_WHO_MAY_BOOK');
    const ctx0 = await core.repo.space(spaceId);
    if (!ctx0) throw bookingsError('SPACE_NOT_FOUND');
    const span = spanOf(ctx0, input);
    const ctx = await core.spaceContext(ctx0.id, span.fromDay, span.toDay);
    const p = core.prepare(ctx, who, span, input);
    try {
      return await db.transaction().execute(async (trx) => {
        if (input.replacing) await cancelReplaced(trx, input.replacing);
        const row = await core.insertIn(trx, ctx, who, p, {
          purpose: input.purpose,
          whole: true,
          isDemo: input.isDemo,
        });
        return then(trx, viewOf(row, ctx.space));
      });
    } catch (error) {
      throw await core.explainRefusal(error, ctx, span);
    }
  };

  /** the replaced booking cancelled, and its time offered to the waitlist, in `trx` */
  async function cancelReplaced(trx: Kysely<DB>, bookingId: string): Promise<void> {
    const r = bookingsRepository(trx);
    const old = await r.lockBooking(bookingId);
    if (!old || (old.status !== 'confirmed' && old.status !== 'requested')) {
      throw bookingsError('BOOKING_NOT_ACTIVE');
    }
    const oldSpace = await r.space(old.space_id);
    await r.setStatus(old.id, 'cancelled', null, core.now());
    if (old.status === 'confirmed' && oldSpace) {
      await offerFreed(trx, deps, oldSpace, old.start, old.end, core.now());
    }
  }
}
