import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, type SignedInUser, VISITOR } from '../kernel/policy.ts';
import { accountsError } from './accounts.errors.ts';
import type { AccountsService } from './accounts.service.ts';
import type { ApiTokensService } from './api-tokens.service.ts';
import type { UserRow } from './users.repository.ts';

export const SESSION_COOKIE = 'totem_session';
const MAX_AGE_S = 30 * 86_400;

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string) {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: MAX_AGE_S,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

function signedInUser(user: UserRow): SignedInUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    locale: user.locale,
    createdAt: user.created_at,
    verified: user.email_verified_at !== null,
  };
}

/**
 * The token of an `Authorization: Bearer …` header on an API address; undefined when the request
 * has none (another scheme, or a page: tokens open the API only).
 */
export function bearerToken(request: FastifyRequest): string | undefined {
  if (!request.url.startsWith('/api/')) return undefined;
  const header = request.headers.authorization;
  const match = header ? /^Bearer(?:\s+(.*))?$/i.exec(header.trim()) : null;
  return match ? (match[1] ?? '').trim() : undefined;
}

/**
 * Finds who is asking: from a personal API token on an API address (a wrong one is refused, with
 * no fall back to the cookie), otherwise from the session cookie (an unknown or expired one is
 * dropped). Both are read at every request, so a disabled account stops at its next one.
 */
export function registerSessionHook(
  app: FastifyInstance,
  accounts: AccountsService,
  apiTokens: ApiTokensService,
) {
  // set on every request by the hook below
  app.decorateRequest('actor', null as unknown as { getter: () => Actor });
  app.addHook('onRequest', async (request, reply) => {
    request.actor = VISITOR;
    request.sessionId = null;
    const bearer = bearerToken(request);
    if (bearer !== undefined) {
      const user = await apiTokens.userFor(bearer);
      if (!user) throw accountsError('API_TOKEN_INVALID');
      request.actor = { kind: 'user', user: signedInUser(user), via: 'token' };
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId) return;
    const user =
      sessionId.length <= 100 ? await accounts.userForSession(sessionId, request.ip) : undefined;
    if (!user) {
      clearSessionCookie(reply);
      return;
    }
    request.sessionId = sessionId;
    request.actor = { kind: 'user', user: signedInUser(user), via: 'session' };
  });
}
