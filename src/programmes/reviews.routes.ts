import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AppError, coreError } from '../kernel/errors.ts';
import { formValues } from '../kernel/forms.ts';
import type { CapabilityModule } from '../kernel/module.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { JuryApplicationPage } from './pages/jury/JuryApplicationPage.tsx';
import { JuryPage } from './pages/jury/JuryPage.tsx';
import { programmesPolicy as can } from './programmes.policy.ts';
import { accessFirst, answerError } from './programmes.routes.ts';
import { idParams, positiveId } from './programmes.schema.ts';
import { reviewsError } from './reviews.errors.ts';
import { readReview, reviewValues } from './reviews.forms.ts';
import type { ReviewRow } from './reviews.repository.ts';
import { reviewApiError, reviewBody, reviewResponse } from './reviews.schema.ts';
import type { OtherReview, ReviewsService } from './reviews.service.ts';

export const reviewsFlash = {
  reviewSaved: (t) => t.programmes.reviews.flash.saved,
  reviewSubmitted: (t) => t.programmes.reviews.flash.submitted,
  discussionPosted: (t) => t.programmes.reviews.flash.posted,
} satisfies CapabilityModule['flash'];

declare module '../web/http.ts' {
  interface FlashMessages extends Record<keyof typeof reviewsFlash, true> {}
}

type IdParams = { Params: { id: string } };

function pageId(raw: string): number {
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw coreError('NOT_FOUND');
  return id;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function reviewJson(
  a: { id: number; application_id: number },
  review: ReviewRow | null,
  hidden: boolean,
  others: OtherReview[],
) {
  return {
    assignment_id: Number(a.id),
    application_id: Number(a.application_id),
    scores: review?.scores ?? {},
    abstain: review?.abstain ?? false,
    comment_jury: review?.comment_jury ?? '',
    comment_applicant: review?.comment_applicant ?? '',
    result: review?.result ?? null,
    version: review?.version ?? 0,
    submitted_at: iso(review?.submitted_at ?? null),
    others_hidden: hidden,
    others: others.map((o) => ({
      reviewer: o.reviewer,
      scores: o.scores,
      abstain: o.abstain,
      result: o.result,
      comment_jury: o.commentJury,
      submitted_at: o.submittedAt.toISOString(),
    })),
  };
}

/**
 * The jury's pages: my assignments; one application with my review's form (a 422 or a 409
 * shows it again with what was typed), the others' reviews when I may read them, the
 * discussion; and the review API.
 */
export function reviewsRoutes(app: FastifyInstance, reviews: ReviewsService) {
  const jury = { config: { access: can.jury } };

  async function workspacePage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    forms: { form?: FormState; post?: FormState; stale?: ReviewRow | null } = {},
    status = 200,
  ) {
    const [ctx, data] = await Promise.all([
      request.pageContext(),
      reviews.workspace(request.actor, id),
    ]);
    const form = forms.form ?? emptyForm(reviewValues(data.review));
    const page = JuryApplicationPage({
      ctx,
      data,
      form,
      post: forms.post ?? emptyForm(),
      stale: forms.stale ?? null,
    });
    return reply.html(page, status);
  }

  app.get('/jury', jury, async (request, reply) => {
    const [ctx, assignments] = await Promise.all([
      request.pageContext(),
      reviews.assignments(request.actor),
    ]);
    return reply.html(JuryPage({ ctx, assignments }));
  });

  app.get<IdParams>('/jury/candidatures/:id', jury, (request, reply) =>
    workspacePage(request, reply, pageId(request.params.id)),
  );

  app.post<IdParams>('/jury/candidatures/:id', jury, async (request, reply) => {
    const id = pageId(request.params.id);
    const input = readReview(request.body);
    const { assignment } = await reviews.workspace(request.actor, id);
    if (!assignment) throw reviewsError('NOT_ASSIGNED');
    const values = formValues(request.body);
    try {
      await reviews.save(request.actor, assignment.id, input, request.locale);
    } catch (error) {
      if (reviewsError.is(error, 'REVIEW_INVALID')) {
        const form = { values, errors: (error as AppError).fields ?? {} };
        return workspacePage(request, reply, id, { form }, 422);
      }
      if (!reviewsError.is(error, 'STALE_VERSION')) throw error;
      // the person's input kept, over the stored version: saving again overwrites knowingly
      const { review } = await reviews.workspace(request.actor, id);
      const form = { values: { ...values, version: String(review?.version ?? 0) }, errors: {} };
      return workspacePage(request, reply, id, { form, stale: review }, 409);
    }
    return reply
      .flash(input.submit ? 'reviewSubmitted' : 'reviewSaved')
      .redirect(request.href(`/jury/candidatures/${id}`), 303);
  });

  app.post<IdParams>('/jury/candidatures/:id/discussion', jury, async (request, reply) => {
    const id = pageId(request.params.id);
    const values = formValues(request.body);
    try {
      await reviews.post(request.actor, id, values.message ?? '', request.locale);
    } catch (error) {
      if (!reviewsError.is(error, 'POST_INVALID')) throw error;
      const post = { values, errors: (error as AppError).fields ?? {} };
      return workspacePage(request, reply, id, { post }, 422);
    }
    return reply
      .flash('discussionPosted')
      .redirect(request.href(`/jury/candidatures/${id}#discussion`), 303);
  });

  reviewApi(app, reviews);
}

const API_AUTH =
  'By a personal token (`Authorization: Bearer <token>`) or the session (with the X-CSRF-Token header), of the reviewer the assignment is to (403 NOT_ASSIGNED otherwise).';

function reviewApi(app: FastifyInstance, reviews: ReviewsService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const errors = {
    400: reviewApiError,
    401: reviewApiError,
    403: reviewApiError,
    404: reviewApiError,
    409: reviewApiError,
  };

  api.get(
    '/api/v1/assignments/:id/review',
    {
      config: { access: can.jury, api: true },
      schema: {
        tags: ['juries'],
        summary: 'My review of an assignment, with the others’ I may read',
        description: `The other jury members’ submitted reviews, with their names, unless the call hides them until this review is submitted (others_hidden). ${API_AUTH}`,
        params: idParams,
        response: { 200: reviewResponse, ...errors },
      },
    },
    async (request) => {
      const v = await reviews.view(request.actor, positiveId(request.params.id));
      return reviewJson(v.assignment, v.review, v.hidden, v.others);
    },
  );

  api.put(
    '/api/v1/assignments/:id/review',
    {
      config: { access: can.jury, api: true },
      preValidation: accessFirst,
      schema: {
        tags: ['juries'],
        summary: 'Save or submit my review of an assignment, over the version read',
        description: `Scores are integers from 0 to each criterion's top; a draft may leave some out, a submission (submit: true) needs them all unless abstain (422 REVIEW_INVALID with fields: "scores.<key>" → its message; nothing written). A submitted review stays submitted: later saves are re-submissions, until the decision (409 REVIEW_CLOSED). The version read (0 before the first save): another one answers 409 STALE_VERSION with current (the stored review) and sent. ${API_AUTH}`,
        params: idParams,
        body: reviewBody,
        response: { 200: reviewResponse, ...errors, 422: reviewApiError },
      },
    },
    async (request, reply) => {
      const id = positiveId(request.params.id);
      const b = request.body;
      try {
        await reviews.save(
          request.actor,
          id,
          {
            scores: b.scores,
            abstain: b.abstain ?? false,
            commentJury: b.comment_jury ?? '',
            commentApplicant: b.comment_applicant ?? '',
            version: b.version,
            submit: b.submit ?? false,
          },
          request.locale,
        );
      } catch (error) {
        return answerError(request, reply, error);
      }
      const v = await reviews.view(request.actor, id);
      return reviewJson(v.assignment, v.review, v.hidden, v.others);
    },
  );
}
