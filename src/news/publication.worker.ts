import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, NewsLocale } from '../db/schema.ts';
import type { FileStorage } from '../kernel/file-storage.ts';
import { startPoller } from '../kernel/jobs.ts';
import { publicationProblem } from './articles.ts';
import { newsRepository } from './news.repository.ts';

export type JobOutcome = {
  jobId: number;
  articleId: number;
  locale: NewsLocale;
  outcome: 'published' | 'failed' | 'cancelled';
  reason?: string;
};

/**
 * Publishes scheduled versions when their time comes. Every process runs one; each takes due
 * jobs with FOR UPDATE SKIP LOCKED and publishes with a conditional update in the same
 * transaction, so a version goes out once however many processes run. It drains the queue as
 * soon as it starts: a time that passed while the server was down is published then.
 * A version that cannot go out (its text emptied, its cover gone) fails visibly, with the reason,
 * and waits for someone to retry.
 */
export function startPublicationWorker(
  db: Kysely<DB>,
  storage: FileStorage,
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
  options: { everyMs?: number; autostart?: boolean } = {},
) {
  const everyMs = options.everyMs ?? 2000;

  async function runOnce(): Promise<JobOutcome | null> {
    let taken: { id: number; article_id: number; locale: NewsLocale } | undefined;
    try {
      return await db.transaction().execute(async (trx) => {
        const r = newsRepository(trx);
        const job = await r.takeDue();
        if (!job) return null;
        taken = job;
        const base = { jobId: job.id, articleId: job.article_id, locale: job.locale };
        const version = await r.version(job.article_id, job.locale, true);
        if (version?.state !== 'scheduled') {
          await r.finishJob(job.id, 'cancelled', null);
          return { ...base, outcome: 'cancelled' as const };
        }
        const problem = await publicationProblem(r, storage, version);
        if (problem) {
          await r.finishJob(job.id, 'failed', problem);
          log.info({ job: job.id, article: job.article_id, reason: problem }, 'publication failed');
          return { ...base, outcome: 'failed' as const, reason: problem };
        }
        const published = await r.publishScheduled(job.article_id, job.locale);
        await r.finishJob(job.id, published ? 'done' : 'cancelled', null);
        if (published)
          log.info({ job: job.id, article: job.article_id, locale: job.locale }, 'published');
        return { ...base, outcome: published ? ('published' as const) : ('cancelled' as const) };
      });
    } catch (error) {
      // the transaction is gone: the job says why, rather than being taken again and again
      log.error({ err: error, job: taken?.id }, 'publication job');
      if (!taken) throw error;
      await newsRepository(db).finishJob(taken.id, 'failed', (error as Error).message);
      return {
        jobId: taken.id,
        articleId: taken.article_id,
        locale: taken.locale,
        outcome: 'failed',
        reason: (error as Error).message,
      };
    }
  }

  const poller = startPoller({
    name: 'publication worker',
    everyMs,
    log,
    takeOne: runOnce,
    start: options.autostart === false ? 'never' : 'now',
  });

  return { runOnce, drain: poller.drain, stop: poller.stop };
}
