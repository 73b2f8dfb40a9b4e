import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, VISITOR } from '../kernel/policy.ts';
import type { AccountsService } from './accounts.service.ts';

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

/** Finds who is asking from the session cookie; an unknown or expired cookie is dropped. */
export function registerSessionHook(app: FastifyInstance, accounts: AccountsService) {
  // set on every request by the hook below
  app.decorateRequest('actor', null as unknown as { getter: () => Actor });
  app.addHook('onRequest', async (request, reply) => {
    request.actor = VISITOR;
    request.sessionId = null;
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId) return;
    const user = sessionId.length <= 100 ? await accounts.userForSession(sessionId) : undefined;
    if (!user) {
      clearSessionCookie(reply);
      return;
    }
    request.sessionId = sessionId;
    request.actor = {
      kind: 'user',
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        locale: user.locale,
        createdAt: user.created_at,
      },
    };
  });
}
