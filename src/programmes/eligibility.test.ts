import { describe, expect, it } from 'vitest';
import { eligibilityRules, ineligibilities, type OrganisationFacts } from './eligibility.ts';

const accelerator: OrganisationFacts = {
  status: 'active',
  kind: 'accelerator',
  inTerritory: true,
  createdOn: '2012-05-01',
  headcountMin: 10,
  headcountMax: 19,
};

const rules = eligibilityRules.parse([
  { rule: 'active' },
  { rule: 'in_territory' },
  { rule: 'kind', kinds: ['accelerator'] },
  { rule: 'created_after', year: 2010 },
  { rule: 'headcount_below', max: 250 },
]);

describe('eligibility over the directory', () => {
  it('finds an organisation that meets every rule eligible', () => {
    expect(ineligibilities(rules, accelerator)).toEqual([]);
    expect(ineligibilities([], { ...accelerator, status: 'closed' })).toEqual([]);
  });

  it('gives every reason an organisation fails, not only the first', () => {
    expect(
      ineligibilities(rules, {
        status: 'closed',
        kind: 'sme',
        inTerritory: false,
        createdOn: '2010-12-31',
        headcountMin: 250,
        headcountMax: 499,
      }),
    ).toEqual([
      { reason: 'inactive' },
      { reason: 'not_in_territory' },
      { reason: 'wrong_kind', kinds: ['accelerator'] },
      { reason: 'created_too_early', year: 2010 },
      { reason: 'headcount_too_high', max: 250 },
    ]);
  });

  it('says so when the directory does not know the creation or the headcount', () => {
    expect(
      ineligibilities(rules, {
        ...accelerator,
        createdOn: null,
        headcountMin: null,
        headcountMax: null,
      }),
    ).toEqual([{ reason: 'creation_unknown' }, { reason: 'headcount_unknown' }]);
  });

  it('reads a band by its top, an open band by its bottom', () => {
    const below = (min: number | null, max: number | null) =>
      ineligibilities([{ rule: 'headcount_below', max: 250 }], {
        ...accelerator,
        headcountMin: min,
        headcountMax: max,
      });
    expect(below(200, 249)).toEqual([]);
    expect(below(250, 499)).toEqual([{ reason: 'headcount_too_high', max: 250 }]);
    expect(below(5000, null)).toEqual([{ reason: 'headcount_too_high', max: 250 }]);
  });

  it('refuses rules it does not know', () => {
    expect(eligibilityRules.safeParse([{ rule: 'rich' }]).success).toBe(false);
    expect(eligibilityRules.safeParse([{ rule: 'kind', kinds: ['unicorn'] }]).success).toBe(false);
    expect(eligibilityRules.safeParse([{ rule: 'kind', kinds: [] }]).success).toBe(false);
  });
});
