import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { queueFigures } from '../kernel/job-queue.ts';
import type { JobQueue } from '../kernel/module.ts';
import { publicationQueueRepository } from './publication-queue.repository.ts';

const STATES = ['waiting', 'done', 'failed', 'cancelled'] as const;

/** Scheduled publications as the operator sees them: a waiting job is late once its time came. */
export function publicationQueue(db: Kysely<DB>): JobQueue {
  const repo = publicationQueueRepository(db);
  return {
    name: 'news_jobs',
    title: (t) => t.news.admin.queue,
    states: STATES,
    figures: async () => queueFigures(STATES, await repo.byState(), 'waiting'),
    async failures(limit) {
      return (await repo.failed(limit)).map((r) => ({
        id: r.id,
        failedAt: r.finished_at ?? r.run_at,
        what: () => `${r.title ?? `#${r.article_id}`} (${r.locale})`,
        error: r.error ?? '',
        attempts: r.attempts,
      }));
    },
  };
}
