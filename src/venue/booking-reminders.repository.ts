import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** a booking due for its reminder, with what the mail needs */
export type BookingReminderRow = {
  id: string;
  user_id: string;
  email: string;
  name: string;
  locale: 'fr' | 'en';
  start: Date;
  end: Date;
  space_fr: string;
  space_en: string;
};

/** The SQL of the bookings' reminders (the column `reminded_at`, 0045). */
export function bookingRemindersRepository(db: Kysely<DB>) {
  return {
    /**
     * Claims one booking starting in [from, to) whose requester was not reminded yet, marked
     * reminded in the caller's transaction: a confirmed booking made with an account (a visitor's
     * request has no account to choose its mails), not one holding a whole space (an event's,
     * whose people have the event's reminder). Taken with SKIP LOCKED and the condition checked
     * again in the UPDATE, so two workers never claim one booking twice.
     */
    async claim(from: Date, to: Date): Promise<BookingReminderRow | undefined> {
      const due = await sql<BookingReminderRow>`
        WITH due AS (
          SELECT b.id FROM venue_bookings b
          WHERE b.status = 'confirmed' AND b.reminded_at IS NULL AND b.user_id IS NOT NULL
            AND NOT b.whole AND lower(b.during) >= ${from} AND lower(b.during) < ${to}
          ORDER BY lower(b.during), b.id
          LIMIT 1
          FOR UPDATE OF b SKIP LOCKED
        )
        UPDATE venue_bookings b SET reminded_at = now()
        FROM due, users u, venue_spaces s
        WHERE b.id = due.id AND u.id = b.user_id AND s.id = b.space_id
          AND b.reminded_at IS NULL AND b.status = 'confirmed'
        RETURNING b.id, b.user_id, u.email, u.name, u.locale, lower(b.during) AS start,
          upper(b.during) AS "end", s.name_fr AS space_fr, s.name_en AS space_en`.execute(db);
      return due.rows[0];
    },
  };
}
