import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Outcome } from './decisions.letter.ts';
import type { RankedReview } from './decisions.ranking.ts';

export type DecisionRow = {
  application_id: number;
  decision: Outcome;
  reasons: string;
  decided_by: string | null;
  decided_at: Date;
  letter_locale: 'fr' | 'en' | null;
  letter_stored_name: string | null;
  letter_sha256: string | null;
  is_demo: boolean;
};

export type LabelRow = {
  id: number;
  name_fr: string;
  name_en: string;
  valid_from: string;
  valid_until: string | null;
  status: 'active' | 'withdrawn';
};

/** a reviewer's review of an application, as staff read it before deciding */
export type StaffReviewRow = {
  assignment_id: number;
  reviewer_name: string;
  abstain: boolean | null;
  result: number | null;
  comment_jury: string | null;
  comment_applicant: string | null;
  submitted_at: Date | null;
};

const LABEL_COLUMNS = ['id', 'name_fr', 'name_en', 'valid_from', 'valid_until', 'status'] as const;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** a date column, whichever way the engine hands it back */
const day = (v: unknown) =>
  v instanceof Date ? v.toISOString().slice(0, 10) : v === null ? null : String(v).slice(0, 10);

function labelOut(row: Record<string, unknown>): LabelRow {
  return {
    id: Number(row.id),
    name_fr: String(row.name_fr),
    name_en: String(row.name_en),
    valid_from: day(row.valid_from) ?? '',
    valid_until: day(row.valid_until),
    status: row.status as LabelRow['status'],
  };
}

/**
 * The SQL of decisions: what a decision reads of its call, the decision's row, the label an
 * acceptance confers, and who is told.
 */
export function decisionsRepository(db: Kysely<DB>) {
  return {
    /** what a decision needs of its call: titles, letters, the label it confers */
    callFacts(callId: number) {
      return db
        .selectFrom('programme_calls')
        .select([
          'id',
          'title_fr',
          'title_en',
          'letter_templates',
          'label_name_fr',
          'label_name_en',
          'label_valid_months',
        ])
        .where('id', '=', callId)
        .executeTakeFirst();
    },

    async decision(
      applicationId: number,
    ): Promise<(DecisionRow & { decider: string | null }) | undefined> {
      const row = await db
        .selectFrom('programme_decisions as d')
        .leftJoin('users as u', 'u.id', 'd.decided_by')
        .selectAll('d')
        .select('u.name as decider')
        .where('d.application_id', '=', applicationId)
        .executeTakeFirst();
      return row ? { ...row, application_id: Number(row.application_id) } : undefined;
    },

    async insertDecision(row: Omit<DecisionRow, 'decided_at'> & { decided_at: Date }) {
      const out = await db
        .insertInto('programme_decisions')
        .values(row)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { ...out, application_id: Number(out.application_id) } as DecisionRow;
    },

    async insertLabel(row: {
      name_fr: string;
      name_en: string;
      organisation_id: string;
      call_id: number;
      application_id: number;
      valid_from: string;
      valid_until: string | null;
      is_demo: boolean;
    }): Promise<LabelRow> {
      return labelOut(
        await db
          .insertInto('labels')
          .values(row)
          .returning(LABEL_COLUMNS)
          .executeTakeFirstOrThrow(),
      );
    },

    async labelOf(applicationId: number): Promise<LabelRow | undefined> {
      const row = await db
        .selectFrom('labels')
        .select(LABEL_COLUMNS)
        .where('application_id', '=', applicationId)
        .executeTakeFirst();
      return row ? labelOut(row) : undefined;
    },

    organisation(id: string) {
      return db
        .selectFrom('organisations')
        .select(['id', 'name', 'slug'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /**
     * Who is told of a decision: the applicant, and the organisation's other members with a
     * verified address; never a disabled account. The applicant first.
     */
    async recipients(applicantId: string, organisationId: string) {
      const rows = await db
        .selectFrom('users as u')
        .select(['u.id', 'u.email', 'u.name', 'u.locale'])
        .where('u.disabled_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('u.id', '=', applicantId),
            eb.and([
              eb('u.email_verified_at', 'is not', null),
              eb.exists(
                eb
                  .selectFrom('organisation_members as m')
                  .select('m.user_id')
                  .whereRef('m.user_id', '=', 'u.id')
                  .where('m.organisation_id', '=', organisationId),
              ),
            ]),
          ]),
        )
        .orderBy('u.email')
        .execute();
      return [
        ...rows.filter((r) => r.id === applicantId),
        ...rows.filter((r) => r.id !== applicantId),
      ];
    },

    /** the applicant's language (the letter's), French unless their account says English */
    async applicantLocale(applicantId: string): Promise<'fr' | 'en'> {
      const row = await db
        .selectFrom('users')
        .select('locale')
        .where('id', '=', applicantId)
        .executeTakeFirst();
      return row?.locale === 'en' ? 'en' : 'fr';
    },
  };
}

/**
 * What decisions read of the jury's tables (written by the juries' and reviews' code): the reviews
 * of an application, what the applicant may read of them, a call's reviews for its ranking.
 */
export function juryReviewsRepository(db: Kysely<DB>) {
  return {
    /** the reviews of an application's live assignments, with the reviewers' names (staff) */
    async reviews(applicationId: number): Promise<StaffReviewRow[]> {
      const rows = await db
        .selectFrom('programme_assignments as a')
        .innerJoin('users as u', 'u.id', 'a.reviewer_id')
        .leftJoin('programme_reviews as r', 'r.assignment_id', 'a.id')
        .select([
          'a.id as assignment_id',
          'u.name as reviewer_name',
          'r.abstain',
          'r.result',
          'r.comment_jury',
          'r.comment_applicant',
          'r.submitted_at',
        ])
        .where('a.application_id', '=', applicationId)
        .where('a.removed_at', 'is', null)
        .orderBy('a.id')
        .execute();
      return rows.map((r) => ({
        ...r,
        assignment_id: Number(r.assignment_id),
        result: num(r.result),
      }));
    },

    /** what the jury wrote to the applicant, in submitted reviews, without who wrote it */
    async commentsToApplicant(applicationId: number): Promise<string[]> {
      const rows = await db
        .selectFrom('programme_assignments as a')
        .innerJoin('programme_reviews as r', 'r.assignment_id', 'a.id')
        .select('r.comment_applicant')
        .where('a.application_id', '=', applicationId)
        .where('a.removed_at', 'is', null)
        .where('r.submitted_at', 'is not', null)
        .where('r.comment_applicant', '<>', '')
        .orderBy('a.id')
        .execute();
      return rows.map((r) => r.comment_applicant);
    },

    /** every live assignment of a call's applications, with its review's state (the ranking) */
    async callReviews(callId: number): Promise<RankedReview[]> {
      const rows = await db
        .selectFrom('programme_assignments as a')
        .innerJoin('programme_applications as p', 'p.id', 'a.application_id')
        .leftJoin('programme_reviews as r', 'r.assignment_id', 'a.id')
        .select(['a.application_id', 'r.submitted_at', 'r.abstain', 'r.result'])
        .where('p.call_id', '=', callId)
        .where('a.removed_at', 'is', null)
        .execute();
      return rows.map((r) => ({
        application_id: Number(r.application_id),
        submitted: r.submitted_at !== null,
        abstain: r.abstain === true,
        result: num(r.result),
      }));
    },

    /** the applications named, with their organisation and decision */
    async applications(ids: number[]) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('programme_applications as p')
        .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
        .leftJoin('programme_decisions as d', 'd.application_id', 'p.id')
        .select([
          'p.id',
          'p.acknowledgement',
          'p.state',
          'p.is_demo',
          'o.name as organisation',
          'd.decision',
        ])
        .where('p.id', 'in', ids)
        .execute();
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },
  };
}
