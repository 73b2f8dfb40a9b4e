import { type Actor, isStaff } from '../kernel/policy.ts';

/**
 * Who records relations between organisations and funding rounds.
 *
 * - Staff add, correct and remove every relation and every round; what they record is marked
 *   "staff" (said by the hub's team), and a record they correct becomes theirs.
 * - A member of an organisation adds relations between its organisation and another (in either
 *   direction: "we are incubated by X" as well as "we invest in Y") and its organisation's funding
 *   rounds; what it records is marked "self" (self-declared) wherever it shows, on both profiles.
 * - A member changes or removes only self-declared records of its organisation: a relation is its
 *   organisation's when its organisation is one of the two sides, so the members of either side
 *   may correct or withdraw what the other declared about them. What staff recorded, or what
 *   came from the official register, stays as it is until staff change it.
 * - The investors of a round are named by the funded organisation; being named does not give
 *   their members a say over the round.
 */
export type ConnectionsAccess = 'staff' | 'member';

export function connectionsAccess(actor: Actor, isMember: boolean): ConnectionsAccess | null {
  if (isStaff(actor)) return 'staff';
  return actor.kind === 'user' && isMember ? 'member' : null;
}

export function mayChangeRecord(access: ConnectionsAccess, source: string): boolean {
  return access === 'staff' || source === 'self';
}
