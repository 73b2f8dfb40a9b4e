import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationState } from '../db/schema.ts';
import { csvStream } from '../kernel/csv.ts';
import { sendDownload } from '../kernel/download.ts';
import { coreError } from '../kernel/errors.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { ApplicationReviewPage, type CorrectionForm } from './pages/ApplicationReviewPage.tsx';
import { ApplicationsListPage, STATES } from './pages/ApplicationsListPage.tsx';
import { programmesError } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import type { ReviewFilters } from './review.repository.ts';
import type { ReviewService } from './review.service.ts';
import { csvColumns, csvRow } from './review-csv.ts';

export const reviewFlash = {
  programmesReviewStarted: (t) => t.programmes.review.flash.reviewStarted,
  programmesCorrectionRequested: (t) => t.programmes.review.flash.correctionRequested,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof reviewFlash, true> {}
}

type Query = { etat?: unknown; organisation?: unknown; page?: unknown };
type CallParams = { Params: { callId: string }; Querystring: Query };
type IdParams = { Params: { id: string } };

/** an id of the address; anything else names nothing (404) */
function pageId(raw: string): number {
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

/** the list's filters from its query: an unknown state or a strange page is ignored */
function filtersOf(query: Query | undefined): { filters: ReviewFilters; page: number } {
  const state = typeof query?.etat === 'string' ? query.etat : '';
  const name = typeof query?.organisation === 'string' ? query.organisation.trim() : '';
  const page =
    typeof query?.page === 'string' && /^\d{1,6}$/.test(query.page) ? Number(query.page) : 1;
  return {
    filters: {
      ...(STATES.includes(state as ApplicationState) ? { state: state as ApplicationState } : {}),
      ...(name ? { organisation: name.slice(0, 200) } : {}),
    },
    page: Math.max(1, page),
  };
}

/** the correction form's fields as posted: one key or several, and the note */
function correctionOf(body: unknown): { fields: string[]; note: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const raw = Array.isArray(b.fields) ? b.fields : b.fields === undefined ? [] : [b.fields];
  return {
    fields: raw.filter((f): f is string => typeof f === 'string').slice(0, 200),
    note: typeof b.note === 'string' ? b.note : '',
  };
}

const noForm: CorrectionForm = { values: {}, errors: {}, chosen: [] };

/**
 * The staff's review of applications: a call's list (filters in the query, so without script),
 * its CSV with the same filters, one application with its answers and history, putting it under
 * review, and asking for a correction (422 with a message per field when incomplete).
 */
export function programmesReviewRoutes(app: FastifyInstance, review: ReviewService) {
  const staff = { config: { access: can.manage } };

  async function detailPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: CorrectionForm,
    status = 200,
  ) {
    const [ctx, data] = await Promise.all([
      request.pageContext(),
      review.detail(request.actor, id),
    ]);
    return reply.html(ApplicationReviewPage({ ctx, data, form }), status);
  }

  app.get<CallParams>(
    '/admin/programmes/appels/:callId/candidatures',
    staff,
    async (request, reply) => {
      const callId = pageId(request.params.callId);
      const { filters, page } = filtersOf(request.query);
      const [ctx, list] = await Promise.all([
        request.pageContext(),
        review.list(request.actor, callId, filters, page),
      ]);
      return reply.html(ApplicationsListPage({ ctx, list, filters }));
    },
  );

  app.get<CallParams>(
    '/admin/programmes/appels/:callId/candidatures.csv',
    staff,
    async (request, reply) => {
      const callId = pageId(request.params.callId);
      const { filters } = filtersOf(request.query);
      const { call, fields, batches } = await review.export(request.actor, callId, filters);
      const stamp = new Date().toISOString().slice(0, 10);
      const chunks = csvStream(csvColumns(fields), batches, (a) => csvRow(a, fields));
      return sendDownload(reply, chunks, {
        'content-type': 'text/csv; charset=utf-8',
        // the call's slug is lowercase letters, digits and dashes (the database checks it)
        'content-disposition': `attachment; filename="candidatures-${call.slug}-${stamp}.csv"`,
        'cache-control': 'no-store',
      });
    },
  );

  app.get<IdParams>('/admin/programmes/candidatures/:id', staff, (request, reply) =>
    detailPage(request, reply, pageId(request.params.id), noForm),
  );

  app.post<IdParams>('/admin/programmes/candidatures/:id/examen', staff, async (request, reply) => {
    const id = pageId(request.params.id);
    await review.startReview(request.actor, id);
    return reply
      .flash('programmesReviewStarted')
      .redirect(request.href(`/admin/programmes/candidatures/${id}`), 303);
  });

  app.post<IdParams>(
    '/admin/programmes/candidatures/:id/correction',
    staff,
    async (request, reply) => {
      const id = pageId(request.params.id);
      const input = correctionOf(request.body);
      try {
        await review.requestCorrection(request.actor, id, input, request.locale);
      } catch (error) {
        if (!programmesError.is(error, 'CORRECTION_INVALID')) throw error;
        const form = {
          values: { note: input.note },
          errors: error.fields ?? {},
          chosen: input.fields,
        };
        return detailPage(request, reply, id, form, 422);
      }
      return reply
        .flash('programmesCorrectionRequested')
        .redirect(request.href(`/admin/programmes/candidatures/${id}`), 303);
    },
  );
}
