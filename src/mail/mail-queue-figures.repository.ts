import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { StateCount } from '../kernel/job-queue.ts';

/** The mail queue as the operator sees it: counts by state, and the messages that failed. */
export function mailQueueFiguresRepository(db: Kysely<DB>) {
  return {
    /** a waiting message waits since it was queued, retries included */
    async byState(): Promise<StateCount[]> {
      const { rows } = await sql<StateCount>`
        SELECT status AS state, count(*)::int AS count,
          extract(epoch FROM now() - min(created_at))::float8 AS oldest_seconds
        FROM mail_queue GROUP BY status`.execute(db);
      return rows;
    },

    /** the subject only: the recipient's address is no business of the back office's list */
    async failed(limit: number) {
      return db
        .selectFrom('mail_queue')
        .select(['id', 'subject', 'attempts', 'last_error', 'next_attempt_at', 'created_at'])
        .where('status', '=', 'failed')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
