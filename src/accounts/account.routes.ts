import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../kernel/policy.ts';
import { fieldErrors, formValues } from '../web/validation.ts';
import { accountSettingsRoutes } from './account-settings.routes.ts';
import type { AccountSettingsService } from './account-settings.service.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import { positiveId, tokenForm } from './accounts.schema.ts';
import type { ApiTokensService } from './api-tokens.service.ts';
import {
  type AccountForms,
  type AccountOrganisation,
  AccountPage,
  accountForms,
  type NewToken,
} from './pages/AccountPage.tsx';
import type { ThrottleService } from './throttle.service.ts';

/**
 * The secret of a token just created, from its form's answer to the next page: shown there once,
 * then the cookie is gone. Only the account page reads it, and only for a live token of the
 * person who reads it.
 */
const NEW_TOKEN_COOKIE = 'totem_new_token';

export type AccountDeps = {
  apiTokens: ApiTokensService;
  settings: AccountSettingsService;
  throttle: ThrottleService;
  /** the organisations a person speaks for or asked to join (from the directory) */
  organisationsOf: (userId: string) => Promise<AccountOrganisation[]>;
};

/** what the account page shows after a form: the forms' states, a new token, the status */
export type AccountPageOptions = {
  forms?: Partial<AccountForms>;
  newToken?: NewToken;
  status?: number;
};

export type RenderAccountPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  options?: AccountPageOptions,
) => Promise<FastifyReply>;

/** The account page, and the API tokens a person creates and revokes there. */
export function accountRoutes(app: FastifyInstance, deps: AccountDeps) {
  const { apiTokens, settings } = deps;

  const accountPage: RenderAccountPage = async (request, reply, options = {}) => {
    const ctx = await request.pageContext();
    const user = requireUser(request.actor);
    const [organisations, tokens, sessions, mailChoices] = await Promise.all([
      deps.organisationsOf(user.id),
      apiTokens.list(user.id),
      settings.sessionsOf(user.id, request.sessionId),
      settings.mailChoices(user.id),
    ]);
    return reply.html(
      AccountPage({
        ctx,
        user,
        organisations,
        tokens,
        sessions,
        mailChoices,
        forms: accountForms(user, options.forms),
        newToken: options.newToken,
      }),
      options.status,
    );
  };

  app.get('/compte', { config: { access: can.viewOwnAccount } }, async (request, reply) => {
    const user = requireUser(request.actor);
    const secret = request.cookies[NEW_TOKEN_COOKIE];
    let newToken: NewToken | undefined;
    if (secret) {
      reply.clearCookie(NEW_TOKEN_COOKIE, { path: '/' });
      const token = await apiTokens.findOwn(user.id, secret);
      if (token) newToken = { name: token.name, secret };
    }
    return accountPage(request, reply, { newToken });
  });

  app.post(
    '/compte/jetons',
    { config: { access: can.manageOwnTokens } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      const parsed = tokenForm.safeParse(request.body);
      if (!parsed.success) {
        const { t } = await request.pageContext();
        const form = { values: formValues(request.body), errors: fieldErrors(parsed.error, t) };
        return accountPage(request, reply, { forms: { token: form }, status: 422 });
      }
      const { secret } = await apiTokens.create(user.id, parsed.data.name);
      reply.setCookie(NEW_TOKEN_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: 300,
      });
      return reply.redirect(request.href('/compte'), 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/compte/jetons/:id/revoquer',
    { config: { access: can.manageOwnTokens } },
    async (request, reply) => {
      const user = requireUser(request.actor);
      await apiTokens.revoke(user.id, positiveId(request.params.id));
      return reply.flash('apiTokenRevoked').redirect(request.href('/compte'), 303);
    },
  );

  accountSettingsRoutes(app, settings, deps.throttle, accountPage);
}
