import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppError } from '../kernel/errors.ts';
import { requireUser } from '../kernel/policy.ts';
import type { FormState } from '../web/forms.tsx';
import { fieldErrors, formValues } from '../web/validation.ts';
import type { RenderAccountPage } from './account.routes.ts';
import { type AccountSettingsService, isMailKind } from './account-settings.service.ts';
import { accountsError } from './accounts.errors.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import { emailChangeForm, nameForm, passwordChangeForm, positiveId } from './accounts.schema.ts';
import { NewAddressPage, UnsubscribePage } from './pages/SettingsPages.tsx';
import type { ThrottleService } from './throttle.service.ts';

const field = (source: unknown, name: string) =>
  String((source as Record<string, unknown> | undefined)?.[name] ?? '').slice(0, 200);

/** the checkboxes ticked in a form: one value, several, or none */
function ticked(source: unknown, name: string): string[] {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return value.map(String);
  return value === undefined ? [] : [String(value)];
}

/**
 * What a person changes on the account page: name, address, password, sessions, memberships and
 * the mails received; the page a new address's link opens, and the unsubscribe links' page.
 */
export function accountSettingsRoutes(
  app: FastifyInstance,
  settings: AccountSettingsService,
  throttle: ThrottleService,
  accountPage: RenderAccountPage,
) {
  /** the form's data, or the account page again with its messages (422) */
  async function parse<S extends z.ZodType>(
    request: FastifyRequest,
    schema: S,
  ): Promise<{ data: z.infer<S> } | { form: FormState }> {
    const parsed = schema.safeParse(request.body);
    if (parsed.success) return { data: parsed.data };
    const { t } = await request.pageContext();
    return { form: { values: formValues(request.body), errors: fieldErrors(parsed.error, t) } };
  }

  /** the forms that check the password or mail an address: a few per quarter of an hour */
  async function gate(userId: string, reply: { header(k: string, v: string): unknown }) {
    const entry = await throttle.enter('accountChange', { subject: userId });
    if (!entry.open) {
      reply.header('retry-after', String(entry.retryAfter));
      throw accountsError('TOO_MANY_ATTEMPTS');
    }
  }

  app.post('/compte/nom', { config: { access: can.viewOwnAccount } }, async (request, reply) => {
    const user = requireUser(request.actor);
    const input = await parse(request, nameForm);
    if ('form' in input)
      return accountPage(request, reply, { forms: { name: input.form }, status: 422 });
    await settings.rename(user.id, input.data.display_name);
    return reply.flash('nameSaved').redirect(request.href('/compte'), 303);
  });

  app.post(
    '/compte/adresse',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      const input = await parse(request, emailChangeForm);
      if ('form' in input)
        return accountPage(request, reply, { forms: { email: input.form }, status: 422 });
      await gate(user.id, reply);
      const { new_email: email, email_password: password } = input.data;
      try {
        await settings.requestEmailChange(user.id, email, password);
      } catch (error) {
        const { t } = await request.pageContext();
        const values = { new_email: email };
        if (accountsError.is(error, 'WRONG_PASSWORD')) {
          const form = { values, errors: { email_password: t.accountSettings.wrongPassword } };
          return accountPage(request, reply, { forms: { email: form }, status: 422 });
        }
        if (accountsError.is(error, 'EMAIL_UNCHANGED')) {
          const form = { values, errors: { new_email: t.accountSettings.emailUnchanged } };
          return accountPage(request, reply, { forms: { email: form }, status: 422 });
        }
        throw error;
      }
      return reply.flash('newAddressLinkSent').redirect(request.href('/compte'), 303);
    },
  );

  app.get(
    '/compte/nouvelle-adresse',
    { config: { access: can.useForms } },
    async (request, reply) => {
      const token = field(request.query, 'token');
      const email = token === '' ? undefined : await settings.newAddressOf(token);
      const ctx = await request.pageContext();
      return reply.html(NewAddressPage({ ctx, token, email }), email === undefined ? 400 : 200);
    },
  );

  app.post(
    '/compte/nouvelle-adresse',
    { config: { access: can.useForms } },
    async (request, reply) => {
      const token = field(request.body, 'token');
      try {
        await settings.confirmEmailChange(token);
      } catch (error) {
        const invalid = accountsError.is(error, 'TOKEN_INVALID');
        if (!invalid && !accountsError.is(error, 'EMAIL_TAKEN')) throw error;
        const ctx = await request.pageContext();
        const message = invalid ? undefined : (error as AppError).text(ctx.locale);
        return reply.html(
          NewAddressPage({ ctx, token, email: undefined, message }),
          invalid ? 400 : 409,
        );
      }
      const signedIn = request.actor.kind === 'user';
      return reply
        .flash('newAddressConfirmed')
        .redirect(request.href(signedIn ? '/compte' : '/connexion'), 303);
    },
  );

  app.post(
    '/compte/mot-de-passe',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      const input = await parse(request, passwordChangeForm);
      if ('form' in input)
        return accountPage(request, reply, { forms: { password: input.form }, status: 422 });
      await gate(user.id, reply);
      const { current_password: current, password } = input.data;
      try {
        await settings.changePassword(user.id, request.sessionId, current, password);
      } catch (error) {
        if (!accountsError.is(error, 'WRONG_PASSWORD')) throw error;
        const { t } = await request.pageContext();
        const form = { values: {}, errors: { current_password: t.accountSettings.wrongPassword } };
        return accountPage(request, reply, { forms: { password: form }, status: 422 });
      }
      return reply.flash('passwordChanged').redirect(request.href('/compte'), 303);
    },
  );

  ownRoutes(app, settings);
}

/** sessions, memberships and mail choices on the account page; the unsubscribe links' page */
function ownRoutes(app: FastifyInstance, settings: AccountSettingsService) {
  app.post<{ Params: { id: string } }>(
    '/compte/sessions/:id/fermer',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      const ended = await settings.endSession(user.id, positiveId(request.params.id));
      return reply
        .flash(ended ? 'sessionEnded' : 'sessionGone')
        .redirect(request.href('/compte'), 303);
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/compte/organisations/:slug/quitter',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      const left = await settings.leave(user.id, request.params.slug.slice(0, 200));
      return reply
        .flash(left ? 'organisationLeft' : 'notMember')
        .redirect(request.href('/compte'), 303);
    },
  );

  app.post(
    '/compte/courriels',
    { config: { access: can.viewOwnAccount } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      await settings.setMailChoices(user.id, ticked(request.body, 'kinds').filter(isMailKind));
      return reply.flash('mailChoicesSaved').redirect(request.href('/compte'), 303);
    },
  );

  app.get('/desabonnement', { config: { access: can.useForms } }, async (request, reply) => {
    const key = field(request.query, 'cle');
    const kind = field(request.query, 'type');
    const ctx = await request.pageContext();
    const valid = isMailKind(kind) && (await settings.keyHolder(key)) !== undefined;
    const label = isMailKind(kind) ? ctx.t.accountSettings.kinds[kind] : '';
    const unsubscribe = valid ? { key, kind } : undefined;
    return reply.html(UnsubscribePage({ ctx, unsubscribe, kind: label }), valid ? 200 : 404);
  });

  app.post('/desabonnement', { config: { access: can.useForms } }, async (request, reply) => {
    const key = field(request.body, 'cle');
    const kind = field(request.body, 'type');
    const ctx = await request.pageContext();
    const done = isMailKind(kind) && (await settings.unsubscribe(key, kind));
    const label = isMailKind(kind) ? ctx.t.accountSettings.kinds[kind] : '';
    const unsubscribe = done ? { key, kind } : undefined;
    return reply.html(UnsubscribePage({ ctx, unsubscribe, kind: label, done }), done ? 200 : 404);
  });
}
