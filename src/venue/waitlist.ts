import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { localePath } from '../kernel/locale.ts';
import { type Actor, requireUser } from '../kernel/policy.ts';
import { queueMail } from '../mail/mail-queue.ts';
import type { BookingCore, BookingInput, BookingsDeps, BookingView } from './booking-core.ts';
import { viewOf } from './booking-core.ts';
import { spanOf } from './booking-rules.ts';
import { bookingsEn } from './bookings.en.ts';
import { bookingsError } from './bookings.errors.ts';
import { bookingsFr } from './bookings.fr.ts';
import { bookingsRepository, refusal, type SpaceRow } from './bookings.repository.ts';
import { parisDateTime, parisDay } from './venue-time.ts';
import { type WaitlistRow, waitlistRepository } from './waitlist.repository.ts';

/** the page where a member sees (and accepts) their offers: the venue's "my bookings" */
export const MY_BOOKINGS_PAGE = '/lieu/reservations';

const texts = { fr: bookingsFr.bookings, en: bookingsEn.bookings };

/**
 * When a time frees (a cancellation, a move, a release, an offer that expired), the first member
 * waiting for a time that overlaps it, and that now fits, is offered it: by mail, queued in the
 * caller's transaction, with `waitlist_offer_minutes` to accept. One offer per freeing. The offer
 * holds the time: a row of status `held` (the member's) is inserted in the same transaction, which
 * the exclusion constraint and the capacity trigger count as a booking, so nobody else can book
 * the time until the offer is accepted (the row becomes the booking), declined or expires (the
 * row is deleted and the next member offered it). Must be called inside a transaction.
 */
export async function offerFreed(
  trx: Kysely<DB>,
  deps: Pick<BookingsDeps, 'publicUrl'>,
  space: SpaceRow,
  from: Date,
  to: Date,
  now: Date,
): Promise<WaitlistRow | undefined> {
  const waiting = waitlistRepository(trx);
  const bookings = bookingsRepository(trx);
  for (const entry of await waiting.waitingOverlapping(space.id, from, to)) {
    if (entry.end.getTime() <= now.getTime()) {
      await waiting.setStatus(entry.id, 'expired');
      continue;
    }
    const held = await bookings.overlapping(space.id, entry.start, entry.end);
    if (held.length >= space.capacity) continue;
    const hold = await holdTime(trx, space.id, entry);
    if (!hold) continue;
    const expires = new Date(now.getTime() + space.waitlist_offer_minutes * 60_000);
    await waiting.offer(entry.id, now, expires, hold);
    const person = await waiting.person(entry.user_id);
    if (person) {
      const t = texts[person.locale];
      const name = person.locale === 'en' ? space.name_en : space.name_fr;
      const base = deps.publicUrl().replace(/\/+$/, '');
      await queueMail(trx, {
        to: person.email,
        subject: t.waitlistOfferSubject(name),
        text: t.waitlistOfferBody({
          name: person.name,
          space: name,
          when: `${parisDateTime(entry.start)} – ${parisDateTime(entry.end)}`,
          until: parisDateTime(expires),
          link: `${base}${localePath(person.locale, MY_BOOKINGS_PAGE)}#attente-${entry.id}`,
        }),
      });
    }
    return { ...entry, status: 'offered', offer_expires_at: expires };
  }
  return undefined;
}

/** the held row that keeps an offered time, or nothing if the database refuses it (taken) */
async function holdTime(
  trx: Kysely<DB>,
  spaceId: string,
  entry: WaitlistRow,
): Promise<string | undefined> {
  const r = bookingsRepository(trx);
  await r.savepoint('hold');
  try {
    const id = await r.insertHold(spaceId, entry.user_id, entry.start, entry.end);
    await r.release('hold');
    return id;
  } catch (error) {
    if (!refusal(error)) throw error;
    await r.rollbackTo('hold');
    return undefined;
  }
}

/** an offer that ends (declined or expired): its hold let go, the time offered to the next */
export async function endOffer(
  trx: Kysely<DB>,
  deps: Pick<BookingsDeps, 'publicUrl'>,
  entry: WaitlistRow,
  now: Date,
): Promise<WaitlistRow | undefined> {
  const r = bookingsRepository(trx);
  if (entry.booking_id) await r.dropHold(entry.booking_id);
  const space = await r.space(entry.space_id);
  return space ? offerFreed(trx, deps, space, entry.start, entry.end, now) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function waitlistService(db: Kysely<DB>, deps: BookingsDeps, core: BookingCore) {
  const repo = waitlistRepository(db);

  async function own(actor: Actor, id: string, lockWith?: Kysely<DB>) {
    const user = requireUser(actor);
    const entry = UUID.test(id)
      ? await waitlistRepository(lockWith ?? db).find(id, !!lockWith)
      : undefined;
    if (!entry || entry.user_id !== user.id) throw bookingsError('WAITLIST_NOT_FOUND');
    return entry;
  }

  return {
    /** waits for a time that is full now (a free one is booked directly: 409 WAITLIST_SLOT_FREE) */
    async join(actor: Actor, spaceId: string, input: BookingInput): Promise<WaitlistRow> {
      const who = await core.booker(actor);
      const s = await core.repo.space(spaceId);
      if (!s) throw bookingsError('SPACE_NOT_FOUND');
      const span = spanOf(s, input);
      const ctx = await core.spaceContext(s.id, span.fromDay, span.toDay);
      core.prepare(ctx, who, span, input);
      const held = await core.repo.overlapping(s.id, span.start, span.end);
      if (held.length < s.capacity) throw bookingsError('WAITLIST_SLOT_FREE');
      try {
        return await repo.insert(s.id, who.user.id, span.start, span.end);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw bookingsError('WAITLIST_ALREADY');
        throw error;
      }
    },

    /** accepts an offer in time: books the time (checked as any booking) */
    async accept(actor: Actor, waitlistId: string): Promise<BookingView> {
      const who = await core.booker(actor);
      const entry = await own(actor, waitlistId);
      const s = await core.repo.space(entry.space_id);
      if (!s) throw bookingsError('SPACE_NOT_FOUND');
      // the time waited for, as the space reads it: its days, or its instants
      const fixed = spanOf(
        s,
        s.unit === 'day'
          ? { fromDay: parisDay(entry.start), toDay: parisDay(entry.end) }
          : { startAt: entry.start, endAt: entry.end },
      );
      const ctx = await core.spaceContext(s.id, fixed.fromDay, fixed.toDay);
      const p = core.prepare(ctx, who, fixed, {});
      try {
        const row = await db.transaction().execute(async (trx) => {
          const locked = await own(actor, waitlistId, trx);
          const expires = locked.offer_expires_at?.getTime() ?? 0;
          if (locked.status !== 'offered' || expires <= core.now().getTime()) {
            throw bookingsError('WAITLIST_OFFER_EXPIRED');
          }
          // the held row gives its place to the booking, in this transaction
          if (locked.booking_id) await bookingsRepository(trx).dropHold(locked.booking_id);
          const booked = await core.insertIn(trx, ctx, who, p);
          await waitlistRepository(trx).setStatus(locked.id, 'accepted', booked.id);
          return booked;
        });
        return viewOf(row, s);
      } catch (error) {
        throw await core.explainRefusal(error, ctx, fixed);
      }
    },

    /** the actor's entries still waiting or offered */
    mine: (actor: Actor) => repo.ofUser(requireUser(actor).id),

    /** leaves the waitlist; an offer declined lets its time go to the next member waiting */
    async leave(actor: Actor, waitlistId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const entry = await own(actor, waitlistId, trx);
        if (entry.status === 'offered') {
          await waitlistRepository(trx).setStatus(entry.id, 'expired');
          await endOffer(trx, deps, entry, core.now());
        } else if (entry.status === 'waiting') {
          await waitlistRepository(trx).setStatus(entry.id, 'cancelled');
        } else throw bookingsError('WAITLIST_NOT_FOUND');
      });
    },
  };
}
