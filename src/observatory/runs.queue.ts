import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { queueFigures } from '../kernel/job-queue.ts';
import type { JobQueue } from '../kernel/module.ts';
import { runsQueueRepository } from './runs-queue.repository.ts';

const STATES = ['running', 'done', 'failed'] as const;

/**
 * The observatory's computations as the operator sees them. A request for one is kept in the
 * process that runs it, and its row written when it starts: none waits in the table.
 */
export function runsQueue(db: Kysely<DB>): JobQueue {
  const repo = runsQueueRepository(db);
  return {
    name: 'observatory_runs',
    title: (t) => t.observatory.queue,
    states: STATES,
    figures: async () => queueFigures(STATES, await repo.byState(), null),
    async failures(limit) {
      return (await repo.failed(limit)).map((r) => ({
        id: r.id,
        failedAt: r.finished_at ?? r.started_at,
        what: (t) => t.observatory.runReason(r.reason),
        error: r.error ?? '',
        attempts: null,
      }));
    },
  };
}
