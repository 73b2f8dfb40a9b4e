import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import { AppError } from '../kernel/errors.ts';
import { emptyForm } from '../web/forms.tsx';
import { fieldErrors, formValues } from '../web/validation.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import { safeNext, signInForm, signUpForm } from './accounts.schema.ts';
import type { AccountsService } from './accounts.service.ts';
import { SignInPage, SignUpPage } from './pages/AuthPages.tsx';
import { clearSessionCookie, setSessionCookie } from './session.hooks.ts';
import type { ThrottleService } from './throttle.service.ts';

/**
 * A form refused by its limit: 429, the seconds to wait in Retry-After, and the form again with
 * the same message whether or not the address typed has an account.
 */
export function tooMany(reply: FastifyReply, retryAfter: number, page: ReactElement) {
  reply.header('retry-after', String(retryAfter));
  return reply.html(page, 429);
}

/**
 * Ends the request's session, if any, and starts a new one: a new session id and a new CSRF
 * secret at every sign-in, so nothing a browser held before signing in works after.
 */
export async function signInAs(
  accounts: AccountsService,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
) {
  if (request.sessionId) await accounts.endSession(request.sessionId);
  const sessionId = await accounts.startSession(
    userId,
    request.headers['user-agent'] ?? null,
    request.ip,
  );
  setSessionCookie(request, reply, sessionId);
  reply.renewCsrf();
}

/** Signing in, signing up, signing out. */
export function signInRoutes(
  app: FastifyInstance,
  accounts: AccountsService,
  throttle: ThrottleService,
) {
  app.get('/connexion', { config: { access: can.useForms } }, async (request, reply) => {
    if (request.actor.kind === 'user') return reply.redirect(request.href('/compte'));
    // only a page of this site is carried to the form (the post checks it again)
    const asked = (request.query as { next?: unknown }).next;
    const next = typeof asked === 'string' && asked !== '' ? safeNext(asked) : undefined;
    return reply.html(
      SignInPage({ ctx: await request.pageContext(), form: emptyForm(next ? { next } : {}) }),
    );
  });

  app.post('/connexion', { config: { access: can.useForms } }, async (request, reply) => {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    const parsed = signInForm.safeParse(request.body);
    if (!parsed.success) {
      return reply.html(
        SignInPage({ ctx, form: { values, errors: fieldErrors(parsed.error, ctx.t) } }),
        422,
      );
    }
    const gate = await throttle.enter('signIn', {
      client: request.ip,
      subject: parsed.data.email,
    });
    if (!gate.open) {
      const message = ctx.t.signIn.tooMany(gate.retryAfter);
      return tooMany(
        reply,
        gate.retryAfter,
        SignInPage({ ctx, form: { values, errors: {}, message } }),
      );
    }
    try {
      const user = await accounts.authenticate(parsed.data.email, parsed.data.password);
      await gate.passed();
      await signInAs(accounts, request, reply, user.id);
      return reply.redirect(request.href(safeNext(parsed.data.next)), 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS') {
        return reply.html(
          SignInPage({ ctx, form: { values, errors: {}, message: ctx.t.signIn.invalid } }),
          401,
        );
      }
      throw error;
    }
  });

  app.get('/inscription', { config: { access: can.useForms } }, async (request, reply) => {
    if (request.actor.kind === 'user') return reply.redirect(request.href('/compte'));
    return reply.html(SignUpPage({ ctx: await request.pageContext(), form: emptyForm() }));
  });

  app.post('/inscription', { config: { access: can.useForms } }, async (request, reply) => {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    const parsed = signUpForm.safeParse(request.body);
    if (!parsed.success) {
      return reply.html(
        SignUpPage({ ctx, form: { values, errors: fieldErrors(parsed.error, ctx.t) } }),
        422,
      );
    }
    const gate = await throttle.enter('signUp', {
      client: request.ip,
      subject: parsed.data.email,
    });
    if (!gate.open) {
      const message = ctx.t.signIn.tooMany(gate.retryAfter);
      return tooMany(
        reply,
        gate.retryAfter,
        SignUpPage({ ctx, form: { values, errors: {}, message } }),
      );
    }
    // the same answer for a new address and for one that has an account (its owner is told by
    // mail): the page says a mail was sent to confirm the address; nobody is signed in
    await accounts.signUp({ ...parsed.data, locale: request.locale });
    return reply.flash('signUpSent').redirect(request.href('/connexion'), 303);
  });

  app.post('/deconnexion', { config: { access: can.signOut } }, async (request, reply) => {
    if (request.sessionId) await accounts.endSession(request.sessionId);
    clearSessionCookie(reply);
    return reply.flash('signedOut').redirect(request.href('/connexion'), 303);
  });
}
