import { describe, expect, it } from 'vitest';
import { queueFigures } from './job-queue.ts';

describe('a queue’s figures', () => {
  const states = ['waiting', 'done', 'failed'] as const;

  it('give every state, at 0 when no job is in it, and the waiting state’s oldest age', () => {
    const figures = queueFigures(
      states,
      [
        { state: 'waiting', count: 3, oldest_seconds: 42.5 },
        { state: 'done', count: 10, oldest_seconds: 9000 },
      ],
      'waiting',
    );
    expect(figures).toEqual({
      counts: { waiting: 3, done: 10, failed: 0 },
      oldestWaitingSeconds: 42.5,
    });
  });

  it('say 0 seconds when nothing waits, or the queue has no waiting state', () => {
    const done = [{ state: 'done', count: 2, oldest_seconds: 60 }];
    expect(queueFigures(states, done, 'waiting').oldestWaitingSeconds).toBe(0);
    expect(queueFigures(states, done, null).oldestWaitingSeconds).toBe(0);
    // a waiting job due in the future (a clock ahead of the database's) is not late
    const early = [{ state: 'waiting', count: 1, oldest_seconds: -3 }];
    expect(queueFigures(states, early, 'waiting').oldestWaitingSeconds).toBe(0);
  });
});
