import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { queueFigures } from '../kernel/job-queue.ts';
import type { JobQueue } from '../kernel/module.ts';
import { importsQueueRepository } from './imports-queue.repository.ts';

const STATES = ['queued', 'running', 'done', 'failed'] as const;

/** The imports as the operator sees them: a queued import waits since its upload. */
export function importsQueue(db: Kysely<DB>): JobQueue {
  const repo = importsQueueRepository(db);
  return {
    name: 'imports',
    title: (t) => t.imports.queue,
    states: STATES,
    figures: async () => queueFigures(STATES, await repo.byState(), 'queued'),
    async failures(limit) {
      return (await repo.failed(limit)).map((r) => ({
        id: r.id,
        failedAt: r.failedAt,
        what: () => (r.files.length > 0 ? r.files.join(', ') : r.kind),
        error: r.error ?? '',
        attempts: null,
      }));
    },
  };
}
