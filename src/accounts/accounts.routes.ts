import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, coreError } from '../kernel/errors.ts';
import { emptyForm } from '../web/forms.tsx';
import { fieldErrors, formValues } from '../web/validation.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import {
  forgotForm,
  meResponse,
  resetForm,
  safeNext,
  signInForm,
  signUpForm,
} from './accounts.schema.ts';
import type { AccountsService } from './accounts.service.ts';
import { type AccountOrganisation, AccountPage } from './pages/AccountPage.tsx';
import { ForgotPage, ResetPage, SignInPage, SignUpPage } from './pages/AuthPages.tsx';
import { clearSessionCookie, setSessionCookie } from './session.hooks.ts';

/** Sign-in and reset are rate-limited per address and per client. */
const authLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

export function accountsRoutes(
  app: FastifyInstance,
  accounts: AccountsService,
  /** the organisations a person speaks for or asked to join (from the directory) */
  organisationsOf: (userId: string) => Promise<AccountOrganisation[]> = async () => [],
) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  async function signInAs(request: FastifyRequest, reply: FastifyReply, userId: string) {
    if (request.sessionId) await accounts.endSession(request.sessionId);
    const sessionId = await accounts.startSession(userId, request.headers['user-agent'] ?? null);
    setSessionCookie(request, reply, sessionId);
  }

  app.get('/connexion', { config: { access: can.useForms } }, async (request, reply) => {
    if (request.actor.kind === 'user') return reply.redirect(request.href('/compte'));
    const next = (request.query as { next?: string }).next;
    return reply.html(
      SignInPage({ ctx: await request.pageContext(), form: emptyForm(next ? { next } : {}) }),
    );
  });

  app.post(
    '/connexion',
    { config: { access: can.useForms, ...authLimit } },
    async (request, reply) => {
      const ctx = await request.pageContext();
      const values = formValues(request.body);
      const parsed = signInForm.safeParse(request.body);
      if (!parsed.success) {
        return reply.html(
          SignInPage({ ctx, form: { values, errors: fieldErrors(parsed.error, ctx.t) } }),
          422,
        );
      }
      try {
        const user = await accounts.authenticate(parsed.data.email, parsed.data.password);
        await signInAs(request, reply, user.id);
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
    },
  );

  app.get('/inscription', { config: { access: can.useForms } }, async (request, reply) => {
    if (request.actor.kind === 'user') return reply.redirect(request.href('/compte'));
    return reply.html(SignUpPage({ ctx: await request.pageContext(), form: emptyForm() }));
  });

  app.post(
    '/inscription',
    { config: { access: can.useForms, ...authLimit } },
    async (request, reply) => {
      const ctx = await request.pageContext();
      const values = formValues(request.body);
      const parsed = signUpForm.safeParse(request.body);
      if (!parsed.success) {
        return reply.html(
          SignUpPage({ ctx, form: { values, errors: fieldErrors(parsed.error, ctx.t) } }),
          422,
        );
      }
      try {
        const user = await accounts.signUp({ ...parsed.data, locale: request.locale });
        await signInAs(request, reply, user.id);
        return reply.flash('signedUp').redirect(request.href('/compte'), 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'EMAIL_TAKEN') {
          return reply.html(
            SignUpPage({ ctx, form: { values, errors: { email: ctx.t.signUp.emailTaken } } }),
            409,
          );
        }
        throw error;
      }
    },
  );

  app.post('/deconnexion', { config: { access: can.signOut } }, async (request, reply) => {
    if (request.sessionId) await accounts.endSession(request.sessionId);
    clearSessionCookie(reply);
    return reply.flash('signedOut').redirect(request.href('/connexion'), 303);
  });

  app.get('/mot-de-passe-oublie', { config: { access: can.useForms } }, async (request, reply) => {
    return reply.html(ForgotPage({ ctx: await request.pageContext(), form: emptyForm() }));
  });

  app.post(
    '/mot-de-passe-oublie',
    { config: { access: can.useForms, ...authLimit } },
    async (request, reply) => {
      const ctx = await request.pageContext();
      const parsed = forgotForm.safeParse(request.body);
      if (!parsed.success) {
        const form = { values: formValues(request.body), errors: fieldErrors(parsed.error, ctx.t) };
        return reply.html(ForgotPage({ ctx, form }), 422);
      }
      await accounts.requestPasswordReset(parsed.data.email);
      return reply.flash('resetSent').redirect(request.href('/mot-de-passe-oublie'), 303);
    },
  );

  app.get(
    '/reinitialiser-mot-de-passe',
    { config: { access: can.useForms } },
    async (request, reply) => {
      const token = String((request.query as { token?: unknown }).token ?? '').slice(0, 200);
      const valid = token !== '' && (await accounts.isTokenLive(token));
      const ctx = await request.pageContext();
      return reply.html(
        ResetPage({ ctx, form: emptyForm({ token }), tokenValid: valid }),
        valid ? 200 : 400,
      );
    },
  );

  app.post(
    '/reinitialiser-mot-de-passe',
    { config: { access: can.useForms, ...authLimit } },
    async (request, reply) => {
      const ctx = await request.pageContext();
      const values = formValues(request.body);
      const parsed = resetForm.safeParse(request.body);
      if (!parsed.success) {
        const form = { values, errors: fieldErrors(parsed.error, ctx.t) };
        const tokenValid = values.token ? await accounts.isTokenLive(values.token) : false;
        return reply.html(ResetPage({ ctx, form, tokenValid }), 422);
      }
      try {
        const user = await accounts.resetPassword(parsed.data.token, parsed.data.password);
        await signInAs(request, reply, user.id);
        return reply.flash('passwordReset').redirect(request.href('/compte'), 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'TOKEN_INVALID') {
          return reply.html(ResetPage({ ctx, form: emptyForm(), tokenValid: false }), 400);
        }
        throw error;
      }
    },
  );

  app.get('/compte', { config: { access: can.viewOwnAccount } }, async (request, reply) => {
    const ctx = await request.pageContext();
    if (!ctx.user) throw coreError('UNAUTHENTICATED');
    const organisations = await organisationsOf(ctx.user.id);
    return reply.html(AccountPage({ ctx, user: ctx.user, organisations }));
  });

  api.get(
    '/api/v1/me',
    {
      config: { access: can.viewOwnAccount, api: true },
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in account',
        response: { 200: meResponse },
      },
    },
    async (request) => {
      if (request.actor.kind !== 'user') throw coreError('UNAUTHENTICATED');
      const { id, name, email, role, locale } = request.actor.user;
      return { id, name, email, role, locale };
    },
  );
}
