import { type Kysely, sql } from 'kysely';
import type { DB, NewsLocale } from '../db/schema.ts';

export type JobRow = {
  id: number;
  article_id: number;
  locale: NewsLocale;
  run_at: Date;
  status: 'waiting' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  error: string | null;
  finished_at: Date | null;
};

const JOB_COLUMNS = [
  'id',
  'article_id',
  'locale',
  'run_at',
  'status',
  'attempts',
  'error',
  'finished_at',
] as const;

/** The SQL of scheduled publication: one waiting job per version, taken by any process once. */
export function publicationJobsRepository(db: Kysely<DB>) {
  return {
    /** one waiting job per version: a new time replaces the old one */
    async schedule(articleId: number, locale: NewsLocale, runAt: Date): Promise<void> {
      await this.cancelJobs(articleId, locale);
      await db
        .insertInto('news_jobs')
        .values({ article_id: articleId, locale, run_at: runAt })
        .execute();
    },

    async cancelJobs(articleId: number, locale: NewsLocale): Promise<void> {
      await db
        .updateTable('news_jobs')
        .set({ status: 'cancelled', finished_at: sql`now()` })
        .where('article_id', '=', articleId)
        .where('locale', '=', locale)
        .where('status', '=', 'waiting')
        .execute();
    },

    /** the latest job of each version of these articles */
    async latestJobs(articleIds: number[]): Promise<JobRow[]> {
      if (articleIds.length === 0) return [];
      return (await db
        .selectFrom('news_jobs')
        .distinctOn(['article_id', 'locale'])
        .select(JOB_COLUMNS)
        .where('article_id', 'in', articleIds)
        .where('status', '<>', 'cancelled')
        .orderBy('article_id')
        .orderBy('locale')
        .orderBy('id', 'desc')
        .execute()) as JobRow[];
    },

    /**
     * Takes the next due job, locked until the caller's transaction ends; other workers skip it.
     * To be called inside a transaction.
     */
    async takeDue(): Promise<JobRow | undefined> {
      const rows = await sql<JobRow>`
        SELECT ${sql.join(JOB_COLUMNS.map((c) => sql.ref(c)))}
        FROM news_jobs
        WHERE status = 'waiting' AND run_at <= now()
        ORDER BY run_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`.execute(db);
      return rows.rows[0];
    },

    async finishJob(id: number, status: 'done' | 'failed' | 'cancelled', error: string | null) {
      await db
        .updateTable('news_jobs')
        .set({
          status,
          error: error?.slice(0, 1000) ?? null,
          finished_at: sql`now()`,
          attempts: sql`attempts + 1`,
        })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Publishes a scheduled version whose time has come; true when this call did it (a version is
     * published once, whoever asks).
     */
    async publishScheduled(articleId: number, locale: NewsLocale): Promise<boolean> {
      const res = await db
        .updateTable('news_versions')
        .set({ state: 'published', published_at: sql`now()`, updated_at: sql`now()` })
        .where('article_id', '=', articleId)
        .where('locale', '=', locale)
        .where('state', '=', 'scheduled')
        .where('publish_at', '<=', sql<Date>`now()`)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async failedJob(articleId: number, locale: NewsLocale): Promise<JobRow | undefined> {
      return (await db
        .selectFrom('news_jobs')
        .select(JOB_COLUMNS)
        .where('article_id', '=', articleId)
        .where('locale', '=', locale)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()) as JobRow | undefined;
    },
  };
}
