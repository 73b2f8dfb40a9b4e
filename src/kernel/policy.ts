import type { Role } from '../db/schema.ts';
import type { SignedInUser } from '../web/context.ts';

/** Who is asking: a visitor, or a signed-in user with one role. */
export type Actor = { kind: 'visitor' } | { kind: 'user'; user: SignedInUser };

export type Rule = (actor: Actor) => boolean;

export const VISITOR: Actor = { kind: 'visitor' };

const roleRank: Record<Role, number> = { member: 0, reviewer: 1, staff: 2, admin: 3 };

export const anyone: Rule = () => true;
export const signedIn: Rule = (a) => a.kind === 'user';
export const visitorOnly: Rule = (a) => a.kind === 'visitor';
export const hasRole =
  (...roles: Role[]): Rule =>
  (a) =>
    a.kind === 'user' && roles.includes(a.user.role);
/** staff and admins */
export const isStaff: Rule = (a) => a.kind === 'user' && roleRank[a.user.role] >= roleRank.staff;
export const isAdmin: Rule = hasRole('admin');

/** A resource's policy: one rule per action, declared as data and tested as a role × action matrix. */
export type Policy<Action extends string> = Readonly<Record<Action, Rule>>;

export function definePolicy<Action extends string>(rules: Record<Action, Rule>): Policy<Action> {
  return Object.freeze(rules);
}
