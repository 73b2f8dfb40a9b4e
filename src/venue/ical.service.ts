import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, requireUser } from '../kernel/policy.ts';
import type { BookingsDeps } from './booking-core.ts';
import { bookingsEn } from './bookings.en.ts';
import { bookingsError } from './bookings.errors.ts';
import { bookingsFr } from './bookings.fr.ts';
import { bookingsRepository } from './bookings.repository.ts';
import { icalRepository } from './ical.repository.ts';
import { icsCalendar, occupancyPeriods } from './ical.ts';

const texts = { fr: bookingsFr.bookings, en: bookingsEn.bookings };
const DAY = 86_400_000;

/** the address of a member's feed, from its secret */
export const memberFeedPath = (token: string) => `/lieu/agenda/${token}.ics`;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The calendars. A member's private feed lives at a secret address: 256 random bits, of which
 * only the SHA-256 is kept; making a new one replaces the old (whose address stops answering);
 * revoking deletes it. A space's occupancy feed is public and holds no one's name: only the
 * periods held, with how many places are taken.
 */
export function feedsService(db: Kysely<DB>, deps: Pick<BookingsDeps, 'publicUrl' | 'clock'>) {
  const repo = icalRepository(db);
  const now = () => deps.clock?.() ?? new Date();
  return {
    /** a new secret address (shown once: only its hash is kept) */
    async create(actor: Actor): Promise<{ url: string }> {
      const user = requireUser(actor);
      const token = randomBytes(32).toString('base64url');
      await repo.put(user.id, hashOf(token));
      return { url: `${deps.publicUrl().replace(/\/+$/, '')}${memberFeedPath(token)}` };
    },

    /** stops the address; false when there was none */
    revoke: (actor: Actor) => repo.remove(requireUser(actor).id),

    exists: (actor: Actor) => repo.exists(requireUser(actor).id),

    /** the feed at a secret address: the member's bookings from 30 days ago on */
    async memberFeed(token: string): Promise<string> {
      if (!TOKEN.test(token)) throw bookingsError('FEED_NOT_FOUND');
      const owner = await repo.ownerOf(hashOf(token));
      if (!owner) throw bookingsError('FEED_NOT_FOUND');
      const t = texts[owner.locale];
      const rows = await repo.memberBookings(owner.user_id, new Date(now().getTime() - 30 * DAY));
      return icsCalendar(
        t.feedName,
        rows.map((r) => ({
          uid: `booking-${r.id}@totem`,
          start: r.start,
          end: r.end,
          summary: owner.locale === 'en' ? r.name_en : r.name_fr,
          description: r.status === 'requested' ? t.requested : undefined,
          status: r.status === 'requested' ? 'TENTATIVE' : 'CONFIRMED',
          stamp: r.updated_at,
        })),
        now(),
      );
    },

    /** a space's occupancy from 7 days ago to 180 days ahead, without personal data */
    async spaceFeed(slug: string, locale: Locale): Promise<string> {
      const bookings = bookingsRepository(db);
      const space = await bookings.space(slug);
      if (!space?.active) throw bookingsError('SPACE_NOT_FOUND');
      const t = texts[locale];
      const from = new Date(now().getTime() - 7 * DAY);
      const ranges = await bookings.takenRanges(
        space.id,
        from,
        new Date(now().getTime() + 180 * DAY),
      );
      const name = locale === 'en' ? space.name_en : space.name_fr;
      return icsCalendar(
        t.occupancyName(name),
        occupancyPeriods(ranges).map((p) => ({
          uid: `${space.slug}-${p.start.getTime()}-${p.end.getTime()}@totem`,
          start: p.start,
          end: p.end,
          summary:
            space.capacity === 1
              ? t.busy
              : p.held >= space.capacity
                ? t.full
                : t.occupied(p.held, space.capacity),
        })),
        now(),
      );
    },
  };
}
