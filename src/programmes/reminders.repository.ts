import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Locale } from '../kernel/locale.ts';

/** a draft whose reminder was just claimed, with what its mail says */
export type ClaimedReminder = {
  id: number;
  organisation_id: string;
  applicant_id: string;
  call_title_fr: string;
  call_title_en: string;
  closes_at: Date;
  organisation_name: string;
};

/** someone the reminder goes to */
export type ReminderRecipient = { id: string; email: string; name: string; locale: Locale };

/**
 * The SQL of the reminders: claiming a due draft, and who hears of it. Reads the accounts' people
 * (address, name, language) and the directory's members, as `directory-facts.repository.ts` reads
 * the directory: never writes them.
 */
export function remindersRepository(db: Kysely<DB>) {
  return {
    /**
     * Claims one draft whose call closes within `windowMs` of `now` (and has not closed), and
     * whose reminder is still to send: marks it in one statement, the row locked with SKIP LOCKED,
     * so that two processes never claim the same one and a draft being submitted at that moment
     * is left alone (found submitted at the next round). Run it in the transaction that queues the
     * mail: the mark exists only if the mail does.
     */
    async claimNext(now: Date, windowMs: number): Promise<ClaimedReminder | undefined> {
      const horizon = new Date(now.getTime() + windowMs);
      const claimed = await sql<{ id: string | number }>`
        UPDATE programme_applications SET reminder_sent_at = ${now}
        WHERE reminder_sent_at IS NULL AND state = 'draft' AND id = (
          SELECT a.id FROM programme_applications a
          JOIN programme_calls c ON c.id = a.call_id
          WHERE a.state = 'draft' AND a.reminder_sent_at IS NULL
            AND c.closes_at > ${now} AND c.closes_at <= ${horizon}
          ORDER BY c.closes_at, a.id
          LIMIT 1
          FOR UPDATE OF a SKIP LOCKED)
        RETURNING id`.execute(db);
      const row = claimed.rows[0];
      if (!row) return undefined;
      return db
        .selectFrom('programme_applications as a')
        .innerJoin('programme_calls as c', 'c.id', 'a.call_id')
        .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
        .select([
          'a.id',
          'a.organisation_id',
          'a.applicant_id',
          'c.title_fr as call_title_fr',
          'c.title_en as call_title_en',
          'c.closes_at',
          'o.name as organisation_name',
        ])
        .where('a.id', '=', Number(row.id))
        .executeTakeFirstOrThrow();
    },

    /**
     * Who is reminded: the applicant, and the organisation's other members with a verified
     * address; never a disabled account. The applicant first, then by address.
     */
    async recipients(reminder: ClaimedReminder): Promise<ReminderRecipient[]> {
      const rows = await db
        .selectFrom('users as u')
        .select(['u.id', 'u.email', 'u.name', 'u.locale'])
        .where('u.disabled_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('u.id', '=', reminder.applicant_id),
            eb.and([
              eb('u.email_verified_at', 'is not', null),
              eb.exists(
                eb
                  .selectFrom('organisation_members as m')
                  .select('m.user_id')
                  .whereRef('m.user_id', '=', 'u.id')
                  .where('m.organisation_id', '=', reminder.organisation_id),
              ),
            ]),
          ]),
        )
        .orderBy('u.email')
        .execute();
      const applicantFirst = [
        ...rows.filter((r) => r.id === reminder.applicant_id),
        ...rows.filter((r) => r.id !== reminder.applicant_id),
      ];
      return applicantFirst.map((r) => ({
        id: r.id,
        email: r.email,
        name: r.name,
        locale: r.locale,
      }));
    },
  };
}
