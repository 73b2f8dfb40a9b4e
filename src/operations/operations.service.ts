import { createHash, timingSafeEqual } from 'node:crypto';
import type { JobFailure, JobQueue } from '../kernel/module.ts';

/** how many failures of each queue the back office lists */
export const FAILURES_SHOWN = 20;
const WEEK_MS = 7 * 86_400_000;

export type QueueFailures = { queue: JobQueue; failures: JobFailure[] };

/** The operator's view of the background work: every queue's recent failures. */
export function operationsService(queues: () => readonly JobQueue[], clock = () => new Date()) {
  return {
    /** each queue's latest failures, newest first, in the queues' order */
    async failures(limit = FAILURES_SHOWN): Promise<QueueFailures[]> {
      const result: QueueFailures[] = [];
      // one queue after the other: the embedded database answers one query at a time anyway
      for (const queue of queues()) result.push({ queue, failures: await queue.failures(limit) });
      return result;
    },

    /** the failures of the last seven days (at most FAILURES_SHOWN a queue), for the card */
    async failedLastWeek(): Promise<number> {
      const since = clock().getTime() - WEEK_MS;
      const all = await this.failures();
      return all.flatMap((q) => q.failures).filter((f) => f.failedAt.getTime() >= since).length;
    },
  };
}

export type OperationsService = ReturnType<typeof operationsService>;

/**
 * Whether a presented token is the configured one, in a time that does not depend on where they
 * differ (both are hashed first, so their lengths do not show either).
 */
export function sameToken(presented: string, expected: string | undefined): boolean {
  if (expected === undefined) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
