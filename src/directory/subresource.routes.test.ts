import { describe, expect, it } from 'vitest';
import { coreError } from '../kernel/errors.ts';
import { idOf, sentIds } from './subresource.routes.ts';

const A = '0b6f3a52-5d1e-4c55-9a43-3a3b1f6f0c11';
const B = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

describe('a sub-resource’s addresses and forms', () => {
  it('reads a record’s id from the address, and anything else as a page that does not exist', () => {
    expect(idOf('12')).toBe(12);
    for (const raw of ['0', 'abc', '-3', '1.5', '1234567890', '', '12 ']) {
      let thrown: unknown;
      try {
        idOf(raw);
      } catch (error) {
        thrown = error;
      }
      expect(coreError.is(thrown, 'NOT_FOUND'), raw).toBe(true);
    }
  });

  it('keeps only the well-formed ids a form sent, one or several, and at most fifty', () => {
    expect(sentIds({ other_id: A }, 'other_id')).toEqual([A]);
    expect(sentIds({ investor_id: [A, 'not-an-id', 7, B] }, 'investor_id')).toEqual([A, B]);
    expect(sentIds({}, 'other_id')).toEqual([]);
    expect(sentIds(undefined, 'other_id')).toEqual([]);
    expect(sentIds({ other_id: Array(80).fill(A) }, 'other_id')).toHaveLength(50);
  });
});
