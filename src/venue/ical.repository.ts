import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The feeds' SQL: a member's feed by the hash of its secret, and what the feeds show. */
export function icalRepository(db: Kysely<DB>) {
  return {
    /** one feed per member: a new secret replaces the old one (the old address stops) */
    async put(userId: string, tokenHash: string) {
      await db
        .insertInto('venue_calendar_feeds')
        .values({ user_id: userId, token_hash: tokenHash })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: new Date() }),
        )
        .execute();
    },

    async remove(userId: string): Promise<boolean> {
      const r = await db
        .deleteFrom('venue_calendar_feeds')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async exists(userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('venue_calendar_feeds')
        .select('user_id')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async ownerOf(
      tokenHash: string,
    ): Promise<{ user_id: string; locale: 'fr' | 'en' } | undefined> {
      return db
        .selectFrom('venue_calendar_feeds as f')
        .innerJoin('users as u', 'u.id', 'f.user_id')
        .select(['f.user_id', 'u.locale'])
        .where('f.token_hash', '=', tokenHash)
        .where('u.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    /** a member's bookings from `from` on (confirmed and requested), with their space's names */
    memberBookings(userId: string, from: Date) {
      return db
        .selectFrom('venue_bookings as b')
        .innerJoin('venue_spaces as s', 's.id', 'b.space_id')
        .select([
          'b.id',
          'b.status',
          'b.updated_at',
          sql<Date>`lower(b.during)`.as('start'),
          sql<Date>`upper(b.during)`.as('end'),
          's.name_fr',
          's.name_en',
        ])
        .where('b.user_id', '=', userId)
        .where('b.status', 'in', ['confirmed', 'requested'])
        .where(sql<boolean>`upper(b.during) > ${from}`)
        .orderBy(sql`lower(b.during)`)
        .limit(2000)
        .execute();
    },
  };
}
