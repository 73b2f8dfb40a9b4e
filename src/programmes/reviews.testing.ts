import type { Kysely } from 'kysely';
import { person } from '../../test/support/factories.ts';
import type { DB } from '../db/schema.ts';
import type { applicationsFixture } from './programmes.testing.ts';
import type { Criterion, ScoreMethod } from './rubric.ts';

/**
 * What the reviews' tests share. Juries and assignments are another part's work: here they are
 * rows written directly, as that part would leave them.
 */

type ApplicationsFixture = ReturnType<typeof applicationsFixture>;

/** impact weighs 2 on a scale of 10, team 1 on a scale of 5 */
export const RUBRIC: Criterion[] = [
  { key: 'impact', label: { fr: 'Impact', en: 'Impact' }, weight: 2, max: 10 },
  { key: 'team', label: { fr: 'Équipe', en: 'Team' }, weight: 1, max: 5 },
];

/** sets a call's rubric and options as staff would have */
export async function setRubric(
  db: Kysely<DB>,
  callId: number,
  options: { rubric?: Criterion[]; method?: ScoreMethod; hidden?: boolean } = {},
) {
  await db
    .updateTable('programme_calls')
    .set({
      rubric: JSON.stringify(options.rubric ?? RUBRIC),
      score_method: options.method ?? 'weighted_mean',
      scores_hidden_until_submitted: options.hidden ?? true,
    })
    .where('id', '=', callId)
    .execute();
}

/** the reviewer on the call's jury and assigned to the application; the assignment's id */
export async function assign(
  db: Kysely<DB>,
  applicationId: number,
  reviewerId: string,
): Promise<number> {
  const app = await db
    .selectFrom('programme_applications')
    .select('call_id')
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('programme_jury_members')
    .values({ call_id: app.call_id, user_id: reviewerId, added_by: null })
    .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing())
    .execute();
  const row = await db
    .insertInto('programme_assignments')
    .values({
      application_id: applicationId,
      reviewer_id: reviewerId,
      method: 'manual',
      assigned_by: null,
      override_reason: null,
      overridden_conflicts: null,
      overridden_by: null,
      removed_at: null,
      removed_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** a new call with the rubric, an application submitted to it, and two reviewers assigned */
export async function reviewedApplication(
  f: ApplicationsFixture,
  options: Parameters<typeof setRubric>[2] = {},
) {
  const call = await f.newCall();
  await setRubric(f.db, call.id, options);
  const applicant = await f.applicant();
  const { applications } = f.services();
  const draft = await applications.start(
    applicant.actor,
    {
      callId: call.id,
      organisationSiren: applicant.org.siren,
      answers: { project: 'Robots', founders: [{ name: 'Alice' }] },
    },
    'fr',
  );
  await applications.submit(applicant.actor, draft.id, 'fr');
  const a = await person(f.db, { role: 'reviewer' });
  const b = await person(f.db, { role: 'reviewer' });
  return {
    call,
    applicant,
    applicationId: draft.id,
    a: { actor: a, assignment: await assign(f.db, draft.id, a.user.id) },
    b: { actor: b, assignment: await assign(f.db, draft.id, b.user.id) },
  };
}

/** a review's input with defaults */
export const input = (
  more: Partial<{
    scores: Record<string, unknown>;
    abstain: boolean;
    commentJury: string;
    commentApplicant: string;
    version: number;
    submit: boolean;
  }> = {},
) => ({
  scores: {},
  abstain: false,
  commentJury: '',
  commentApplicant: '',
  version: 0,
  submit: false,
  ...more,
});
