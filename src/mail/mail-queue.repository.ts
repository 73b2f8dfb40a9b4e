import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { MailMessage } from './mailer.ts';

export type QueuedMail = MailMessage & { id: number; attempts: number };

/** The SQL of the mail queue: rows written in the caller's transaction, claimed one at a time. */
export function mailQueueRepository(db: Kysely<DB>) {
  return {
    async insert(message: MailMessage): Promise<number> {
      const row = await db
        .insertInto('mail_queue')
        .values({ to_address: message.to, subject: message.subject, body: message.text })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * Claims the next message due (or one whose claim was abandoned `staleAfterMs` ago: its
     * process died while sending), in one statement: the row is locked with SKIP LOCKED while it
     * is marked 'sending', so two processes never claim the same one.
     */
    async claimNext(staleAfterMs: number): Promise<QueuedMail | undefined> {
      const stale = sql`now() - make_interval(secs => ${staleAfterMs / 1000})`;
      const rows = await sql<{
        id: number;
        to_address: string;
        subject: string;
        body: string;
        attempts: number;
      }>`
        UPDATE mail_queue SET status = 'sending', claimed_at = now(), attempts = attempts + 1
        WHERE id = (
          SELECT id FROM mail_queue
          WHERE (status = 'waiting' AND next_attempt_at <= now())
             OR (status = 'sending' AND claimed_at < ${stale})
          ORDER BY next_attempt_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
        RETURNING id, to_address, subject, body, attempts`.execute(db);
      const row = rows.rows[0];
      if (!row) return undefined;
      return {
        id: Number(row.id),
        to: row.to_address,
        subject: row.subject,
        text: row.body,
        attempts: row.attempts,
      };
    },

    async markSent(id: number): Promise<void> {
      await db
        .updateTable('mail_queue')
        .set({ status: 'sent', sent_at: sql`now()`, claimed_at: null, last_error: null })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .execute();
    },

    /** gives the message back to be tried after `retryInMs`, or marks it failed for good */
    async markFailed(id: number, error: string, retryInMs: number | null): Promise<void> {
      await db
        .updateTable('mail_queue')
        .set({
          status: retryInMs === null ? 'failed' : 'waiting',
          claimed_at: null,
          last_error: error.slice(0, 1000),
          ...(retryInMs === null
            ? {}
            : { next_attempt_at: sql`now() + make_interval(secs => ${retryInMs / 1000})` }),
        })
        .where('id', '=', id)
        .where('status', '=', 'sending')
        .execute();
    },
  };
}
