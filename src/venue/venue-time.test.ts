import { describe, expect, it } from 'vitest';
import { dayStart, localInstant, parisDateTime, parisDay, parisTime } from './venue-time.ts';

describe('Paris times for bookings', () => {
  it('refuses the hour skipped on the last Sunday of March', () => {
    expect(localInstant('2027-03-28', 2 * 60 + 30)).toEqual({ ok: false, problem: 'nonexistent' });
    expect(localInstant('2027-03-28', 2 * 60)).toEqual({ ok: false, problem: 'nonexistent' });
    const three = localInstant('2027-03-28', 3 * 60);
    expect(three.ok && three.instant.toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('reads the hour lived twice on the last Sunday of October as the first (summer time)', () => {
    const r = localInstant('2027-10-31', 2 * 60 + 30);
    expect(r).toEqual({ ok: true, instant: new Date('2027-10-31T00:30:00.000Z'), ambiguous: true });
    const plain = localInstant('2027-10-31', 4 * 60);
    expect(plain.ok && plain.ambiguous).toBe(false);
  });

  it('gives days of 23 and 25 hours on the changes, and reads instants back in Paris', () => {
    const hours = (a: string, b: string) =>
      (dayStart(b).getTime() - dayStart(a).getTime()) / 3_600_000;
    expect(hours('2027-03-28', '2027-03-29')).toBe(23);
    expect(hours('2027-10-31', '2027-11-01')).toBe(25);
    expect(hours('2027-01-05', '2027-01-06')).toBe(24);
    const at = new Date('2027-07-14T22:30:00Z');
    expect([parisDay(at), parisTime(at), parisDateTime(at)]).toEqual([
      '2027-07-15',
      '00:30',
      '2027-07-15 00:30',
    ]);
  });

  it('refuses dates and times that are not', () => {
    expect(localInstant('2027-02-30', 600)).toEqual({ ok: false, problem: 'not_a_time' });
    expect(localInstant('2027-01-05', 1441)).toEqual({ ok: false, problem: 'not_a_time' });
  });
});
