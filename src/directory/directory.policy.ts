import {
  type Actor,
  actsAsMember,
  anyone,
  definePolicy,
  isStaff,
  signedIn,
} from '../kernel/policy.ts';

/** a claim accepted at once, as its revocation sees it */
export type AutomaticClaim = {
  /** when the person who asks became a member of the organisation; null: not a member */
  memberSince: Date | null;
  /** when the claim made its author a member */
  claimedAt: Date;
};

export const directoryPolicy = definePolicy({
  search: anyone,
  viewProfile: anyone,
  export: anyone,
  /** a member of the organisation (checked by the service) or staff */
  edit: signedIn,
  claim: signedIn,
  moderate: isStaff,
  /**
   * Revoking a membership gained at once by an address's domain: staff, or a member (with a
   * verified address) who was one before it: a newcomer cannot remove those who were there first.
   */
  revokeClaim: (a: Actor, claim: AutomaticClaim) =>
    isStaff(a) ||
    (claim.memberSince !== null &&
      actsAsMember(a, { member: true }) &&
      claim.memberSince < claim.claimedAt),
});

/**
 * Whether the person acts as a member of this organisation: one of its members, under the
 * platform's rule (`actsAsMember`: an unverified address's membership does not count). The one
 * place the directory asks it: editing, relations and rounds, revoking.
 */
export async function actsForOrganisation(
  members: { isMember(organisationId: string, userId: string): Promise<boolean> },
  actor: Actor,
  organisationId: string,
): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  return actsAsMember(actor, { member: await members.isMember(organisationId, actor.user.id) });
}
