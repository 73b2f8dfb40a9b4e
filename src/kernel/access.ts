import type { Role } from '../db/schema.ts';

/**
 * The role × route matrix, as each capability declares it next to its routes:
 * ok: the route serves this role (any answer but 401/403: a form may answer 422 to an empty post)
 * login: a visitor is asked to sign in (401)
 * deny: refused (403)
 * `test/access.integration.test.ts` checks every route of the server against its line.
 */
export type Outcome = 'ok' | 'login' | 'deny';
export type Who = 'visitor' | Role;
export const WHO: readonly Who[] = ['visitor', 'member', 'reviewer', 'staff', 'admin'];

export type AccessLine = Readonly<Record<Who, Outcome>>;
/** 'METHOD /path' (the route's pattern, as Fastify knows it) → who gets what */
export type AccessLines = Readonly<Record<string, AccessLine>>;

export const everyone: AccessLine = {
  visitor: 'ok',
  member: 'ok',
  reviewer: 'ok',
  staff: 'ok',
  admin: 'ok',
};
export const signedInOnly: AccessLine = { ...everyone, visitor: 'login' };
export const staffOnly: AccessLine = {
  visitor: 'login',
  member: 'deny',
  reviewer: 'deny',
  staff: 'ok',
  admin: 'ok',
};
export const adminOnly: AccessLine = { ...staffOnly, staff: 'deny' };
/** reviewers of juries, and staff (who may act as reviewers) */
export const reviewersAndStaff: AccessLine = { ...staffOnly, reviewer: 'ok' };
