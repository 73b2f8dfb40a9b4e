import { describe, expect, it } from 'vitest';
import type { JobQueue } from '../kernel/module.ts';
import { operationsService, sameToken } from './operations.service.ts';

describe('the metrics token', () => {
  const token = 'a'.repeat(40);
  it('is accepted only when it is the configured one', () => {
    expect(sameToken(token, token)).toBe(true);
    expect(sameToken(`${token}b`, token)).toBe(false);
    expect(sameToken(token.slice(1), token)).toBe(false);
    expect(sameToken('', token)).toBe(false);
  });
  it('is refused when none is configured', () => {
    expect(sameToken('', undefined)).toBe(false);
    expect(sameToken(token, undefined)).toBe(false);
  });
});

describe('the failures of the last week', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const failure = (id: number, daysAgo: number) => ({
    id,
    failedAt: new Date(now.getTime() - daysAgo * 86_400_000),
    what: () => 'x',
    error: 'e',
    attempts: null,
  });
  const queue = (name: string, failures: ReturnType<typeof failure>[]): JobQueue => ({
    name,
    title: () => name,
    states: ['failed'],
    figures: async () => ({ counts: {}, oldestWaitingSeconds: 0 }),
    failures: async (limit) => failures.slice(0, limit),
  });

  it('count every queue’s failures of the last seven days only', async () => {
    const service = operationsService(
      () => [queue('a', [failure(1, 1), failure(2, 8)]), queue('b', [failure(3, 6.9)])],
      () => now,
    );
    expect(await service.failedLastWeek()).toBe(2);
    const listed = await service.failures();
    expect(listed.map((q) => [q.queue.name, q.failures.map((f) => f.id)])).toEqual([
      ['a', [1, 2]],
      ['b', [3]],
    ]);
  });
});
