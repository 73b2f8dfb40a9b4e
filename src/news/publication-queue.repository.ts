import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { StateCount } from '../kernel/job-queue.ts';

/** Scheduled publications as a queue of jobs, for the operator: counts by state, failures. */
export function publicationQueueRepository(db: Kysely<DB>) {
  return {
    /** a waiting job is late from its time on: one planned for next week is not waiting yet */
    async byState(): Promise<StateCount[]> {
      const { rows } = await sql<StateCount>`
        SELECT status AS state, count(*)::int AS count,
          extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now()))::float8
            AS oldest_seconds
        FROM news_jobs GROUP BY status`.execute(db);
      return rows;
    },

    async failed(limit: number) {
      return db
        .selectFrom('news_jobs as j')
        .leftJoin('news_versions as v', (join) =>
          join.onRef('v.article_id', '=', 'j.article_id').onRef('v.locale', '=', 'j.locale'),
        )
        .select([
          'j.id',
          'j.article_id',
          'j.locale',
          'j.attempts',
          'j.error',
          'j.run_at',
          'j.finished_at',
          'v.title',
        ])
        .where('j.status', '=', 'failed')
        .orderBy('j.id', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
