import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { StateCount } from '../kernel/job-queue.ts';
import type { ImportFile } from './imports.repository.ts';

/** The imports as a queue of jobs, for the operator: counts by state, and the failed ones. */
export function importsQueueRepository(db: Kysely<DB>) {
  return {
    /** a queued import waits since it was uploaded */
    async byState(): Promise<StateCount[]> {
      const { rows } = await sql<StateCount>`
        SELECT status AS state, count(*)::int AS count,
          extract(epoch FROM now() - min(created_at))::float8 AS oldest_seconds
        FROM imports GROUP BY status`.execute(db);
      return rows;
    },

    async failed(limit: number) {
      const rows = await db
        .selectFrom('imports')
        .select(['id', 'kind', 'files', 'error', 'created_at', 'finished_at', 'heartbeat_at'])
        .where('status', '=', 'failed')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        files: (r.files as ImportFile[]).map((f) => f.name),
        error: r.error,
        failedAt: r.finished_at ?? r.heartbeat_at ?? r.created_at,
      }));
    },
  };
}
