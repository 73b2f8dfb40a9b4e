import { describe, expect, it } from 'vitest';
import type { Actor } from '../kernel/policy.ts';
import { websiteVouches } from './claims.service.ts';
import { directoryPolicy as can } from './directory.policy.ts';

describe('a website that vouches for the addresses of its domain', () => {
  const at = '2025-01-01';
  it.each([
    ['staff', 'https://acme.fr', true],
    ['register', 'https://acme.fr', true],
    ['self', 'https://acme.fr', false],
    [undefined, 'https://acme.fr', false],
    ['staff', null, false],
  ])('from %s (%s): %s', (source, website, expected) => {
    const provenance: Record<string, { source: string; at: string }> =
      source === undefined ? {} : { website: { source, at } };
    expect(websiteVouches({ website, provenance })).toBe(expected);
  });
});

describe('who revokes a membership given at once', () => {
  const person = (role: 'member' | 'staff', verified: boolean): Actor => ({
    kind: 'user',
    user: {
      id: 'u',
      name: 'P',
      email: 'p@example.org',
      role,
      locale: 'fr',
      createdAt: new Date(),
      verified,
    },
  });
  const claimedAt = new Date('2025-06-01T10:00:00Z');
  const before = new Date('2025-05-01T10:00:00Z');
  it.each([
    ['staff, a member of nothing', person('staff', false), null, true],
    ['a member from before, verified', person('member', true), before, true],
    ['a member from before, not verified', person('member', false), before, false],
    ['the newcomer itself', person('member', true), claimedAt, false],
    ['a member who came later', person('member', true), new Date('2025-07-01'), false],
    ['a person who is not a member', person('member', true), null, false],
  ])('%s: %s', (_label, actor, memberSince, expected) => {
    expect(can.revokeClaim(actor, { memberSince, claimedAt })).toBe(expected);
  });
  it('never a visitor', () => {
    expect(can.revokeClaim({ kind: 'visitor' }, { memberSince: before, claimedAt })).toBe(false);
  });
});
