import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { DB } from '../db/schema.ts';
import { coreError, type FieldErrors } from '../kernel/errors.ts';
import { type Actor, authorize, requireUser } from '../kernel/policy.ts';
import {
  accompanimentRepository,
  type LaureateRow,
  type MilestoneRow,
} from './accompaniment.repository.ts';
import { directoryFactsRepository } from './directory-facts.repository.ts';
import { labelsError, parisDay } from './labels.errors.ts';
import { programmesPolicy as can } from './programmes.policy.ts';

export type { LateMilestoneRow } from './accompaniment.repository.ts';

/** a milestone as the pages show it: late is planned and due before today (Paris) */
export type Milestone = MilestoneRow & { late: boolean };

export type MilestoneInput = { title: string; description: string; dueOn: string };
export type MilestoneChange = { action: 'done' | 'reopen' } | { action: 'due'; dueOn: string };

export type Accompaniment = { laureate: LaureateRow; milestones: Milestone[]; today: string };

/** a calendar date typed as YYYY-MM-DD that exists */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** a milestone's input checked: each problem a key of the texts' messages, under its input */
export function milestoneProblems(input: MilestoneInput): FieldErrors {
  const problems: FieldErrors = {};
  const title = input.title.trim();
  if (title === '') problems.title = 'title_required';
  else if (title.length > 300) problems.title = 'title_too_long';
  if (input.description.length > 5000) problems.description = 'description_too_long';
  if (!isDay(input.dueOn)) problems.due_on = 'due_invalid';
  return problems;
}

/**
 * The laureates' accompaniment: milestones of an accepted application, set and followed by staff
 * (each change in the audit log, subject `milestone`), read by the laureate's verified members;
 * the late ones (planned, due before today in Paris) for the staff's dashboard.
 */
export function accompanimentService(db: Kysely<DB>, clock: () => Date = () => new Date()) {
  const repository = accompanimentRepository(db);
  const today = () => parisDay(clock());
  const withLate = (rows: MilestoneRow[], day: string): Milestone[] =>
    rows.map((m) => ({ ...m, late: m.status === 'planned' && m.due_on < day }));

  return {
    today,

    /** an accepted application's milestones: its organisation's verified members, and staff */
    async view(actor: Actor, applicationId: number): Promise<Accompaniment> {
      const user = requireUser(actor);
      const laureate = await repository.laureate(applicationId);
      if (!laureate) throw coreError('NOT_FOUND');
      const member = await directoryFactsRepository(db).isMember(user.id, laureate.organisation_id);
      authorize(actor, can.read, { member });
      if (laureate.state !== 'accepted') throw labelsError('NOT_A_LAUREATE');
      const day = today();
      return {
        laureate,
        milestones: withLate(await repository.ofApplication(applicationId), day),
        today: day,
      };
    },

    async add(actor: Actor, applicationId: number, input: MilestoneInput): Promise<number> {
      authorize(actor, can.manage, undefined);
      const user = requireUser(actor);
      const problems = milestoneProblems(input);
      if (Object.keys(problems).length > 0) {
        throw labelsError('MILESTONE_INVALID', undefined, problems);
      }
      return db.transaction().execute((trx) => addMilestone(trx, user.id, applicationId, input));
    },

    /**
     * Marks a milestone done or planned again, or moves its due date (staff); returns its
     * application. A change to what it already is writes nothing.
     */
    async change(actor: Actor, milestoneId: number, change: MilestoneChange): Promise<number> {
      authorize(actor, can.manage, undefined);
      const user = requireUser(actor);
      if (change.action === 'due' && !isDay(change.dueOn)) {
        throw labelsError('MILESTONE_INVALID', undefined, { due_on: 'due_invalid' });
      }
      return db
        .transaction()
        .execute((trx) => changeMilestone(trx, user.id, milestoneId, change, clock()));
    },

    /** the late milestones of every laureate (staff), and how many there are */
    async late(actor: Actor, limit = 200) {
      authorize(actor, can.manage, undefined);
      const day = today();
      const [rows, count] = await Promise.all([
        repository.late(day, limit),
        repository.lateCount(day),
      ]);
      return { rows, count, today: day };
    },

    /** how many milestones are late today: the dashboard's card */
    lateCount: () => repository.lateCount(today()),
  };
}

/**
 * Adds a milestone to an accepted application in the caller's transaction, audited (`added`);
 * `by` null is the hub's team, unnamed (the demo). The input is checked by the caller
 * (milestoneProblems).
 */
export async function addMilestone(
  trx: Kysely<DB>,
  by: string | null,
  applicationId: number,
  input: MilestoneInput,
): Promise<number> {
  const repo = accompanimentRepository(trx);
  const application = await repo.lockApplication(applicationId);
  if (!application) throw coreError('NOT_FOUND');
  if (application.state !== 'accepted') throw labelsError('NOT_A_LAUREATE');
  const milestone = {
    title: input.title.trim(),
    description: input.description.trim(),
    dueOn: input.dueOn,
  };
  const id = await repo.add({ applicationId, ...milestone, by, isDemo: application.is_demo });
  await appendAudit(trx, {
    actorId: by,
    subjectType: 'milestone',
    subjectId: id,
    applicationId,
    action: 'added',
    after: { title: milestone.title, due_on: milestone.dueOn, status: 'planned' },
  });
  return id;
}

/**
 * Marks a milestone done (at `at`) or planned again, or moves its due date, in the caller's
 * transaction, audited; returns its application. A change to what it already is writes nothing.
 */
export async function changeMilestone(
  trx: Kysely<DB>,
  by: string | null,
  milestoneId: number,
  change: MilestoneChange,
  at: Date,
): Promise<number> {
  const repo = accompanimentRepository(trx);
  const m = await repo.lock(milestoneId);
  if (!m) throw coreError('NOT_FOUND');
  const audit = (action: string, before: object, after: object) =>
    appendAudit(trx, {
      actorId: by,
      subjectType: 'milestone',
      subjectId: m.id,
      applicationId: m.application_id,
      action,
      before,
      after,
    });
  if (change.action === 'due') {
    if (m.due_on !== change.dueOn) {
      await repo.setDue(m.id, change.dueOn);
      await audit('due_changed', { due_on: m.due_on }, { due_on: change.dueOn });
    }
  } else {
    const status = change.action === 'done' ? 'done' : 'planned';
    if (m.status !== status) {
      await repo.setStatus(m.id, status, at);
      await audit('status', { status: m.status }, { status });
    }
  }
  return m.application_id;
}

export type AccompanimentService = ReturnType<typeof accompanimentService>;
