import { describe, expect, it } from 'vitest';
import { coreError } from '../kernel/errors.ts';
import { directoryError } from './directory.errors.ts';

describe('the directory’s error codes', () => {
  it('answer a refused rule with its own code, status and message in both languages', () => {
    const stale = directoryError('STALE_VERSION');
    expect(stale.code).toBe('STALE_VERSION');
    expect(stale.status).toBe(409);
    expect(stale.text('fr')).toContain('Rien n’a été enregistré');
    expect(stale.text('en')).toContain('Nothing was saved');
    expect(directoryError('MERGE_TARGET_UNKNOWN').status).toBe(422);
  });

  it('are told apart from each other and from the platform’s conflict', () => {
    const decided = directoryError('CLAIM_ALREADY_DECIDED');
    expect(directoryError.is(decided, 'CLAIM_ALREADY_DECIDED')).toBe(true);
    expect(directoryError.is(decided, 'MERGE_INTO_ITSELF')).toBe(false);
    expect(directoryError.is(decided)).toBe(true);
    expect(directoryError.is(coreError('CONFLICT'))).toBe(false);
    expect(coreError.is(decided)).toBe(false);
    expect(directoryError.is(new Error('STALE_VERSION'))).toBe(false);
  });
});
