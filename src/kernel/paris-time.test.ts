import { describe, expect, it } from 'vitest';
import { instantToParis, parisLocalTime, parisToInstant } from './paris-time.ts';

describe('Paris wall-clock times', () => {
  it('reads winter and summer times with their offsets', () => {
    expect(parisToInstant('2014-11-14T09:30')?.toISOString()).toBe('2014-11-14T08:30:00.000Z');
    expect(parisToInstant('2026-07-01T12:00')?.toISOString()).toBe('2026-07-01T10:00:00.000Z');
  });

  it('writes an instant back as the same wall clock', () => {
    expect(instantToParis(new Date('2014-11-14T08:30:00Z'))).toBe('2014-11-14T09:30');
    expect(instantToParis(new Date('2026-07-01T10:00:00Z'))).toBe('2026-07-01T12:00');
  });

  it('refuses what is not a time', () => {
    for (const bad of ['', 'demain', '2014-13-01T10:00', '2014-11-14', '2014-11-14T25:00']) {
      expect(parisToInstant(bad), bad).toBeNull();
    }
  });

  it('crosses the last Sunday of March: the skipped hour is refused, its edges are exact', () => {
    // 29 March 2026: at 02:00 (01:00 UTC) clocks go forward to 03:00
    const at = (local: string) => {
      const r = parisLocalTime(local);
      return r.ok ? r.instant.toISOString() : r.problem;
    };
    expect(at('2026-03-29T01:59')).toBe('2026-03-29T00:59:00.000Z');
    expect(at('2026-03-29T02:00')).toBe('skipped');
    expect(at('2026-03-29T02:30')).toBe('skipped');
    expect(at('2026-03-29T03:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-28T12:00')).toBe('2026-03-28T11:00:00.000Z');
    expect(at('2026-03-30T12:00')).toBe('2026-03-30T10:00:00.000Z');
    expect(instantToParis(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00');
    expect(instantToParis(new Date('2026-03-29T00:59:00Z'))).toBe('2026-03-29T01:59');
  });

  it('crosses the last Sunday of October: the hour lived twice reads as winter time', () => {
    // 25 October 2026: at 03:00 (01:00 UTC) clocks go back to 02:00
    const at = (local: string) => {
      const r = parisLocalTime(local);
      return r.ok ? r.instant.toISOString() : r.problem;
    };
    expect(at('2026-10-25T01:59')).toBe('2026-10-24T23:59:00.000Z');
    expect(at('2026-10-25T02:30')).toBe('2026-10-25T01:30:00.000Z');
    expect(at('2026-10-25T03:00')).toBe('2026-10-25T02:00:00.000Z');
    expect(at('2026-10-24T12:00')).toBe('2026-10-24T10:00:00.000Z');
    expect(at('2026-10-26T12:00')).toBe('2026-10-26T11:00:00.000Z');
    // both instants of the double hour show the same wall clock
    expect(instantToParis(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30');
    expect(instantToParis(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30');
  });

  it('refuses a day that does not exist rather than rolling it over', () => {
    expect(parisLocalTime('2026-02-31T10:00')).toEqual({ ok: false, problem: 'not_a_time' });
    expect(parisLocalTime('lundi')).toEqual({ ok: false, problem: 'not_a_time' });
  });
});
