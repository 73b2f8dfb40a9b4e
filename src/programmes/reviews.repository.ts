import { type Kysely, sql } from 'kysely';
import type { ApplicationState, DB } from '../db/schema.ts';
import type { ScoreMethod } from './rubric.ts';

/** How a call is reviewed, as stored on it (0029). */
export type CallSettingsRow = {
  id: number;
  programme_id: number;
  title_fr: string;
  title_en: string;
  is_demo: boolean;
  rubric: unknown;
  score_method: ScoreMethod;
  reviewers_per_application: number;
  scores_hidden_until_submitted: boolean;
  letter_templates: unknown;
  label_name_fr: string | null;
  label_name_en: string | null;
  label_valid_months: number | null;
};

export type SettingsValues = Omit<
  CallSettingsRow,
  'id' | 'programme_id' | 'title_fr' | 'title_en' | 'is_demo'
>;

const SETTINGS = [
  'id',
  'programme_id',
  'title_fr',
  'title_en',
  'is_demo',
  'rubric',
  'score_method',
  'reviewers_per_application',
  'scores_hidden_until_submitted',
  'letter_templates',
  'label_name_fr',
  'label_name_en',
  'label_valid_months',
] as const;

export type ReviewRow = {
  assignment_id: number;
  scores: Record<string, number>;
  abstain: boolean;
  comment_jury: string;
  comment_applicant: string;
  result: number | null;
  version: number;
  submitted_at: Date | null;
  updated_at: Date;
};

const REVIEW = [
  'assignment_id',
  'scores',
  'abstain',
  'comment_jury',
  'comment_applicant',
  'result',
  'version',
  'submitted_at',
  'updated_at',
] as const;

/** an assignment with what its review's rules need of its application */
export type AssignmentRow = {
  id: number;
  application_id: number;
  reviewer_id: string;
  removed_at: Date | null;
  call_id: number;
  state: ApplicationState;
  decided: boolean;
};

export type ReviewWrite = Pick<
  ReviewRow,
  'scores' | 'abstain' | 'comment_jury' | 'comment_applicant' | 'result' | 'submitted_at'
>;

/** The SQL of reviews: the calls' settings, the assignments read, reviews, the discussion. */
export function reviewsRepository(db: Kysely<DB>) {
  const assignmentQuery = () =>
    db
      .selectFrom('programme_assignments as a')
      .innerJoin('programme_applications as p', 'p.id', 'a.application_id')
      .select([
        'a.id',
        'a.application_id',
        'a.reviewer_id',
        'a.removed_at',
        'p.call_id',
        'p.state',
        sql<boolean>`exists (select 1 from programme_decisions d where d.application_id = p.id)`.as(
          'decided',
        ),
      ]);

  return {
    ...callSettingsQueries(db),
    ...juryListQueries(db),
    assignment(id: number): Promise<AssignmentRow | undefined> {
      return assignmentQuery().where('a.id', '=', id).executeTakeFirst();
    },

    /** the person's active assignment on the application, if any */
    activeAssignment(applicationId: number, userId: string): Promise<AssignmentRow | undefined> {
      return assignmentQuery()
        .where('a.application_id', '=', applicationId)
        .where('a.reviewer_id', '=', userId)
        .where('a.removed_at', 'is', null)
        .executeTakeFirst();
    },

    review(assignmentId: number): Promise<ReviewRow | undefined> {
      return db
        .selectFrom('programme_reviews')
        .select(REVIEW)
        .where('assignment_id', '=', assignmentId)
        .executeTakeFirst() as Promise<ReviewRow | undefined>;
    },

    /** the first save of a review; undefined when another one made it first */
    insertReview(assignmentId: number, v: ReviewWrite, now: Date): Promise<ReviewRow | undefined> {
      return db
        .insertInto('programme_reviews')
        .values({
          assignment_id: assignmentId,
          ...v,
          scores: JSON.stringify(v.scores),
          updated_at: now,
        })
        .onConflict((oc) => oc.column('assignment_id').doNothing())
        .returning(REVIEW)
        .executeTakeFirst() as Promise<ReviewRow | undefined>;
    },

    /** a save over the version read; undefined when the stored one is another */
    updateReview(
      assignmentId: number,
      version: number,
      v: ReviewWrite,
      now: Date,
    ): Promise<ReviewRow | undefined> {
      return db
        .updateTable('programme_reviews')
        .set({
          ...v,
          scores: JSON.stringify(v.scores),
          version: sql`version + 1`,
          updated_at: now,
        })
        .where('assignment_id', '=', assignmentId)
        .where('version', '=', version)
        .returning(REVIEW)
        .executeTakeFirst() as Promise<ReviewRow | undefined>;
    },

    /** the submitted reviews of an application's active assignments, with their reviewer */
    submittedOf(applicationId: number) {
      return db
        .selectFrom('programme_reviews as r')
        .innerJoin('programme_assignments as a', 'a.id', 'r.assignment_id')
        .leftJoin('users as u', 'u.id', 'a.reviewer_id')
        .select([
          'a.id as assignment_id',
          'a.reviewer_id',
          'u.name as reviewer_name',
          'r.scores',
          'r.abstain',
          'r.result',
          'r.comment_jury',
          'r.submitted_at',
        ])
        .where('a.application_id', '=', applicationId)
        .where('a.removed_at', 'is', null)
        .where('r.submitted_at', 'is not', null)
        .orderBy('a.id')
        .execute() as Promise<
        {
          assignment_id: number;
          reviewer_id: string;
          reviewer_name: string | null;
          scores: Record<string, number>;
          abstain: boolean;
          result: number | null;
          comment_jury: string;
          submitted_at: Date;
        }[]
      >;
    },
  };
}

/** a call's review settings, and how many of its reviews are submitted */
function callSettingsQueries(db: Kysely<DB>) {
  return {
    callSettings(callId: number): Promise<CallSettingsRow | undefined> {
      return db
        .selectFrom('programme_calls')
        .select(SETTINGS)
        .where('id', '=', callId)
        .executeTakeFirst() as Promise<CallSettingsRow | undefined>;
    },

    lockCallSettings(callId: number): Promise<CallSettingsRow | undefined> {
      return db
        .selectFrom('programme_calls')
        .select(SETTINGS)
        .where('id', '=', callId)
        .forUpdate()
        .executeTakeFirst() as Promise<CallSettingsRow | undefined>;
    },

    async saveSettings(callId: number, v: SettingsValues): Promise<void> {
      await db
        .updateTable('programme_calls')
        .set({
          rubric: JSON.stringify(v.rubric),
          score_method: v.score_method,
          reviewers_per_application: v.reviewers_per_application,
          scores_hidden_until_submitted: v.scores_hidden_until_submitted,
          letter_templates: JSON.stringify(v.letter_templates),
          label_name_fr: v.label_name_fr,
          label_name_en: v.label_name_en,
          label_valid_months: v.label_valid_months,
        })
        .where('id', '=', callId)
        .execute();
    },

    /** how many reviews of the call's applications are submitted */
    async submittedCount(callId: number): Promise<number> {
      const row = await db
        .selectFrom('programme_reviews as r')
        .innerJoin('programme_assignments as a', 'a.id', 'r.assignment_id')
        .innerJoin('programme_applications as p', 'p.id', 'a.application_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('p.call_id', '=', callId)
        .where('r.submitted_at', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** a reviewer's assignments, and an application's discussion */
function juryListQueries(db: Kysely<DB>) {
  return {
    /** the person's active assignments, with their application, call and review's state */
    assignmentsOf(userId: string) {
      return db
        .selectFrom('programme_assignments as a')
        .innerJoin('programme_applications as p', 'p.id', 'a.application_id')
        .innerJoin('programme_calls as c', 'c.id', 'p.call_id')
        .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
        .leftJoin('programme_reviews as r', 'r.assignment_id', 'a.id')
        .select([
          'a.id',
          'a.application_id',
          'a.is_demo',
          'p.acknowledgement',
          'p.state',
          'c.id as call_id',
          'c.title_fr',
          'c.title_en',
          'o.name as organisation_name',
          'r.version',
          'r.submitted_at',
        ])
        .where('a.reviewer_id', '=', userId)
        .where('a.removed_at', 'is', null)
        .orderBy('c.closes_at', 'desc')
        .orderBy('c.id')
        .orderBy('p.acknowledgement')
        .orderBy('a.id')
        .execute();
    },

    posts(applicationId: number) {
      return db
        .selectFrom('programme_discussion_posts as d')
        .leftJoin('users as u', 'u.id', 'd.author_id')
        .select(['d.id', 'd.body', 'd.created_at', 'u.name as author_name'])
        .where('d.application_id', '=', applicationId)
        .orderBy('d.id')
        .execute();
    },

    async insertPost(applicationId: number, authorId: string, body: string): Promise<number> {
      const row = await db
        .insertInto('programme_discussion_posts')
        .values({ application_id: applicationId, author_id: authorId, body })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
  };
}
