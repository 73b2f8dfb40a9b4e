import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BookingStatus } from '../db/venue.schema.ts';
import { type BookingRow, bookingsQuery, rangeOf } from './bookings.repository.ts';

/** The booking engine's writes: bookings, their moves and states, its locks and savepoints. */
export function bookingWrites(db: Kysely<DB>) {
  return {
    async insert(values: {
      spaceId: string;
      userId: string | null;
      organisationId: string | null;
      seriesId?: string | null;
      start: Date;
      end: Date;
      status?: BookingStatus;
      purpose?: string;
      overrideBy?: string | null;
      overrideReason?: string | null;
      isDemo?: boolean;
      /** holds every place of the space (an event, an exhibition) */
      whole?: boolean;
    }): Promise<BookingRow> {
      const inserted = await db
        .insertInto('venue_bookings')
        .values({
          space_id: values.spaceId,
          user_id: values.userId,
          organisation_id: values.organisationId,
          series_id: values.seriesId ?? null,
          during: rangeOf(values.start, values.end),
          status: values.status ?? 'confirmed',
          purpose: values.purpose ?? '',
          allowance_override_by: values.overrideBy ?? null,
          allowance_override_reason: values.overrideReason ?? null,
          is_demo: values.isDemo ?? false,
          whole: values.whole ?? false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await bookingsQuery(db)
        .where('b.id', '=', inserted.id)
        .executeTakeFirstOrThrow()) as BookingRow;
    },

    async move(id: string, start: Date, end: Date) {
      await db
        .updateTable('venue_bookings')
        .set({ during: rangeOf(start, end), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
    },

    async setStatus(id: string, status: 'cancelled', by: string | null, at: Date) {
      await db
        .updateTable('venue_bookings')
        .set({ status, cancelled_at: at, cancelled_by: by, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    /** a public request confirmed by staff: the capacity trigger and the constraint judge it */
    async confirm(id: string) {
      await db
        .updateTable('venue_bookings')
        .set({ status: 'confirmed', updated_at: new Date() })
        .where('id', '=', id)
        .where('status', '=', 'requested')
        .execute();
    },

    /** keeps a time for a waitlist offer: a held row of the member's (the database judges it) */
    async insertHold(spaceId: string, userId: string, start: Date, end: Date): Promise<string> {
      const row = await db
        .insertInto('venue_bookings')
        .values({
          space_id: spaceId,
          user_id: userId,
          during: rangeOf(start, end),
          status: 'held',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** lets a held time go (the offer accepted, declined or expired) */
    async dropHold(id: string) {
      await db
        .updateTable('venue_waitlist')
        .set({ booking_id: null })
        .where('booking_id', '=', id)
        .execute();
      await db
        .deleteFrom('venue_bookings')
        .where('id', '=', id)
        .where('status', '=', 'held')
        .execute();
    },

    async checkIn(id: string, at: Date) {
      await db
        .updateTable('venue_bookings')
        .set({ checked_in_at: at, updated_at: at })
        .where('id', '=', id)
        .where('checked_in_at', 'is', null)
        .execute();
    },

    /** a member's confirmed bookings of a space that have not ended */
    async lockMember(userId: string, spaceId: string) {
      await sql`SELECT pg_advisory_xact_lock(7468758, hashtext(${`${userId}/${spaceId}`}))`.execute(
        db,
      );
    },

    /** a person's bookings, upcoming (by start) or past (latest first), with their space */
    savepoint: (name: string) => sql`SAVEPOINT ${sql.id(name)}`.execute(db),
    rollbackTo: (name: string) => sql`ROLLBACK TO SAVEPOINT ${sql.id(name)}`.execute(db),
    release: (name: string) => sql`RELEASE SAVEPOINT ${sql.id(name)}`.execute(db),

    async createSeries(spaceId: string, userId: string, rule: unknown): Promise<string> {
      const row = await db
        .insertInto('venue_booking_series')
        .values({ space_id: spaceId, user_id: userId, rule: JSON.stringify(rule) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * Releases one confirmed booking not checked in `checkin_grace_minutes` after its start: one
     * UPDATE … RETURNING whose row is locked with SKIP LOCKED, and whose WHERE is checked again on
     * the row as it is when the lock is held, so that two workers never release the same booking.
     */
    async releaseNextOverdue(now: Date): Promise<BookingRow | undefined> {
      const r = await sql<{ id: string }>`
        UPDATE venue_bookings SET status = 'released', released_at = ${now}, updated_at = ${now}
        WHERE status = 'confirmed' AND checked_in_at IS NULL AND id = (
          SELECT b.id FROM venue_bookings b JOIN venue_spaces s ON s.id = b.space_id
          WHERE b.status = 'confirmed' AND b.checked_in_at IS NULL
            AND s.checkin_grace_minutes IS NOT NULL
            AND lower(b.during) + make_interval(mins => s.checkin_grace_minutes) <= ${now}
          ORDER BY lower(b.during), b.id
          LIMIT 1
          FOR UPDATE OF b SKIP LOCKED)
        RETURNING id`.execute(db);
      const id = r.rows[0]?.id;
      if (!id) return undefined;
      return (await bookingsQuery(db).where('b.id', '=', id).executeTakeFirst()) as
        | BookingRow
        | undefined;
    },
  };
}
