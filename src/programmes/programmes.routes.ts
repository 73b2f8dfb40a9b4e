import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, coreError } from '../kernel/errors.ts';
import type { ApplicationsService, ApplicationView } from './applications.service.ts';
import { detailsOf } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import {
  apiError,
  applicationResponse,
  callsResponse,
  formResponse,
  idParams,
  positiveId,
  saveBody,
  startBody,
} from './programmes.schema.ts';
import { localisedFields, type ProgrammesService } from './programmes.service.ts';

export const AUTH =
  'Authenticated by a personal API token (`Authorization: Bearer <token>`) or the session cookie (a state-changing request then carries the X-CSRF-Token header). Acting on an application is for the verified members of its organisation; staff read every one.';

/**
 * The route's access rule, checked before its body is: a visitor is asked to sign in, even with a
 * body that is not the one expected.
 */
export async function accessFirst(request: FastifyRequest) {
  const rule = request.routeOptions.config.access;
  if (rule && !rule(request.actor)) {
    throw coreError(request.actor.kind === 'visitor' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  }
}

/** an error with its details (per-field messages, the current version, the reasons) in JSON */
export function answerError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const details = detailsOf(error);
  if (!(error instanceof AppError) || !details) throw error;
  return reply.code(error.status).send({
    error: {
      code: error.code,
      message: error.text(request.locale),
      request_id: request.id,
      ...details,
    },
  });
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function applicationJson(a: ApplicationView) {
  return {
    id: Number(a.id),
    call_id: Number(a.call_id),
    organisation_id: a.organisation_id,
    form_version: a.form_version,
    state: a.state,
    version: a.version,
    answers: a.answers,
    acknowledgement: a.acknowledgement,
    started_at: a.started_at.toISOString(),
    submitted_at: iso(a.submitted_at),
    updated_at: a.updated_at.toISOString(),
    demo: a.is_demo,
    correction_fields: a.correction?.fields ?? null,
    correction_note: a.correction?.note ?? null,
    history: a.history.map((h) => ({
      from: h.from_state,
      to: h.to_state,
      at: h.at.toISOString(),
      note: h.note,
    })),
  };
}

/** The calls and applications API (JSON, in the OpenAPI document). */
export function programmesRoutes(
  app: FastifyInstance,
  deps: { programmes: ProgrammesService; applications: ApplicationsService },
) {
  const { programmes, applications } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/calls',
    {
      config: { access: can.readCalls, api: true },
      schema: {
        tags: ['programmes'],
        summary: 'Every call for applications, the latest closing first, with its status now',
        response: { 200: callsResponse },
      },
    },
    async (request) => ({
      items: (await programmes.calls()).map((c) => ({
        id: Number(c.id),
        slug: c.slug,
        title: request.locale === 'en' ? c.title_en : c.title_fr,
        opens_at: c.opens_at.toISOString(),
        closes_at: c.closes_at.toISOString(),
        grace_until: c.grace_until.toISOString(),
        status: c.status,
        demo: c.is_demo,
      })),
    }),
  );

  api.get(
    '/api/v1/calls/:id/form',
    {
      config: { access: can.readCalls, api: true },
      schema: {
        tags: ['programmes'],
        summary: 'The current version of a call’s form',
        description:
          'Labels in the language asked. An application keeps the version it was started on: its answers are checked against that one.',
        params: idParams,
        response: { 200: formResponse, 400: apiError, 404: apiError },
      },
    },
    async (request) => {
      const form = await programmes.currentForm(positiveId(request.params.id));
      return {
        version: form.version,
        fields: localisedFields(form.fields, request.locale) as never,
      };
    },
  );

  applicationRoutes(app, applications);
}

/** starting, reading, saving, submitting and withdrawing an application */
function applicationRoutes(app: FastifyInstance, applications: ApplicationsService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError };

  api.post(
    '/api/v1/calls/:id/applications',
    {
      config: { access: can.apply, api: true },
      preValidation: accessFirst,
      schema: {
        tags: ['programmes'],
        summary: 'Start a draft application for an organisation',
        description: `The call must be open and the organisation eligible (403 NOT_ELIGIBLE gives every reason); answers given are checked as a draft's (422 ANSWERS_INVALID with a message per field). One live application per organisation and call (409 APPLICATION_EXISTS gives its id). ${AUTH}`,
        params: idParams,
        body: startBody,
        response: { 201: applicationResponse, ...errors, 422: apiError },
      },
    },
    async (request, reply) => {
      try {
        const started = await applications.start(
          request.actor,
          {
            callId: positiveId(request.params.id),
            organisationSiren: request.body.organisation_siren,
            answers: request.body.answers ?? {},
          },
          request.locale,
        );
        return reply.code(201).send(applicationJson(started));
      } catch (error) {
        return answerError(request, reply, error);
      }
    },
  );

  api.get(
    '/api/v1/applications/:id',
    {
      config: { access: can.apply, api: true },
      schema: {
        tags: ['programmes'],
        summary: 'One application, with its history',
        description: AUTH,
        params: idParams,
        response: { 200: applicationResponse, ...errors },
      },
    },
    async (request) =>
      applicationJson(await applications.get(request.actor, positiveId(request.params.id))),
  );

  api.patch(
    '/api/v1/applications/:id',
    {
      config: { access: can.apply, api: true },
      preValidation: accessFirst,
      schema: {
        tags: ['programmes'],
        summary: 'Save answers of a draft, over the version read',
        description: `Answers are merged into the draft and checked as a draft's: nothing required yet, but what is given must be valid (422 with a message per field; nothing written). Another save since the version read answers 409 STALE_VERSION with current_version and changed_fields. While a correction is requested (state correction_requested), only the fields in correction_fields may change: any other answer changed is refused (422, its field named), nothing written. ${AUTH}`,
        params: idParams,
        body: saveBody,
        response: { 200: applicationResponse, ...errors, 422: apiError },
      },
    },
    async (request, reply) => {
      try {
        const saved = await applications.save(
          request.actor,
          positiveId(request.params.id),
          { answers: request.body.answers, version: request.body.version },
          request.locale,
        );
        return applicationJson(saved);
      } catch (error) {
        return answerError(request, reply, error);
      }
    },
  );

  api.post(
    '/api/v1/applications/:id/submit',
    {
      config: { access: can.apply, api: true },
      schema: {
        tags: ['programmes'],
        summary: 'Submit a draft: all or nothing',
        description: `In one transaction: every required field checked against the draft's form version (422 with a message per field), the deadline (409 CALL_CLOSED after closes_at, or after grace_until for a draft started before closes_at), the state, the acknowledgement number, the history and the receipt e-mail. Submitting an application already submitted answers 200 with the same submission and number. A corrected application (correction_requested) goes back to submitted with its acknowledgement number, whatever the deadline, and a receipt is mailed again. ${AUTH}`,
        params: idParams,
        response: { 200: applicationResponse, ...errors, 422: apiError },
      },
    },
    async (request, reply) => {
      try {
        const id = positiveId(request.params.id);
        return applicationJson(await applications.submit(request.actor, id, request.locale));
      } catch (error) {
        return answerError(request, reply, error);
      }
    },
  );

  api.post(
    '/api/v1/applications/:id/withdraw',
    {
      config: { access: can.apply, api: true },
      schema: {
        tags: ['programmes'],
        summary: 'Withdraw an application before its decision',
        description: `A withdrawn application stays withdrawn (withdrawing again answers it as it is); the organisation may start another. ${AUTH}`,
        params: idParams,
        response: { 200: applicationResponse, ...errors },
      },
    },
    async (request) =>
      applicationJson(await applications.withdraw(request.actor, positiveId(request.params.id))),
  );
}
