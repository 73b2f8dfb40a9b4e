import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { StateCount } from '../kernel/job-queue.ts';

/** The observatory's runs as a queue of jobs, for the operator: counts by state, failures. */
export function runsQueueRepository(db: Kysely<DB>) {
  return {
    /** a run is written when it starts: none waits in the table */
    async byState(): Promise<StateCount[]> {
      const { rows } = await sql<StateCount>`
        SELECT status AS state, count(*)::int AS count, NULL::float8 AS oldest_seconds
        FROM observatory_runs GROUP BY status`.execute(db);
      return rows;
    },

    async failed(limit: number) {
      return db
        .selectFrom('observatory_runs')
        .select(['id', 'reason', 'error', 'started_at', 'finished_at'])
        .where('status', '=', 'failed')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
