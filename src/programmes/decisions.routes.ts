import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contentDisposition, sendDownload } from '../kernel/download.ts';
import { coreError } from '../kernel/errors.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import type { FormState } from '../web/forms.tsx';
import { decideBody, decisionResponse } from './decisions.schema.ts';
import type { Decided, DecisionsService } from './decisions.service.ts';
import { DecisionPage } from './pages/DecisionPage.tsx';
import { RankingPage } from './pages/RankingPage.tsx';
import { programmesError } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { accessFirst, answerError } from './programmes.routes.ts';
import { apiError, idParams, positiveId } from './programmes.schema.ts';

export const decisionsFlash = {
  programmesDecided: (t) => t.programmes.decisions.flash.decided,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof decisionsFlash, true> {}
}

type IdParams = { Params: { id: string } };
type CallParams = { Params: { callId: string } };

/** an id of the address; anything else names nothing (404) */
function pageId(raw: string): number {
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

/** the decision form as posted */
function posted(body: unknown): { decision: string; reasons: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return {
    decision: typeof b.decision === 'string' ? b.decision : '',
    reasons: typeof b.reasons === 'string' ? b.reasons.slice(0, 20_000) : '',
  };
}

function decidedJson(d: Decided) {
  const { decision, label } = d;
  return {
    application_id: decision.application_id,
    decision: decision.decision,
    reasons: decision.reasons,
    decided_at: decision.decided_at.toISOString(),
    state: decision.decision,
    letter: {
      url: `/api/v1/applications/${decision.application_id}/decision/letter`,
      locale: decision.letter_locale ?? 'fr',
      sha256: decision.letter_sha256 ?? '',
    },
    ...(label
      ? {
          label: {
            id: label.id,
            name_fr: label.name_fr,
            name_en: label.name_en,
            valid_from: label.valid_from,
            valid_until: label.valid_until,
          },
        }
      : {}),
  };
}

/**
 * The jury's outcome over HTTP: a call's ranking, the decision's page (the reviews, the form,
 * 422 with what was typed and a message per field), its API, and the letter's download.
 */
export function decisionsRoutes(app: FastifyInstance, decisions: DecisionsService) {
  const staff = { config: { access: can.manage } };

  async function decisionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: FormState,
    status = 200,
  ) {
    const [ctx, data] = await Promise.all([
      request.pageContext(),
      decisions.decisionPage(request.actor, id),
    ]);
    return reply.html(DecisionPage({ ctx, data, form }), status);
  }

  app.get<CallParams>(
    '/admin/programmes/appels/:callId/classement',
    staff,
    async (request, reply) => {
      const callId = pageId(request.params.callId);
      const [ctx, data] = await Promise.all([
        request.pageContext(),
        decisions.ranking(request.actor, callId),
      ]);
      return reply.html(RankingPage({ ctx, data }));
    },
  );

  app.get<IdParams>('/admin/programmes/candidatures/:id/decision', staff, (request, reply) =>
    decisionPage(request, reply, pageId(request.params.id), { values: {}, errors: {} }),
  );

  app.post<IdParams>(
    '/admin/programmes/candidatures/:id/decision',
    staff,
    async (request, reply) => {
      const id = pageId(request.params.id);
      const input = posted(request.body);
      try {
        await decisions.decide(request.actor, id, input, request.locale);
      } catch (error) {
        if (programmesError.is(error, 'DECISION_INVALID')) {
          const form = { values: input, errors: error.fields ?? {} };
          return decisionPage(request, reply, id, form, 422);
        }
        if (
          programmesError.is(error, 'ALREADY_DECIDED') ||
          programmesError.is(error, 'NOT_DECIDABLE')
        ) {
          const form = { values: input, errors: {}, message: error.text(request.locale) };
          return decisionPage(request, reply, id, form, 409);
        }
        throw error;
      }
      return reply
        .flash('programmesDecided')
        .redirect(request.href(`/admin/programmes/candidatures/${id}/decision`), 303);
    },
  );

  async function sendLetter(request: FastifyRequest, reply: FastifyReply, id: number) {
    const letter = await decisions.letter(request.actor, id);
    return sendDownload(reply, letter.stream, {
      'content-type': 'application/pdf',
      'content-disposition': contentDisposition(letter.name, 'attachment'),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
  }

  app.get<IdParams>(
    '/candidatures/:id/lettre.pdf',
    { config: { access: can.apply } },
    (request, reply) => sendLetter(request, reply, pageId(request.params.id)),
  );

  const api = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError };

  api.post(
    '/api/v1/applications/:id/decision',
    {
      config: { access: can.manage, api: true },
      preValidation: accessFirst,
      schema: {
        tags: ['programmes'],
        summary: 'Record the decision on an application (staff)',
        description:
          'For a submitted application (put under review first) or one under review: `decision` is "accepted" or "refused", `reasons` are required (422 DECISION_INVALID with a message per field). The decision letter (PDF, in the applicant’s language) is written, the applicant and the organisation’s verified members are mailed, and an acceptance confers the call’s label when it has one. A second decision answers 409 ALREADY_DECIDED; another state 409 NOT_DECIDABLE. Authenticated by a personal API token or the session cookie (with the X-CSRF-Token header).',
        params: idParams,
        body: decideBody,
        response: { 201: decisionResponse, ...errors, 422: apiError },
      },
    },
    async (request, reply) => {
      try {
        const decided = await decisions.decide(
          request.actor,
          positiveId(request.params.id),
          { decision: request.body.decision, reasons: request.body.reasons },
          request.locale,
        );
        return reply.code(201).send(decidedJson(decided));
      } catch (error) {
        return answerError(request, reply, error);
      }
    },
  );

  api.get(
    '/api/v1/applications/:id/decision/letter',
    {
      config: { access: can.apply, api: true },
      schema: {
        tags: ['programmes'],
        summary: 'The decision letter (PDF)',
        description:
          'For the organisation’s verified members and staff; 404 before a decision. Authenticated by a personal API token or the session cookie.',
        params: idParams,
        response: { 401: apiError, 403: apiError, 404: apiError },
      },
    },
    (request, reply) => sendLetter(request, reply, positiveId(request.params.id)),
  );
}
