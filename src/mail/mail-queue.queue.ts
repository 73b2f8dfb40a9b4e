import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { queueFigures } from '../kernel/job-queue.ts';
import type { JobQueue } from '../kernel/module.ts';
import { mailQueueFiguresRepository } from './mail-queue-figures.repository.ts';

const STATES = ['waiting', 'sending', 'sent', 'failed'] as const;

/**
 * The mail queue as the operator sees it. A message that failed for good keeps the time of its
 * last try (the one it was due at), shown as when it failed.
 */
export function mailQueue(db: Kysely<DB>): JobQueue {
  const repo = mailQueueFiguresRepository(db);
  return {
    name: 'mail_queue',
    title: (t) => t.admin.mailQueue,
    states: STATES,
    figures: async () => queueFigures(STATES, await repo.byState(), 'waiting'),
    async failures(limit) {
      return (await repo.failed(limit)).map((r) => ({
        id: Number(r.id),
        failedAt: r.next_attempt_at,
        what: () => r.subject,
        error: r.last_error ?? '',
        attempts: r.attempts,
      }));
    },
  };
}
