import { type Kysely, sql } from 'kysely';
import type { DB, RegistrationStatus } from '../db/schema.ts';

export type RegistrationRow = {
  id: string;
  event_id: string;
  user_id: string | null;
  name: string;
  email: string;
  status: RegistrationStatus;
  checked_in_at: Date | null;
  locale: 'fr' | 'en';
  created_at: Date;
  promoted_at: Date | null;
};

const COLUMNS = [
  'id',
  'event_id',
  'user_id',
  'name',
  'email',
  'status',
  'checked_in_at',
  'locale',
  'created_at',
  'promoted_at',
] as const;

/** a reminder due, claimed: the registration and what its mail says of the event */
export type ReminderRow = RegistrationRow & {
  slug: string;
  title_fr: string;
  title_en: string;
  starts_at: Date;
  ends_at: Date;
};

/** Registrations and waiting lists: the SQL only. */
export function registrationsRepository(db: Kysely<DB>) {
  return {
    async count(eventId: string, status: RegistrationStatus): Promise<number> {
      const row = await db
        .selectFrom('event_registrations')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('event_id', '=', eventId)
        .where('status', '=', status)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** the address's current registration to the event (not cancelled) */
    async active(eventId: string, email: string): Promise<RegistrationRow | undefined> {
      return db
        .selectFrom('event_registrations')
        .select(COLUMNS)
        .where('event_id', '=', eventId)
        .where(sql<boolean>`lower(email) = lower(${email})`)
        .where('status', '<>', 'cancelled')
        .executeTakeFirst();
    },

    async insert(values: {
      eventId: string;
      userId: string | null;
      name: string;
      email: string;
      status: 'registered' | 'waiting';
      tokenHash: string;
      locale: 'fr' | 'en';
      isDemo?: boolean;
    }): Promise<RegistrationRow> {
      return db
        .insertInto('event_registrations')
        .values({
          event_id: values.eventId,
          user_id: values.userId,
          name: values.name,
          email: values.email,
          status: values.status,
          cancel_token_hash: values.tokenHash,
          locale: values.locale,
          is_demo: values.isDemo ?? false,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
    },

    async byTokenHash(hash: string): Promise<RegistrationRow | undefined> {
      return db
        .selectFrom('event_registrations')
        .select(COLUMNS)
        .where('cancel_token_hash', '=', hash)
        .executeTakeFirst();
    },

    async cancel(id: string, at: Date): Promise<void> {
      await db
        .updateTable('event_registrations')
        .set({ status: 'cancelled', cancelled_at: at })
        .where('id', '=', id)
        .execute();
    },

    /** the first person waiting (by the time they joined), locked for this transaction */
    async firstWaiting(eventId: string): Promise<RegistrationRow | undefined> {
      return db
        .selectFrom('event_registrations')
        .select(COLUMNS)
        .where('event_id', '=', eventId)
        .where('status', '=', 'waiting')
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
    },

    async promote(id: string, at: Date): Promise<void> {
      await db
        .updateTable('event_registrations')
        .set({ status: 'registered', promoted_at: at })
        .where('id', '=', id)
        .execute();
    },

    /** an event's registrations (not cancelled), waiting ones last; a search on name or address */
    async ofEvent(eventId: string, search = ''): Promise<RegistrationRow[]> {
      let q = db
        .selectFrom('event_registrations')
        .select(COLUMNS)
        .where('event_id', '=', eventId)
        .where('status', '<>', 'cancelled');
      const s = search.trim();
      if (s !== '') {
        const like = `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('email', 'ilike', like)]));
      }
      return q
        .orderBy(sql`CASE status WHEN 'registered' THEN 0 ELSE 1 END`)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async checkIn(eventId: string, id: string, at: Date | null): Promise<boolean> {
      const r = await db
        .updateTable('event_registrations')
        .set({ checked_in_at: at })
        .where('id', '=', id)
        .where('event_id', '=', eventId)
        .where('status', '=', 'registered')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Claims one reminder due: a registered person of a published event starting in
     * [from, to) not reminded yet, marked reminded in the caller's transaction. The row is taken
     * with SKIP LOCKED and its condition is part of the UPDATE, so two workers never claim one
     * reminder twice; the mail is queued in the same transaction.
     */
    async claimReminder(from: Date, to: Date): Promise<ReminderRow | undefined> {
      const due = await sql<ReminderRow>`
        WITH due AS (
          SELECT r.id FROM event_registrations r JOIN events e ON e.id = r.event_id
          WHERE r.status = 'registered' AND r.reminded_at IS NULL AND e.status = 'published'
            AND e.starts_at >= ${from} AND e.starts_at < ${to}
          ORDER BY e.starts_at, r.id
          LIMIT 1
          FOR UPDATE OF r SKIP LOCKED
        )
        UPDATE event_registrations r SET reminded_at = now()
        FROM due, events e
        WHERE r.id = due.id AND e.id = r.event_id AND r.reminded_at IS NULL
        RETURNING r.id, r.event_id, r.user_id, r.name, r.email, r.status, r.checked_in_at,
          r.locale, r.created_at, r.promoted_at, e.slug, e.title_fr,
          e.title_en, e.starts_at, e.ends_at`.execute(db);
      return due.rows[0];
    },
  };
}

export type RegistrationsRepository = ReturnType<typeof registrationsRepository>;
