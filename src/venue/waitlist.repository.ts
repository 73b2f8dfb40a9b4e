import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { WaitlistStatus } from '../db/venue.schema.ts';
import { rangeOf } from './bookings.repository.ts';

/** an entry as "my bookings" lists it, with its space's names */
export type MyWaitlistRow = WaitlistRow & { space_name_fr: string; space_name_en: string };

export type WaitlistRow = {
  id: string;
  space_id: string;
  user_id: string;
  start: Date;
  end: Date;
  status: WaitlistStatus;
  offer_expires_at: Date | null;
  booking_id: string | null;
};

/** The waitlist's SQL; reads the accounts' people (address, name, language) for its mail. */
export function waitlistRepository(db: Kysely<DB>) {
  const entries = () =>
    db
      .selectFrom('venue_waitlist as w')
      .select([
        'w.id',
        'w.space_id',
        'w.user_id',
        sql<Date>`lower(w.during)`.as('start'),
        sql<Date>`upper(w.during)`.as('end'),
        'w.status',
        'w.offer_expires_at',
        'w.booking_id',
      ]);
  return {
    async insert(spaceId: string, userId: string, start: Date, end: Date): Promise<WaitlistRow> {
      const row = await db
        .insertInto('venue_waitlist')
        .values({ space_id: spaceId, user_id: userId, during: rangeOf(start, end) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await entries().where('w.id', '=', row.id).executeTakeFirstOrThrow()) as WaitlistRow;
    },

    async find(id: string, lock = false): Promise<WaitlistRow | undefined> {
      let q = entries().where('w.id', '=', id);
      if (lock) q = q.forUpdate();
      return (await q.executeTakeFirst()) as WaitlistRow | undefined;
    },

    async ofUser(userId: string): Promise<MyWaitlistRow[]> {
      return (await entries()
        .innerJoin('venue_spaces as s', 's.id', 'w.space_id')
        .select(['s.name_fr as space_name_fr', 's.name_en as space_name_en'])
        .where('w.user_id', '=', userId)
        .where('w.status', 'in', ['waiting', 'offered'])
        .orderBy(sql`lower(w.during)`)
        .execute()) as MyWaitlistRow[];
    },

    /** the first waiting entries whose time overlaps [from, to), oldest first, locked (others skip them) */
    async waitingOverlapping(spaceId: string, from: Date, to: Date): Promise<WaitlistRow[]> {
      return (await entries()
        .where('w.space_id', '=', spaceId)
        .where('w.status', '=', 'waiting')
        .where(sql<boolean>`w.during && tstzrange(${from}, ${to}, '[)')`)
        .orderBy('w.created_at')
        .orderBy('w.id')
        .limit(20)
        .forUpdate()
        .skipLocked()
        .execute()) as WaitlistRow[];
    },

    /** offers the time, kept by the held row `holdId` until the offer ends */
    async offer(id: string, at: Date, expires: Date, holdId: string) {
      await db
        .updateTable('venue_waitlist')
        .set({ status: 'offered', offered_at: at, offer_expires_at: expires, booking_id: holdId })
        .where('id', '=', id)
        .execute();
    },

    async setStatus(id: string, status: WaitlistStatus, bookingId?: string) {
      await db
        .updateTable('venue_waitlist')
        .set({ status, ...(bookingId ? { booking_id: bookingId } : {}) })
        .where('id', '=', id)
        .execute();
    },

    /** marks one offer past its time expired, in one statement (once, whatever the workers) */
    async expireNext(now: Date): Promise<WaitlistRow | undefined> {
      const r = await sql<{ id: string }>`
        UPDATE venue_waitlist SET status = 'expired'
        WHERE status = 'offered' AND id = (
          SELECT id FROM venue_waitlist WHERE status = 'offered' AND offer_expires_at <= ${now}
          ORDER BY offer_expires_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`.execute(db);
      const id = r.rows[0]?.id;
      if (!id) return undefined;
      return (await entries().where('w.id', '=', id).executeTakeFirst()) as WaitlistRow | undefined;
    },

    person(userId: string) {
      return db
        .selectFrom('users')
        .select(['email', 'name', 'locale'])
        .where('id', '=', userId)
        .executeTakeFirst();
    },
  };
}
