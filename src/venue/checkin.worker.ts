import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startPoller } from '../kernel/jobs.ts';
import type { BookingsDeps } from './booking-core.ts';
import { bookingsRepository } from './bookings.repository.ts';
import { waitlistRepository } from './waitlist.repository.ts';
import { endOffer, offerFreed } from './waitlist.ts';

/** what one round did: a booking released, or an offer that expired (and who was offered next) */
export type CheckinOutcome =
  | { released: string; offeredTo?: string }
  | { expired: string; offeredTo?: string };

type Log = { error(payload: object, message: string): void };

/**
 * The venue's background work, run by every server process: releases each booking not checked in
 * `checkin_grace_minutes` after its start (once: one UPDATE … RETURNING on a row locked with SKIP
 * LOCKED, whose condition is checked again under the lock, so a second worker finds nothing), and
 * expires the waitlist's offers past their time; in both cases the time freed is offered to the
 * next member waiting, in the same transaction (the mail with it).
 */
export function startCheckinWorker(
  db: Kysely<DB>,
  log: Log,
  options: Pick<BookingsDeps, 'publicUrl' | 'clock'> & {
    everyMs?: number;
    start?: 'now' | 'later' | 'never';
  },
) {
  const clock = () => options.clock?.() ?? new Date();

  async function releaseOne(): Promise<CheckinOutcome | null> {
    return db.transaction().execute(async (trx) => {
      const now = clock();
      const released = await bookingsRepository(trx).releaseNextOverdue(now);
      if (!released) return null;
      const space = await bookingsRepository(trx).space(released.space_id);
      const offered =
        space && released.end.getTime() > now.getTime()
          ? await offerFreed(trx, options, space, released.start, released.end, now)
          : undefined;
      return { released: released.id, offeredTo: offered?.user_id };
    });
  }

  async function expireOne(): Promise<CheckinOutcome | null> {
    return db.transaction().execute(async (trx) => {
      const now = clock();
      const expired = await waitlistRepository(trx).expireNext(now);
      if (!expired) return null;
      // the hold is let go and the time offered to the next member waiting
      const offered = await endOffer(trx, options, expired, now);
      return { expired: expired.id, offeredTo: offered?.user_id };
    });
  }

  const poller = startPoller({
    name: 'venue check-in and waitlist',
    everyMs: options.everyMs ?? 60_000,
    log,
    takeOne: async () => (await releaseOne()) ?? (await expireOne()),
    start: options.start ?? 'later',
  });
  return { releaseOne, expireOne, drain: poller.drain, stop: poller.stop };
}
