import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireUser } from '../kernel/policy.ts';
import { accountsEn } from './accounts.en.ts';
import { accountsError } from './accounts.errors.ts';
import { accountsFr } from './accounts.fr.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import {
  apiError,
  apiTokenCreated,
  apiTokenItem,
  apiTokenList,
  createTokenBody,
  meResponse,
  positiveId,
  tokenParams,
} from './accounts.schema.ts';
import type { ApiTokenRow, ApiTokensService } from './api-tokens.service.ts';

const AUTH =
  'Authenticated by the session cookie (a state-changing request then carries the X-CSRF-Token header) or by a personal API token: `Authorization: Bearer <token>`, no CSRF token needed. An unknown or revoked token answers 401 API_TOKEN_INVALID, whatever the cookie says.';

const item = (t: ApiTokenRow) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  created_at: t.created_at.toISOString(),
  last_used_at: t.last_used_at?.toISOString() ?? null,
});

/** The signed-in account and its API tokens, as JSON. */
export function accountsApiRoutes(app: FastifyInstance, apiTokens: ApiTokensService) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/me',
    {
      config: { access: can.viewOwnAccount, api: true },
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in account',
        description: AUTH,
        response: { 200: meResponse, 401: apiError },
      },
    },
    async (request) => {
      const { id, name, email, role, locale } = requireUser(request.actor);
      return { id, name, email, role, locale };
    },
  );

  api.get(
    '/api/v1/me/tokens',
    {
      config: { access: can.manageOwnTokens, api: true },
      schema: {
        tags: ['accounts'],
        summary: 'The live API tokens of the signed-in account, newest first',
        description: AUTH,
        response: { 200: apiTokenList, 401: apiError },
      },
    },
    async (request) => {
      const user = requireUser(request.actor);
      return { tokens: (await apiTokens.list(user.id)).map(item) };
    },
  );

  api.post(
    '/api/v1/me/tokens',
    {
      config: { access: can.manageOwnTokens, api: true },
      schema: {
        tags: ['accounts'],
        summary: 'Create an API token; its secret is in this answer only',
        description: `Only from a signed-in session: a request authenticated by a token answers 403 API_TOKEN_SESSION_REQUIRED, so that a leaked token cannot make others. ${AUTH}`,
        body: createTokenBody.nullish(),
        response: { 201: apiTokenCreated, 400: apiError, 401: apiError, 403: apiError },
      },
    },
    async (request, reply) => {
      const user = requireUser(request.actor);
      if (request.actor.kind === 'user' && request.actor.via === 'token') {
        throw accountsError('API_TOKEN_SESSION_REQUIRED');
      }
      const defaultName = (request.locale === 'en' ? accountsEn : accountsFr).apiTokens.defaultName;
      const { token, secret } = await apiTokens.create(user.id, request.body?.name ?? defaultName);
      return reply.code(201).send({ ...item(token), token: secret });
    },
  );

  api.post(
    '/api/v1/me/tokens/:id/revoke',
    {
      config: { access: can.manageOwnTokens, api: true },
      schema: {
        tags: ['accounts'],
        summary: 'Revoke one of the signed-in account’s tokens: it stops at once',
        description: `A token may revoke itself. ${AUTH}`,
        params: tokenParams,
        response: { 200: apiTokenItem, 400: apiError, 401: apiError, 404: apiError },
      },
    },
    async (request) => {
      const user = requireUser(request.actor);
      return item(await apiTokens.revoke(user.id, positiveId(request.params.id)));
    },
  );
}
