import type { FastifyInstance } from 'fastify';
import { AppError } from '../kernel/errors.ts';
import { emptyForm } from '../web/forms.tsx';
import { fieldErrors, formValues } from '../web/validation.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import { forgotForm, resetForm } from './accounts.schema.ts';
import type { AccountsService } from './accounts.service.ts';
import { ForgotPage, ResetPage } from './pages/AuthPages.tsx';
import { signInAs, tooMany } from './sign-in.routes.ts';
import type { ThrottleService } from './throttle.service.ts';

/** A forgotten password: the link by e-mail, then the new password. */
export function passwordRoutes(
  app: FastifyInstance,
  accounts: AccountsService,
  throttle: ThrottleService,
) {
  app.get('/mot-de-passe-oublie', { config: { access: can.useForms } }, async (request, reply) => {
    return reply.html(ForgotPage({ ctx: await request.pageContext(), form: emptyForm() }));
  });

  app.post('/mot-de-passe-oublie', { config: { access: can.useForms } }, async (request, reply) => {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    const parsed = forgotForm.safeParse(request.body);
    if (!parsed.success) {
      const form = { values, errors: fieldErrors(parsed.error, ctx.t) };
      return reply.html(ForgotPage({ ctx, form }), 422);
    }
    const gate = await throttle.enter('forgot', {
      client: request.ip,
      subject: parsed.data.email,
    });
    if (!gate.open) {
      const message = ctx.t.signIn.tooMany(gate.retryAfter);
      return tooMany(
        reply,
        gate.retryAfter,
        ForgotPage({ ctx, form: { values, errors: {}, message } }),
      );
    }
    // the link and its mail follow the answer: the same answer, as fast, for every address
    accounts.requestPasswordReset(parsed.data.email);
    return reply.flash('resetSent').redirect(request.href('/mot-de-passe-oublie'), 303);
  });

  app.get(
    '/reinitialiser-mot-de-passe',
    { config: { access: can.useForms } },
    async (request, reply) => {
      const token = String((request.query as { token?: unknown }).token ?? '').slice(0, 200);
      const valid = token !== '' && (await accounts.isTokenLive(token, 'password'));
      const ctx = await request.pageContext();
      return reply.html(
        ResetPage({ ctx, form: emptyForm({ token }), tokenValid: valid }),
        valid ? 200 : 400,
      );
    },
  );

  app.post(
    '/reinitialiser-mot-de-passe',
    { config: { access: can.useForms } },
    async (request, reply) => {
      const ctx = await request.pageContext();
      const values = formValues(request.body);
      const gate = await throttle.enter('reset', { client: request.ip });
      if (!gate.open) {
        const message = ctx.t.signIn.tooMany(gate.retryAfter);
        const form = { values: { token: values.token ?? '' }, errors: {}, message };
        return tooMany(reply, gate.retryAfter, ResetPage({ ctx, form, tokenValid: true }));
      }
      const parsed = resetForm.safeParse(request.body);
      if (!parsed.success) {
        const form = { values, errors: fieldErrors(parsed.error, ctx.t) };
        const tokenValid = values.token
          ? await accounts.isTokenLive(values.token, 'password')
          : false;
        return reply.html(ResetPage({ ctx, form, tokenValid }), 422);
      }
      try {
        const user = await accounts.resetPassword(parsed.data.token, parsed.data.password);
        await signInAs(accounts, request, reply, user.id);
        return reply.flash('passwordReset').redirect(request.href('/compte'), 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'TOKEN_INVALID') {
          return reply.html(ResetPage({ ctx, form: emptyForm(), tokenValid: false }), 400);
        }
        throw error;
      }
    },
  );
}
