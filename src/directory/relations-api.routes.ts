import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { coreError } from '../kernel/errors.ts';
import { parseDay } from './connections.schema.ts';
import { directoryPolicy as can } from './directory.policy.ts';
import { apiError, RELATION_TYPES } from './directory.schema.ts';
import type { DirectoryService } from './directory.service.ts';
import { movedOrganisation } from './moved.hooks.ts';
import type { RelationsApiService } from './relations-api.service.ts';

const AUTH =
  'Staff, or a verified member of one side: a personal API token (`Authorization: Bearer <token>`) or the session cookie with the X-CSRF-Token header. What a member records is marked self-declared; a member removes only self-declared relations.';

/** a calendar day, YYYY-MM-DD, that exists */
const day = z
  .string()
  .refine((v) => parseDay(v) === v, 'a day as YYYY-MM-DD')
  .nullable()
  .optional();

const relationJson = z.object({
  id: z.number().int(),
  kind: z.string(),
  from: z.string().describe('slug of the subject ("from invests in to")'),
  to: z.string().describe('slug of the object'),
  started_on: z.string().nullable(),
  ended_on: z.string().nullable(),
  source: z.string().describe('register, self (declared by a member) or staff'),
  note: z.string().nullable(),
});

const relationBody = z.object({
  kind: z.enum(RELATION_TYPES),
  other: z.string().trim().min(1).max(200).describe('the other organisation: its slug or SIREN'),
  reverse: z
    .boolean()
    .optional()
    .describe('true: the other organisation is the subject ("other invests in this one")'),
  started_on: day,
  ended_on: day,
  note: z.string().max(300).optional(),
});

const slugParams = z.object({ slug: z.string().min(1).max(200) });
const idParams = z.object({ id: z.string().max(20).describe('a positive integer') });

/** the route's access rule before its body: a visitor is asked to sign in whatever they send */
async function accessFirst(request: FastifyRequest) {
  const rule = request.routeOptions.config.access;
  if (rule && !rule(request.actor)) {
    throw coreError(request.actor.kind === 'visitor' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  }
}

/** The directory's relations through the API: read (public), record, remove. */
export function relationsApiRoutes(
  app: FastifyInstance,
  deps: { relations: RelationsApiService; directory: DirectoryService },
) {
  const { relations } = deps;
  const moved = movedOrganisation(deps.directory);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError };

  api.get(
    '/api/v1/organisations/:slug/relations',
    {
      config: { access: can.viewProfile, api: true },
      schema: {
        tags: ['directory'],
        summary: 'An organisation’s relations, either way',
        params: slugParams,
        response: { 200: z.object({ items: z.array(relationJson) }), ...errors },
      },
    },
    async (request) => ({ items: await relations.list(request.params.slug) }),
  );

  api.post(
    '/api/v1/organisations/:slug/relations',
    {
      config: { access: can.edit, api: true },
      // a merged organisation's address answers its redirection, then a visitor is asked to
      // sign in, before the body is read
      preValidation: [moved, accessFirst],
      schema: {
        tags: ['directory'],
        summary: 'Record a relation between this organisation and another',
        description: `kind: invests_in, accelerates, member_of, partner_of, hosted_at, spin_off_of, parent_of. The other organisation by slug or SIREN (422 RELATION_OTHER_UNKNOWN), never itself (422 RELATION_SELF); the same relation twice: 409 RELATION_DUPLICATE. ${AUTH}`,
        params: slugParams,
        body: relationBody,
        response: { 201: relationJson, ...errors, 409: apiError, 422: apiError },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await relations.create(request.actor, request.params.slug, {
        kind: b.kind,
        other: b.other,
        reverse: b.reverse ?? false,
        started_on: b.started_on ?? null,
        ended_on: b.ended_on ?? null,
        note: (b.note ?? '').trim(),
      });
      return reply.code(201).send(created);
    },
  );

  api.delete(
    '/api/v1/relations/:id',
    {
      config: { access: can.edit, api: true },
      preValidation: accessFirst,
      schema: {
        tags: ['directory'],
        summary: 'Remove a relation',
        description: AUTH,
        params: idParams,
        response: { 204: z.null().describe('removed'), ...errors },
      },
    },
    async (request, reply) => {
      const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : 0;
      if (id < 1) throw coreError('NOT_FOUND');
      await relations.remove(request.actor, id);
      return reply.code(204).send(null);
    },
  );
}
