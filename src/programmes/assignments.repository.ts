import { type Kysely, sql } from 'kysely';
import type { ConflictType } from '../db/juries.schema.ts';
import type { DB, Role } from '../db/schema.ts';

export type JuryMemberRow = {
  user_id: string;
  name: string;
  email: string;
  role: Role;
  is_demo: boolean;
  /** the call's active assignments of this member */
  load: number;
};

export type AssignmentRow = {
  id: number;
  application_id: number;
  reviewer_id: string;
  reviewer_name: string;
  reviewer_email: string;
  method: 'manual' | 'automatic';
  assigned_at: Date;
  override_reason: string | null;
  overridden_conflicts: unknown;
  is_demo: boolean;
  /** the reviewer submitted their review */
  reviewed: boolean;
};

export type AssignableRow = {
  id: number;
  call_id: number;
  state: string;
  organisation_id: string;
  organisation_name: string;
  is_demo: boolean;
};

export type AccountRow = { id: string; name: string; email: string; role: Role };

const ASSIGNABLE = ['submitted', 'under_review'] as const;

/** juries: the call's row and settings, its members, accounts */
function juryQueries(db: Kysely<DB>) {
  return {
    /** the call's row, locked until the transaction ends: one assignment work per call at a time */
    lockCall(callId: number) {
      return db
        .selectFrom('programme_calls')
        .select(['id', 'reviewers_per_application'])
        .where('id', '=', callId)
        .forUpdate()
        .executeTakeFirst();
    },

    async reviewersPerApplication(callId: number): Promise<number> {
      const row = await db
        .selectFrom('programme_calls')
        .select('reviewers_per_application')
        .where('id', '=', callId)
        .executeTakeFirst();
      return row?.reviewers_per_application ?? 0;
    },

    async setReviewersPerApplication(callId: number, n: number) {
      await db
        .updateTable('programme_calls')
        .set({ reviewers_per_application: n })
        .where('id', '=', callId)
        .execute();
    },

    async members(callId: number): Promise<JuryMemberRow[]> {
      const rows = await db
        .selectFrom('programme_jury_members as j')
        .innerJoin('users as u', 'u.id', 'j.user_id')
        .select([
          'j.user_id',
          'u.name',
          'u.email',
          'u.role',
          'j.is_demo',
          (eb) =>
            eb
              .selectFrom('programme_assignments as pa')
              .innerJoin('programme_applications as a', 'a.id', 'pa.application_id')
              .select(sql<number>`count(*)::int`.as('n'))
              .whereRef('pa.reviewer_id', '=', 'j.user_id')
              .where('pa.removed_at', 'is', null)
              .where('a.call_id', '=', callId)
              .as('load'),
        ])
        .where('j.call_id', '=', callId)
        .orderBy('u.name')
        .orderBy('j.user_id')
        .execute();
      return rows.map((r) => ({ ...r, load: Number(r.load ?? 0) }));
    },

    async isMember(callId: number, userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('programme_jury_members')
        .select('user_id')
        .where('call_id', '=', callId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** false when the person already sat on the jury */
    async addMember(callId: number, userId: string, by: string): Promise<boolean> {
      const row = await db
        .insertInto('programme_jury_members')
        .values({ call_id: callId, user_id: userId, added_by: by })
        .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing())
        .returning('user_id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async removeMember(callId: number, userId: string): Promise<boolean> {
      const row = await db
        .deleteFrom('programme_jury_members')
        .where('call_id', '=', callId)
        .where('user_id', '=', userId)
        .returning('user_id')
        .executeTakeFirst();
      return row !== undefined;
    },

    account(by: { email: string } | { id: string }): Promise<AccountRow | undefined> {
      const q = db.selectFrom('users').select(['id', 'name', 'email', 'role']);
      return 'email' in by
        ? q.where(sql`lower(email)`, '=', by.email.trim().toLowerCase()).executeTakeFirst()
        : q.where('id', '=', by.id).executeTakeFirst();
    },
  };
}

/** a call's applications and their assignments */
function assignmentQueries(db: Kysely<DB>) {
  const assignments = () =>
    db
      .selectFrom('programme_assignments as pa')
      .innerJoin('users as u', 'u.id', 'pa.reviewer_id')
      .leftJoin('programme_reviews as pr', 'pr.assignment_id', 'pa.id')
      .select([
        'pa.id',
        'pa.application_id',
        'pa.reviewer_id',
        'u.name as reviewer_name',
        'u.email as reviewer_email',
        'pa.method',
        'pa.assigned_at',
        'pa.override_reason',
        'pa.overridden_conflicts',
        'pa.is_demo',
        sql<boolean>`pr.submitted_at IS NOT NULL`.as('reviewed'),
      ])
      .where('pa.removed_at', 'is', null);

  const applications = () =>
    db
      .selectFrom('programme_applications as a')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .select([
        'a.id',
        'a.call_id',
        'a.state',
        'a.organisation_id',
        'o.name as organisation_name',
        'a.is_demo',
      ]);

  return {
    /** the call's applications that take reviewers (submitted, under review), oldest first */
    assignable(callId: number): Promise<AssignableRow[]> {
      return applications()
        .where('a.call_id', '=', callId)
        .where('a.state', 'in', [...ASSIGNABLE])
        .orderBy('a.submitted_at')
        .orderBy('a.id')
        .execute() as Promise<AssignableRow[]>;
    },

    application(id: number): Promise<AssignableRow | undefined> {
      return applications().where('a.id', '=', id).executeTakeFirst() as Promise<
        AssignableRow | undefined
      >;
    },

    /** the active assignments of the call's applications (or of one application) */
    active(where: { callId: number } | { applicationId: number }): Promise<AssignmentRow[]> {
      const q = assignments().orderBy('pa.assigned_at').orderBy('pa.id');
      return (
        'callId' in where
          ? q
              .innerJoin('programme_applications as a', 'a.id', 'pa.application_id')
              .where('a.call_id', '=', where.callId)
              .execute()
          : q.where('pa.application_id', '=', where.applicationId).execute()
      ) as Promise<AssignmentRow[]>;
    },

    find(id: number): Promise<AssignmentRow | undefined> {
      return assignments().where('pa.id', '=', id).executeTakeFirst() as Promise<
        AssignmentRow | undefined
      >;
    },

    async insert(values: {
      application_id: number;
      reviewer_id: string;
      method: 'manual' | 'automatic';
      assigned_by: string;
      override_reason?: string;
      overridden_conflicts?: unknown;
      is_demo?: boolean;
    }) {
      return db
        .insertInto('programme_assignments')
        .values({
          application_id: values.application_id,
          reviewer_id: values.reviewer_id,
          method: values.method,
          assigned_by: values.assigned_by,
          override_reason: values.override_reason ?? null,
          overridden_conflicts:
            values.overridden_conflicts === undefined
              ? null
              : JSON.stringify(values.overridden_conflicts),
          overridden_by: values.override_reason ? values.assigned_by : null,
          is_demo: values.is_demo ?? false,
        })
        .returning(['id', 'assigned_at'])
        .executeTakeFirstOrThrow();
    },

    async markRemoved(id: number, by: string): Promise<boolean> {
      const row = await db
        .updateTable('programme_assignments')
        .set({ removed_at: sql`now()`, removed_by: by })
        .where('id', '=', id)
        .where('removed_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** how many reviews this person submitted on the call's applications */
    async submittedReviews(callId: number, userId: string): Promise<number> {
      const row = await db
        .selectFrom('programme_reviews as pr')
        .innerJoin('programme_assignments as pa', 'pa.id', 'pr.assignment_id')
        .innerJoin('programme_applications as a', 'a.id', 'pa.application_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('a.call_id', '=', callId)
        .where('pa.reviewer_id', '=', userId)
        .where('pr.submitted_at', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** a person's declarations of conflicts of interest */
function declarationQueries(db: Kysely<DB>) {
  return {
    declarations(userId: string) {
      return db
        .selectFrom('conflict_declarations as d')
        .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
        .select([
          'd.id',
          'd.organisation_id',
          'o.name as organisation_name',
          'o.slug as organisation_slug',
          'd.type',
          'd.note',
          'd.created_at',
        ])
        .where('d.user_id', '=', userId)
        .orderBy('o.name')
        .orderBy('d.id')
        .execute();
    },

    /** null when this person already declared a conflict with this organisation */
    async declare(v: { userId: string; organisationId: string; type: ConflictType; note: string }) {
      const row = await db
        .insertInto('conflict_declarations')
        .values({
          user_id: v.userId,
          organisation_id: v.organisationId,
          type: v.type,
          note: v.note,
        })
        .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doNothing())
        .returning(['id', 'created_at'])
        .executeTakeFirst();
      return row ?? null;
    },

    async undeclare(id: number, userId: string) {
      return db
        .deleteFrom('conflict_declarations')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .returning(['id', 'organisation_id', 'type', 'note'])
        .executeTakeFirst();
    },
  };
}

/** The SQL of juries, assignments and declarations of conflicts. */
export function assignmentsRepository(db: Kysely<DB>) {
  return { ...juryQueries(db), ...assignmentQueries(db), ...declarationQueries(db) };
}

export type AssignmentsRepository = ReturnType<typeof assignmentsRepository>;
