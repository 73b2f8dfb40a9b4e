import { describe, expect, it } from 'vitest';
import { instantToParis, parisToInstant } from './paris-time.ts';

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
});
