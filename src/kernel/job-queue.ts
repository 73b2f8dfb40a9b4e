import type { QueueFigures } from './module.ts';

/** one line of a queue's count by state, as its repository reads it */
export type StateCount = { state: string; count: number; oldest_seconds: number | null };

/**
 * A queue's figures from its count by state: every state it knows (0 when none is in it), and
 * the age of the oldest job in its waiting state (0 when none waits).
 */
export function queueFigures(
  states: readonly string[],
  rows: readonly StateCount[],
  waitingState: string | null,
): QueueFigures {
  const counts: Record<string, number> = Object.fromEntries(states.map((s) => [s, 0]));
  let oldestWaitingSeconds = 0;
  for (const row of rows) {
    counts[row.state] = Number(row.count);
    if (row.state === waitingState && row.oldest_seconds !== null) {
      oldestWaitingSeconds = Math.max(0, Number(row.oldest_seconds));
    }
  }
  return { counts, oldestWaitingSeconds };
}
