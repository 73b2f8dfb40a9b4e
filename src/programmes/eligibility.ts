import { z } from 'zod';
import { KINDS } from '../directory/directory.schema.ts';

/** A call's conditions over the directory, as staff write them (all must hold). */
export const eligibilityRule = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('active') }).strict(),
  z.object({ rule: z.literal('in_territory') }).strict(),
  z.object({ rule: z.literal('kind'), kinds: z.array(z.enum(KINDS)).min(1) }).strict(),
  z
    .object({ rule: z.literal('created_after'), year: z.number().int().min(1800).max(2200) })
    .strict(),
  z
    .object({ rule: z.literal('headcount_below'), max: z.number().int().min(1).max(1_000_000) })
    .strict(),
]);
export const eligibilityRules = z.array(eligibilityRule).max(20);
export type EligibilityRule = z.infer<typeof eligibilityRule>;

/** what the directory says of an organisation, as the rules read it */
export type OrganisationFacts = {
  status: string;
  kind: string;
  /** an open establishment (or the head office) in the hub's territory */
  inTerritory: boolean;
  /** YYYY-MM-DD */
  createdOn: string | null;
  headcountMin: number | null;
  headcountMax: number | null;
};

export type Ineligibility =
  | { reason: 'inactive' | 'not_in_territory' | 'creation_unknown' | 'headcount_unknown' }
  | { reason: 'wrong_kind'; kinds: string[] }
  | { reason: 'created_too_early'; year: number }
  | { reason: 'headcount_too_high'; max: number };

function failure(rule: EligibilityRule, o: OrganisationFacts): Ineligibility | null {
  switch (rule.rule) {
    case 'active':
      return o.status === 'active' ? null : { reason: 'inactive' };
    case 'in_territory':
      return o.inTerritory ? null : { reason: 'not_in_territory' };
    case 'kind':
      return rule.kinds.includes(o.kind as never)
        ? null
        : { reason: 'wrong_kind', kinds: rule.kinds };
    case 'created_after': {
      if (!o.createdOn) return { reason: 'creation_unknown' };
      return Number(o.createdOn.slice(0, 4)) > rule.year
        ? null
        : { reason: 'created_too_early', year: rule.year };
    }
    case 'headcount_below': {
      // the top of the band counts (a band of 200–249 is below 250); an open band, its bottom
      const top = o.headcountMax ?? o.headcountMin;
      if (top === null) return { reason: 'headcount_unknown' };
      return top < rule.max ? null : { reason: 'headcount_too_high', max: rule.max };
    }
  }
}

/** Every rule the organisation fails, with its reason (none: eligible). */
export function ineligibilities(
  rules: readonly EligibilityRule[],
  organisation: OrganisationFacts,
): Ineligibility[] {
  return rules.map((r) => failure(r, organisation)).filter((f): f is Ineligibility => f !== null);
}
