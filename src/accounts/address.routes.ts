import type { FastifyInstance } from 'fastify';
import { requireUser } from '../kernel/policy.ts';
import { accountsError } from './accounts.errors.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import type { AccountsService } from './accounts.service.ts';
import { VerifyPage } from './pages/AuthPages.tsx';
import type { ThrottleService } from './throttle.service.ts';

const tokenOf = (source: unknown) =>
  String((source as { token?: unknown } | undefined)?.token ?? '').slice(0, 200);

/**
 * Confirming an e-mail address: the link mailed opens a page with one button (a mail scanner
 * that opens links confirms nothing), and the account page sends a new link, a few times per
 * quarter of an hour.
 */
export function addressRoutes(
  app: FastifyInstance,
  accounts: AccountsService,
  throttle: ThrottleService,
) {
  app.get('/confirmer-adresse', { config: { access: can.useForms } }, async (request, reply) => {
    const token = tokenOf(request.query);
    const email = token === '' ? undefined : await accounts.addressOfLink(token);
    const ctx = await request.pageContext();
    return reply.html(VerifyPage({ ctx, token, email }), email === undefined ? 400 : 200);
  });

  app.post('/confirmer-adresse', { config: { access: can.useForms } }, async (request, reply) => {
    const token = tokenOf(request.body);
    try {
      const user = await accounts.verifyAddress(token);
      const same = request.actor.kind === 'user' && request.actor.user.id === user.id;
      return same
        ? reply.flash('addressVerified').redirect(request.href('/compte'), 303)
        : reply.flash('addressVerifiedSignIn').redirect(request.href('/connexion'), 303);
    } catch (error) {
      if (!accountsError.is(error, 'TOKEN_INVALID')) throw error;
      const ctx = await request.pageContext();
      return reply.html(VerifyPage({ ctx, token, email: undefined }), 400);
    }
  });

  app.post(
    '/compte/confirmer-adresse',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      if (user.verified)
        return reply.flash('alreadyVerified').redirect(request.href('/compte'), 303);
      const gate = await throttle.enter('resend', { subject: user.id });
      if (!gate.open) {
        reply.header('retry-after', String(gate.retryAfter));
        throw accountsError('TOO_MANY_ATTEMPTS');
      }
      const sent = await accounts.resendVerification(user.id);
      return reply
        .flash(sent ? 'verificationResent' : 'alreadyVerified')
        .redirect(request.href('/compte'), 303);
    },
  );
}
