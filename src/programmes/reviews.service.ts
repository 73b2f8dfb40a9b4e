import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { DB } from '../db/schema.ts';
import { coreError, type FieldErrors } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, authorize, requireUser } from '../kernel/policy.ts';
import { applicationsRepository } from './applications.repository.ts';
import { attachmentsRepository } from './attachments.repository.ts';
import { storedFields } from './forms/definition.ts';
import { withDetails } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { programmesRepository } from './programmes.repository.ts';
import { reviewRepository } from './review.repository.ts';
import { reviewsEn } from './reviews.en.ts';
import { reviewsError } from './reviews.errors.ts';
import { reviewsFr } from './reviews.fr.ts';
import {
  type AssignmentRow,
  type ReviewRow,
  type ReviewWrite,
  reviewsRepository,
} from './reviews.repository.ts';
import { COMMENT_MAX } from './reviews.schema.ts';
import { reviewResult, scoreProblems, storedRubric } from './rubric.ts';

const text = { fr: reviewsFr, en: reviewsEn };

/** a review as the reviewer sends it (page or API) */
export type ReviewInput = {
  scores: Record<string, unknown>;
  abstain: boolean;
  commentJury: string;
  commentApplicant: string;
  /** the version read: 0 when no review was saved yet */
  version: number;
  submit: boolean;
};

/** another jury member's submitted review, as a jury member or staff may read it */
export type OtherReview = {
  assignmentId: number;
  reviewer: string;
  scores: Record<string, number>;
  abstain: boolean;
  result: number | null;
  commentJury: string;
  submittedAt: Date;
};

/** the stored review, as a STALE_VERSION answer gives it */
export function storedJson(r: ReviewRow | undefined) {
  return {
    scores: r?.scores ?? {},
    abstain: r?.abstain ?? false,
    comment_jury: r?.comment_jury ?? '',
    comment_applicant: r?.comment_applicant ?? '',
    result: r?.result ?? null,
    version: r?.version ?? 0,
    submitted_at: r?.submitted_at ? r.submitted_at.toISOString() : null,
  };
}

function stale(current: ReviewRow | undefined, sent: ReviewInput) {
  return withDetails(reviewsError('STALE_VERSION'), {
    current: storedJson(current),
    sent: {
      scores: sent.scores,
      abstain: sent.abstain,
      comment_jury: sent.commentJury,
      comment_applicant: sent.commentApplicant,
      version: sent.version,
    },
  });
}

/** what an audit entry says of a submitted review */
const outcome = (r: Pick<ReviewRow, 'abstain' | 'result'>) =>
  r.abstain ? { abstain: true } : { result: r.result };

const CLOSED_STATES = new Set(['accepted', 'refused', 'withdrawn']);
export const isClosed = (a: Pick<AssignmentRow, 'state' | 'decided'>) =>
  a.decided || CLOSED_STATES.has(a.state);

/**
 * Reviews: a reviewer's review of their active assignment, saved as a draft or submitted, over
 * the version read (a save over another answers STALE_VERSION with both texts, nothing written);
 * the submitted reviews a jury member may read of the others; the reviewer's list; the jury's
 * discussion of an application.
 */
export function reviewsService(db: Kysely<DB>, clock: () => Date = () => new Date()) {
  const repo = reviewsRepository(db);

  /** the person's standing on an application: their active assignment, or staff; else 403 */
  async function standing(actor: Actor, applicationId: number) {
    authorize(actor, can.jury, undefined);
    const user = requireUser(actor);
    const exists = await db
      .selectFrom('programme_applications')
      .select(['id', 'call_id'])
      .where('id', '=', applicationId)
      .executeTakeFirst();
    if (!exists) throw coreError('NOT_FOUND');
    const own = await repo.activeAssignment(applicationId, user.id);
    if (!can.readAsJury(actor, { assigned: own !== undefined })) throw reviewsError('NOT_ASSIGNED');
    return { user, own, callId: Number(exists.call_id) };
  }

  /** the others' submitted reviews this person may read now, or null while they are hidden */
  async function othersFor(
    applicationId: number,
    callId: number,
    own: { id: number; submitted: boolean } | undefined,
  ): Promise<{ hidden: boolean; others: OtherReview[] }> {
    const call = await repo.callSettings(callId);
    const hidden = Boolean(own && call?.scores_hidden_until_submitted && !own.submitted);
    if (hidden) return { hidden, others: [] };
    const rows = await repo.submittedOf(applicationId);
    const others = rows
      .filter((r) => r.assignment_id !== own?.id)
      .map((r) => ({
        assignmentId: r.assignment_id,
        reviewer: r.reviewer_name ?? '',
        scores: r.scores,
        abstain: r.abstain,
        result: r.result,
        commentJury: r.comment_jury,
        submittedAt: r.submitted_at,
      }));
    return { hidden, others };
  }

  return {
    /** the person's active assignments, each with its review's state */
    async assignments(actor: Actor) {
      authorize(actor, can.jury, undefined);
      return repo.assignmentsOf(requireUser(actor).id);
    },

    /**
     * What a jury member (or staff) reads of an application: their assignment and review, the
     * rubric, the others' submitted reviews when they may see them, the discussion.
     */
    async workspace(actor: Actor, applicationId: number) {
      const { own, callId } = await standing(actor, applicationId);
      const review = own ? await repo.review(own.id) : undefined;
      const application = await applicationsRepository(db).find(applicationId);
      if (!application) throw coreError('NOT_FOUND');
      const [form, organisation, files, call, others, posts] = await Promise.all([
        programmesRepository(db).formVersion(callId, application.form_version),
        reviewRepository(db).organisation(application.organisation_id),
        attachmentsRepository(db).listed(applicationId),
        repo.callSettings(callId),
        othersFor(
          applicationId,
          callId,
          own ? { id: own.id, submitted: Boolean(review?.submitted_at) } : undefined,
        ),
        repo.posts(applicationId),
      ]);
      if (!call || !organisation) throw coreError('NOT_FOUND');
      return {
        application,
        fields: form ? storedFields(form.fields) : [],
        organisation,
        /** the files attached, by their id as a file answer names them */
        files: new Map(files.map((f) => [String(f.id), f.original_name])),
        call,
        rubric: storedRubric(call.rubric),
        assignment: own ?? null,
        closed: own ? isClosed(own) : false,
        review: review ?? null,
        ...others,
        posts,
      };
    },

    /** one assignment's review with the others it may read (the API's GET) */
    async view(actor: Actor, assignmentId: number) {
      authorize(actor, can.jury, undefined);
      const user = requireUser(actor);
      const a = await repo.assignment(assignmentId);
      if (!a) throw coreError('NOT_FOUND');
      if (a.reviewer_id !== user.id || a.removed_at) throw reviewsError('NOT_ASSIGNED');
      const review = await repo.review(assignmentId);
      const others = await othersFor(a.application_id, a.call_id, {
        id: a.id,
        submitted: Boolean(review?.submitted_at),
      });
      return { assignment: a, review: review ?? null, ...others };
    },

    save: (actor: Actor, assignmentId: number, input: ReviewInput, locale: Locale) =>
      saveReview(db, clock, actor, assignmentId, input, locale),

    /** a message of the jury's discussion: a jury member of the application, or staff */
    async post(actor: Actor, applicationId: number, body: string, locale: Locale) {
      const { user } = await standing(actor, applicationId);
      const trimmed = body.trim();
      const p = text[locale].problems;
      const problem =
        trimmed === '' ? p.emptyPost : [...trimmed].length > COMMENT_MAX ? p.longPost : null;
      if (problem)
        throw withDetails(reviewsError('POST_INVALID', undefined, { message: problem }), {
          fields: { message: problem },
        });
      return repo.insertPost(applicationId, user.id, trimmed);
    },
  };
}

/**
 * Saves the person's review of their assignment over the version read: a draft (scores may
 * be partial) or a submission (every criterion scored, or an abstention; the result
 * computed). A submitted review stays submitted: each later save is a re-submission, until
 * the decision. Refusals: 403 not theirs, 409 decided, 422 with a message per score or
 * comment, 409 STALE_VERSION with the stored review and what was sent. Nothing is written
 * unless everything holds; a submission is audited in the same transaction.
 */
async function saveReview(
  db: Kysely<DB>,
  clock: () => Date,
  actor: Actor,
  assignmentId: number,
  input: ReviewInput,
  locale: Locale,
): Promise<ReviewRow> {
  authorize(actor, can.jury, undefined);
  const user = requireUser(actor);
  const p = text[locale].problems;
  return db.transaction().execute(async (trx) => {
    const r = reviewsRepository(trx);
    const a = await r.assignment(assignmentId);
    if (!a) throw coreError('NOT_FOUND');
    if (a.reviewer_id !== user.id || a.removed_at) throw reviewsError('NOT_ASSIGNED');
    if (isClosed(a)) throw reviewsError('REVIEW_CLOSED');
    const call = await r.callSettings(a.call_id);
    if (!call) throw coreError('NOT_FOUND');
    const rubric = storedRubric(call.rubric);
    const stored = await r.review(assignmentId);
    if (input.version !== (stored?.version ?? 0)) throw stale(stored, input);
    const submit = input.submit || Boolean(stored?.submitted_at);
    const scores = input.abstain ? {} : input.scores;
    const problems: FieldErrors = {};
    const byKey = new Map(rubric.map((c) => [c.key, c]));
    const found = input.abstain ? {} : scoreProblems(rubric, scores, submit);
    for (const [key, problem] of Object.entries(found)) {
      problems[`scores.${key}`] =
        problem === 'out_of_scale' ? p.out_of_scale(byKey.get(key)?.max ?? 0) : p[problem];
    }
    if (submit && !input.abstain && rubric.length === 0) problems.scores = p.noRubric;
    if ([...input.commentJury].length > COMMENT_MAX) problems.comment_jury = p.tooLong;
    if ([...input.commentApplicant].length > COMMENT_MAX) problems.comment_applicant = p.tooLong;
    if (Object.keys(problems).length > 0)
      throw withDetails(reviewsError('REVIEW_INVALID', undefined, problems), {
        fields: problems,
      });
    const now = clock();
    const valid = scores as Record<string, number>;
    const write: ReviewWrite = {
      scores: valid,
      abstain: input.abstain,
      comment_jury: input.commentJury,
      comment_applicant: input.commentApplicant,
      result: submit && !input.abstain ? reviewResult(rubric, valid, call.score_method) : null,
      submitted_at: submit ? (stored?.submitted_at ?? now) : null,
    };
    const saved = stored
      ? await r.updateReview(assignmentId, stored.version, write, now)
      : await r.insertReview(assignmentId, write, now);
    if (!saved) throw stale(await r.review(assignmentId), input);
    if (submit) {
      const again = Boolean(stored?.submitted_at);
      await appendAudit(trx, {
        actorId: user.id,
        subjectType: 'review',
        subjectId: assignmentId,
        applicationId: a.application_id,
        action: again ? 'resubmitted' : 'submitted',
        before: again && stored ? outcome(stored) : null,
        after: outcome(saved),
      });
    }
    return saved;
  });
}

export type ReviewsService = ReturnType<typeof reviewsService>;
export type Workspace = Awaited<ReturnType<ReviewsService['workspace']>>;
