import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { StateCount } from '../kernel/job-queue.ts';

export type ExportJob = {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  requested_at: Date;
  finished_at: Date | null;
  bytes: number | null;
};

const JOB_COLUMNS = ['id', 'status', 'requested_at', 'finished_at', 'bytes'] as const;

/** The exports of people's data as jobs: asked for, taken by one process, done or failed. */
export function exportJobsRepository(db: Kysely<DB>) {
  return {
    /** the export under way for the person, or a new one: asking twice makes one job */
    async request(userId: string): Promise<ExportJob> {
      const waiting = await db
        .selectFrom('privacy_exports')
        .select(JOB_COLUMNS)
        .where('user_id', '=', userId)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (waiting) return waiting;
      return db
        .insertInto('privacy_exports')
        .values({ user_id: userId })
        .returning(JOB_COLUMNS)
        .executeTakeFirstOrThrow();
    },

    /** the person's latest export, unless it ended more than `keptDays` ago */
    async latestOf(userId: string, keptDays: number): Promise<ExportJob | undefined> {
      return db
        .selectFrom('privacy_exports')
        .select(JOB_COLUMNS)
        .where('user_id', '=', userId)
        .where((eb) =>
          eb.or([
            eb('finished_at', 'is', null),
            eb('finished_at', '>', sql<Date>`now() - make_interval(days => ${keptDays})`),
          ]),
        )
        .orderBy('id', 'desc')
        .executeTakeFirst();
    },

    /**
     * Takes the oldest waiting job (or one whose process stopped beating `staleSeconds` ago), so
     * that two processes never take the same one.
     */
    async takeNext(staleSeconds: number): Promise<{ id: number; user_id: string } | undefined> {
      const { rows } = await sql<{ id: number; user_id: string }>`
        UPDATE privacy_exports SET status = 'running', started_at = now(), heartbeat_at = now(),
          attempts = attempts + 1
        WHERE id = (
          SELECT id FROM privacy_exports
          WHERE status = 'queued'
            OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => ${staleSeconds}))
          ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, user_id`.execute(db);
      return rows[0];
    },

    async beat(id: number): Promise<void> {
      await db
        .updateTable('privacy_exports')
        .set({ heartbeat_at: sql`now()` })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute();
    },

    async finish(id: number, json: string): Promise<void> {
      await db
        .updateTable('privacy_exports')
        .set({
          status: 'done',
          finished_at: sql`now()`,
          data: sql`${json}::jsonb`,
          bytes: Buffer.byteLength(json),
        })
        .where('id', '=', id)
        .execute();
    },

    async fail(id: number, error: string): Promise<void> {
      await db
        .updateTable('privacy_exports')
        .set({ status: 'failed', finished_at: sql`now()`, error: error.slice(0, 2000) })
        .where('id', '=', id)
        .execute();
    },

    /** a done export's content, for its person only, while it is kept */
    async archive(
      userId: string,
      id: number,
      keptDays: number,
    ): Promise<{ json: string; finished_at: Date } | undefined> {
      const row = await db
        .selectFrom('privacy_exports')
        .select([sql<string>`data::text`.as('json'), 'finished_at'])
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('status', '=', 'done')
        .where('finished_at', '>', sql<Date>`now() - make_interval(days => ${keptDays})`)
        .executeTakeFirst();
      return row?.finished_at ? { json: row.json, finished_at: row.finished_at } : undefined;
    },

    /** exports finished more than `keptDays` ago go, content and all */
    async purge(keptDays: number): Promise<number> {
      const result = await db
        .deleteFrom('privacy_exports')
        .where('finished_at', '<', sql<Date>`now() - make_interval(days => ${keptDays})`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async byState(): Promise<StateCount[]> {
      const { rows } = await sql<StateCount>`
        SELECT status AS state, count(*)::int AS count,
          extract(epoch FROM now() - min(requested_at))::float8 AS oldest_seconds
        FROM privacy_exports GROUP BY status`.execute(db);
      return rows;
    },

    async failed(limit: number) {
      return db
        .selectFrom('privacy_exports')
        .select(['id', 'error', 'attempts', 'finished_at', 'requested_at'])
        .where('status', '=', 'failed')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
