import type { Kysely } from 'kysely';
import { appendAudit, auditService } from '../audit/audit.service.ts';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';
import { type Actor, authorize, requireUser, type SignedInUser } from '../kernel/policy.ts';
import { applicationsRepository } from './applications.repository.ts';
import {
  type AccountRow,
  type AssignableRow,
  type AssignmentRow,
  assignmentsRepository,
  type JuryMemberRow,
} from './assignments.repository.ts';
import {
  type Conflict,
  type ConflictMatrix,
  conflictsReason,
  conflictsService,
  pairKey,
  uncovered,
} from './conflicts.service.ts';
import { programmesJuriesEn } from './juries.en.ts';
import { programmesJuriesFr } from './juries.fr.ts';
import { programmesError, withDetails } from './programmes.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';
import { programmesRepository } from './programmes.repository.ts';

const text = { fr: programmesJuriesFr, en: programmesJuriesEn };
/** the roles that may sit on a jury */
const JURY_ROLES = new Set(['reviewer', 'staff', 'admin']);
export const OVERRIDE_MAX = 5000;

/** an active assignment, with the conflicts found since it was made (none: not flagged) */
export type AssignmentView = AssignmentRow & { flagged: Conflict[] };

export type AssignInput = {
  /** the reviewer, by account (a page's select) or by e-mail address (the API) */
  reviewer: { id: string } | { email: string };
  /** staff's written reason to override the detected conflicts; undefined: no override asked */
  overrideReason?: string | undefined;
};

/** the assignments with the conflicts each has now that its override did not cover */
function flag(list: AssignmentRow[], orgOf: (applicationId: number) => string, m: ConflictMatrix) {
  return list.map((a) => {
    const now = m.get(pairKey(a.reviewer_id, orgOf(a.application_id))) ?? [];
    return { ...a, flagged: uncovered(now, a.overridden_conflicts) };
  });
}

/** what the rules share: who is staff, the call, the state change, the audited insert, the checks */
function kit(db: Kysely<DB>, clock: () => Date) {
  function staff(actor: Actor): SignedInUser {
    authorize(actor, can.manage, undefined);
    return requireUser(actor);
  }

  async function callOf(actor: Actor, callId: number) {
    staff(actor);
    const call = await programmesRepository(db).call(callId);
    if (!call) throw coreError('NOT_FOUND');
    return call;
  }

  /** submitted → under review when a first reviewer is assigned (the history's trigger audits it) */
  async function underReview(trx: Kysely<DB>, app: AssignableRow, userId: string) {
    if (app.state !== 'submitted') return;
    const applications = applicationsRepository(trx);
    const now = clock();
    await applications.changeState(app.id, 'under_review', now);
    await applications.record({
      application_id: app.id,
      from_state: 'submitted',
      to_state: 'under_review',
      actor_id: userId,
      at: now,
    });
    app.state = 'under_review';
  }

  async function insertAudited(
    trx: Kysely<DB>,
    user: SignedInUser,
    app: AssignableRow,
    reviewer: Pick<AccountRow, 'id' | 'name' | 'email'>,
    method: 'manual' | 'automatic',
    override?: { reason: string; conflicts: Conflict[] },
  ) {
    const row = await assignmentsRepository(trx).insert({
      application_id: app.id,
      reviewer_id: reviewer.id,
      method,
      assigned_by: user.id,
      ...(override
        ? { override_reason: override.reason, overridden_conflicts: override.conflicts }
        : {}),
      is_demo: app.is_demo,
    });
    const entry = { actorId: user.id, subjectType: 'assignment', subjectId: row.id };
    await appendAudit(trx, {
      ...entry,
      applicationId: app.id,
      action: 'assigned',
      after: { reviewer: { id: reviewer.id, name: reviewer.name, email: reviewer.email }, method },
    });
    if (override) {
      await appendAudit(trx, {
        ...entry,
        applicationId: app.id,
        action: 'conflict_overridden',
        after: { conflicts: override.conflicts, reason: override.reason },
      });
    }
    await underReview(trx, app, user.id);
    return row;
  }

  /** the reviewer for an assignment of this application, or the reason it is refused */
  async function checkedReviewer(
    trx: Kysely<DB>,
    app: AssignableRow,
    input: AssignInput,
    locale: Locale,
  ) {
    const tx = assignmentsRepository(trx);
    if (app.state !== 'submitted' && app.state !== 'under_review') {
      throw programmesError('NOT_ASSIGNABLE');
    }
    const reviewer = await tx.account(input.reviewer);
    if (!reviewer) throw programmesError('ACCOUNT_UNKNOWN');
    if (!(await tx.isMember(app.call_id, reviewer.id))) throw programmesError('NOT_IN_JURY');
    const current = await tx.active({ applicationId: app.id });
    const same = current.find((a) => a.reviewer_id === reviewer.id);
    if (same) {
      throw withDetails(programmesError('ALREADY_ASSIGNED'), { assignment_id: same.id });
    }
    const org = { id: app.organisation_id, name: app.organisation_name };
    const conflicts = await conflictsService(trx).between(reviewer.id, org);
    if (conflicts.length === 0) return { reviewer };
    const reason = input.overrideReason?.trim() ?? '';
    const declared = conflicts.some((c) => c.kind === 'declared');
    if (input.overrideReason === undefined || declared) {
      throw withDetails(programmesError('CONFLICT_OF_INTEREST'), {
        reason: conflictsReason(conflicts, locale),
        conflicts,
        overridable: !declared,
      });
    }
    if (reason === '' || [...reason].length > OVERRIDE_MAX) {
      const fields = { override_reason: text[locale].jury.overrideRequired };
      throw withDetails(programmesError('OVERRIDE_INVALID', undefined, fields), { fields });
    }
    return { reviewer, override: { reason, conflicts } };
  }

  return { staff, callOf, insertAudited, checkedReviewer };
}

type Kit = ReturnType<typeof kit>;

/** the jury of a call: its page, its members, its number of reviewers per application */
function juryRules(db: Kysely<DB>, { staff, callOf }: Kit) {
  const repo = assignmentsRepository(db);
  return {
    /** the jury's page: the call, its members and their load, its applications and assignments */
    async jury(actor: Actor, callId: number) {
      const call = await callOf(actor, callId);
      const [members, applications, active, perApplication] = await Promise.all([
        repo.members(callId),
        repo.assignable(callId),
        repo.active({ callId }),
        repo.reviewersPerApplication(callId),
      ]);
      const orgOf = new Map(applications.map((a) => [a.id, a.organisation_id]));
      const reviewers = [...new Set(active.map((a) => a.reviewer_id))];
      const m = await conflictsService(db).matrix(
        reviewers,
        applications.map((a) => ({ id: a.organisation_id, name: a.organisation_name })),
      );
      const views = flag(
        active.filter((a) => orgOf.has(a.application_id)),
        (id) => orgOf.get(id) ?? '',
        m,
      );
      return {
        call,
        perApplication,
        members,
        applications: applications.map((a) => ({
          ...a,
          assignments: views.filter((v) => v.application_id === a.id),
        })),
        flagged: views.filter((v) => v.flagged.length > 0).length,
      };
    },

    /** adds an account (reviewer, staff or admin) to the call's jury; again: nothing changes */
    async addMember(actor: Actor, callId: number, email: string): Promise<AccountRow> {
      const user = staff(actor);
      await callOf(actor, callId);
      const account = await repo.account({ email });
      if (!account) throw programmesError('ACCOUNT_UNKNOWN');
      if (!JURY_ROLES.has(account.role)) throw programmesError('NOT_A_REVIEWER');
      await db.transaction().execute(async (trx) => {
        if (!(await assignmentsRepository(trx).addMember(callId, account.id, user.id))) return;
        await appendAudit(trx, {
          actorId: user.id,
          subjectType: 'jury',
          subjectId: callId,
          action: 'member_added',
          after: { member: { id: account.id, name: account.name, email: account.email } },
        });
      });
      return account;
    },

    /**
     * Removes a member from the jury, and their assignments on the call (none has a submitted
     * review: a member who submitted one stays, JURY_MEMBER_REVIEWED).
     */
    async removeMember(actor: Actor, callId: number, userId: string): Promise<void> {
      const user = staff(actor);
      await db.transaction().execute(async (trx) => {
        const tx = assignmentsRepository(trx);
        if (!(await tx.lockCall(callId))) throw coreError('NOT_FOUND');
        if (!(await tx.isMember(callId, userId))) return;
        if ((await tx.submittedReviews(callId, userId)) > 0) {
          throw programmesError('JURY_MEMBER_REVIEWED');
        }
        const theirs = (await tx.active({ callId })).filter((a) => a.reviewer_id === userId);
        for (const a of theirs) {
          await tx.markRemoved(a.id, user.id);
          await appendAudit(trx, {
            actorId: user.id,
            subjectType: 'assignment',
            subjectId: a.id,
            applicationId: a.application_id,
            action: 'removed',
            before: { reviewer: { id: a.reviewer_id, name: a.reviewer_name } },
          });
        }
        await tx.removeMember(callId, userId);
        await appendAudit(trx, {
          actorId: user.id,
          subjectType: 'jury',
          subjectId: callId,
          action: 'member_removed',
          before: { member: { id: userId } },
        });
      });
    },

    async setReviewersPerApplication(actor: Actor, callId: number, n: number, locale: Locale) {
      staff(actor);
      await callOf(actor, callId);
      if (!Number.isInteger(n) || n < 1 || n > 10) {
        const fields = { per_application: text[locale].jury.perApplicationInvalid };
        throw withDetails(programmesError('JURY_INVALID', undefined, fields), { fields });
      }
      await repo.setReviewersPerApplication(callId, n);
    },
  };
}

/** assigning by hand and automatically, and removing an assignment */
function assignRules(db: Kysely<DB>, { staff, insertAudited, checkedReviewer }: Kit) {
  const repo = assignmentsRepository(db);
  return {
    /**
     * Assigns a jury member to an application by hand. Refused: an application neither submitted
     * nor under review, a person not on the jury, one already assigned, and a conflicted one
     * (409 CONFLICT_OF_INTEREST with the reason and the conflicts) unless staff give a written
     * reason to override detected conflicts (never a declared one).
     */
    async assign(actor: Actor, applicationId: number, input: AssignInput, locale: Locale) {
      const user = staff(actor);
      const found = await repo.application(applicationId);
      if (!found) throw coreError('NOT_FOUND');
      return db.transaction().execute(async (trx) => {
        const tx = assignmentsRepository(trx);
        // one assignment work per call at a time: the automatic one counts what is there
        await tx.lockCall(found.call_id);
        await applicationsRepository(trx).lock(applicationId);
        const app = await tx.application(applicationId);
        if (!app) throw coreError('NOT_FOUND');
        const { reviewer, override } = await checkedReviewer(trx, app, input, locale);
        const row = await insertAudited(trx, user, app, reviewer, 'manual', override);
        return {
          id: Number(row.id),
          application_id: app.id,
          call_id: app.call_id,
          reviewer,
          method: 'manual' as const,
          assigned_at: row.assigned_at,
          overridden: override !== undefined,
        };
      });
    },

    /**
     * Tops every submitted application of the call, or one under review, up to the call's number
     * of reviewers, among the jury's members without a conflict (declared or detected), the
     * least loaded first and the most constrained applications first. Says which applications
     * lack how many reviewers. The call's row is locked: two runs at once add once.
     */
    async autoAssign(actor: Actor, callId: number) {
      const user = staff(actor);
      return db.transaction().execute(async (trx) => {
        const tx = assignmentsRepository(trx);
        const call = await tx.lockCall(callId);
        if (!call) throw coreError('NOT_FOUND');
        const [members, applications, active] = await Promise.all([
          tx.members(callId),
          tx.assignable(callId),
          tx.active({ callId }),
        ]);
        const m = await conflictsService(trx).matrix(
          members.map((j) => j.user_id),
          applications.map((a) => ({ id: a.organisation_id, name: a.organisation_name })),
        );
        const plan = planAssignments(
          members,
          applications,
          active,
          m,
          call.reviewers_per_application,
        );
        for (const { app, reviewer } of plan.added) {
          await insertAudited(trx, user, app, { id: reviewer.user_id, ...reviewer }, 'automatic');
        }
        return { added: plan.added.length, lacking: plan.lacking };
      });
    },

    /** removes an assignment without a submitted review */
    async unassign(
      actor: Actor,
      assignmentId: number,
    ): Promise<{ applicationId: number; callId: number }> {
      const user = staff(actor);
      return db.transaction().execute(async (trx) => {
        const tx = assignmentsRepository(trx);
        const row = await tx.find(assignmentId);
        if (!row) throw coreError('NOT_FOUND');
        if (row.reviewed) throw programmesError('ASSIGNMENT_REVIEWED');
        if (await tx.markRemoved(assignmentId, user.id)) {
          await appendAudit(trx, {
            actorId: user.id,
            subjectType: 'assignment',
            subjectId: assignmentId,
            applicationId: row.application_id,
            action: 'removed',
            before: { reviewer: { id: row.reviewer_id, name: row.reviewer_name } },
          });
        }
        const app = await tx.application(row.application_id);
        return { applicationId: row.application_id, callId: app?.call_id ?? 0 };
      });
    },
  };
}

/** what staff read: an application, its conflicts, its assignments flagged, its log */
function readRules(db: Kysely<DB>, { staff }: Kit) {
  const repo = assignmentsRepository(db);
  return {
    /** an application as the jury's forms name it (staff) */
    async applicationOf(actor: Actor, applicationId: number): Promise<AssignableRow> {
      staff(actor);
      const app = await repo.application(applicationId);
      if (!app) throw coreError('NOT_FOUND');
      return app;
    },

    /** the conflicts of a person with an application's organisation, as detected now (staff) */
    async conflictsOf(actor: Actor, applicationId: number, reviewerId: string) {
      const app = await this.applicationOf(actor, applicationId);
      return conflictsService(db).between(reviewerId, {
        id: app.organisation_id,
        name: app.organisation_name,
      });
    },

    async nameOf(userId: string): Promise<string> {
      return (await repo.account({ id: userId }))?.name ?? '';
    },

    /** the application and its audit log's entries, oldest first (staff) */
    async journal(actor: Actor, applicationId: number) {
      const application = await this.applicationOf(actor, applicationId);
      return { application, entries: await auditService(db).ofApplication(applicationId) };
    },

    /** an application's active assignments, each flagged with the conflicts found since */
    async list(actor: Actor, applicationId: number): Promise<AssignmentView[]> {
      staff(actor);
      const app = await repo.application(applicationId);
      if (!app) throw coreError('NOT_FOUND');
      const active = await repo.active({ applicationId });
      const m = await conflictsService(db).matrix(
        active.map((a) => a.reviewer_id),
        [{ id: app.organisation_id, name: app.organisation_name }],
      );
      return flag(active, () => app.organisation_id, m);
    },
  };
}

/**
 * Juries and assignments: who sits on a call's jury, reviewers assigned to applications by hand or
 * automatically (N per application, the least loaded first, never a conflicted one), a detected
 * conflict overridden by staff with a written reason, and assignments flagged when a tie appears
 * after them. Each change is appended to the audit log in its own transaction.
 */
export function assignmentsService(db: Kysely<DB>, clock: () => Date = () => new Date()) {
  const k = kit(db, clock);
  return { ...juryRules(db, k), ...assignRules(db, k), ...readRules(db, k) };
}

type Planned = { app: AssignableRow; reviewer: JuryMemberRow };

/**
 * Who to add where (pure): for each application, the members it lacks up to `n`, never one
 * assigned already nor one in conflict, the least loaded first (then by name); the applications
 * with the fewest possible reviewers are served first, so that a scarce reviewer goes where only
 * they fit.
 */
export function planAssignments(
  members: readonly JuryMemberRow[],
  applications: readonly AssignableRow[],
  active: readonly AssignmentRow[],
  conflicts: ConflictMatrix,
  n: number,
): {
  added: Planned[];
  lacking: { applicationId: number; organisation: string; missing: number }[];
} {
  const load = new Map(members.map((j) => [j.user_id, j.load]));
  const assigned = new Map<number, Set<string>>();
  for (const a of active) {
    const set = assigned.get(a.application_id) ?? new Set();
    set.add(a.reviewer_id);
    assigned.set(a.application_id, set);
  }
  const possible = (app: AssignableRow) =>
    members.filter(
      (j) =>
        !assigned.get(app.id)?.has(j.user_id) &&
        !conflicts.has(pairKey(j.user_id, app.organisation_id)),
    );
  const order = [...applications].sort(
    (x, y) => possible(x).length - possible(y).length || x.id - y.id,
  );
  const added: Planned[] = [];
  const lacking: { applicationId: number; organisation: string; missing: number }[] = [];
  for (const app of order) {
    const have = assigned.get(app.id) ?? new Set<string>();
    let need = n - have.size;
    const candidates = possible(app);
    while (need > 0 && candidates.length > 0) {
      candidates.sort(
        (x, y) =>
          (load.get(x.user_id) ?? 0) - (load.get(y.user_id) ?? 0) ||
          x.name.localeCompare(y.name) ||
          x.user_id.localeCompare(y.user_id),
      );
      const reviewer = candidates.shift() as JuryMemberRow;
      added.push({ app, reviewer });
      have.add(reviewer.user_id);
      load.set(reviewer.user_id, (load.get(reviewer.user_id) ?? 0) + 1);
      need -= 1;
    }
    assigned.set(app.id, have);
    if (need > 0) {
      lacking.push({ applicationId: app.id, organisation: app.organisation_name, missing: need });
    }
  }
  return { added, lacking };
}

export type AssignmentsService = ReturnType<typeof assignmentsService>;
