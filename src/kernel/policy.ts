import type { Role } from '../db/schema.ts';
import { coreError } from './errors.ts';
import type { Locale } from './locale.ts';

/** A signed-in person, as every request and service sees them. */
export type SignedInUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  locale: Locale;
  createdAt: Date;
  /** the person proved the address by opening a link sent to it */
  verified: boolean;
};

/**
 * Who is asking: a visitor, or a signed-in user with one role. `via` says how they proved it: a
 * session cookie (a browser) or a personal API token (a script).
 */
export type Actor =
  | { kind: 'visitor' }
  | { kind: 'user'; user: SignedInUser; via?: 'session' | 'token' };

/** A rule over who asks, and optionally over the resource they ask about. */
export type Rule<Resource = void> = (actor: Actor, resource: Resource) => boolean;

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
/** reviewers, and staff (who may sit on a jury) */
export const isReviewerOrStaff: Rule = (a) =>
  a.kind === 'user' && roleRank[a.user.role] >= roleRank.reviewer;

/**
 * Acting as a member of an organisation (editing its profile, recording its relations and rounds,
 * proposing its news): the person is one of its members (the resource says so) and proved their
 * e-mail address. An account whose address is not verified is anyone's claim to that address: its
 * membership does not count until it is verified.
 */
export const actsAsMember: Rule<{ member: boolean }> = (a, membership) =>
  a.kind === 'user' && a.user.verified && membership.member;

/** A resource's policy: one rule per action, declared as data and tested as a role × action matrix. */
export type Policy<Actions extends Record<string, Rule<never>>> = Readonly<Actions>;

export function definePolicy<const Actions extends Record<string, Rule<never>>>(
  rules: Actions,
): Policy<Actions> {
  return Object.freeze(rules);
}

/**
 * Checks a rule for an actor and a resource, and refuses otherwise: a visitor is asked to sign in
 * (401), a signed-in person without the right is refused (403).
 */
export function authorize<Resource>(actor: Actor, rule: Rule<Resource>, resource: Resource): void {
  if (rule(actor, resource)) return;
  throw coreError(actor.kind === 'visitor' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
}

/** the signed-in user, or a 401 for a visitor */
export function requireUser(actor: Actor): SignedInUser {
  if (actor.kind !== 'user') throw coreError('UNAUTHENTICATED');
  return actor.user;
}
