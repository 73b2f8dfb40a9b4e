import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { assignmentsService } from './assignments.service.ts';
import { conflictsService, pairKey } from './conflicts.service.ts';
import { juriesFixture } from './juries.testing.ts';
import { programmesError } from './programmes.errors.ts';

type Fixture = ReturnType<typeof juriesFixture>;

/** a call with `apps` submitted applications and `jurors` reviewers on its jury */
async function callWith(f: Fixture, apps: number, jurors: number) {
  const callId = await f.newCall();
  const applications = [];
  for (let i = 0; i < apps; i++) applications.push(await f.submitted(callId, `Candidate ${i}`));
  const reviewers = [];
  for (let i = 0; i < jurors; i++) reviewers.push(await f.juror(callId));
  return { callId, applications, reviewers };
}

/** the call's active assignments: application → reviewers */
async function assignedOf(f: Fixture, callId: number) {
  const rows = await f.db
    .selectFrom('programme_assignments as pa')
    .innerJoin('programme_applications as a', 'a.id', 'pa.application_id')
    .select(['pa.application_id', 'pa.reviewer_id', 'a.organisation_id'])
    .where('a.call_id', '=', callId)
    .where('pa.removed_at', 'is', null)
    .execute();
  return rows;
}

describe.each(engines())('automatic assignment (%s)', (engine) => {
  const f = juriesFixture(engine);

  it('gives every application N reviewers, never a conflicted one, the load balanced', async () => {
    const { callId, applications, reviewers } = await callWith(f, 9, 5);
    const [r0, r1, r2] = reviewers;
    if (!r0 || !r1 || !r2) throw new Error('jurors');
    // conflicts: a member, an investor, a partner of two applicants
    await f.memberOf(r0, applications[0]?.orgId ?? '');
    const fund = await f.organisationOf(r1, 'Fonds');
    await f.relate(fund.id, applications[1]?.orgId ?? '', 'invests_in');
    const partner = await f.organisationOf(r2, 'Partenaire');
    await f.relate(applications[2]?.orgId ?? '', partner.id, 'partner_of');
    await f.relate(applications[3]?.orgId ?? '', partner.id, 'parent_of');

    const result = await f.assignments().autoAssign(f.staff, callId);
    expect(result).toEqual({ added: 18, lacking: [] });
    const rows = await assignedOf(f, callId);
    const matrix = await conflictsService(f.db).matrix(
      reviewers.map((r) => r.user.id),
      applications.map((a) => ({ id: a.orgId, name: a.name })),
    );
    expect(matrix.size).toBe(4);
    for (const row of rows) {
      expect(matrix.has(pairKey(row.reviewer_id, row.organisation_id))).toBe(false);
    }
    const perApplication = new Map<number, number>();
    const load = new Map<string, number>();
    for (const row of rows) {
      perApplication.set(row.application_id, (perApplication.get(row.application_id) ?? 0) + 1);
      load.set(row.reviewer_id, (load.get(row.reviewer_id) ?? 0) + 1);
    }
    expect([...perApplication.values()]).toEqual(Array(9).fill(2));
    const loads = reviewers.map((r) => load.get(r.user.id) ?? 0);
    const mean = 18 / 5;
    expect(Math.max(...loads)).toBeLessThanOrEqual(mean + 1);
    expect(loads.reduce((x, y) => x + y, 0)).toBe(18);
    // each application went under review, in its history
    const states = await f.db
      .selectFrom('programme_applications')
      .select('state')
      .where('call_id', '=', callId)
      .execute();
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(['under_review']));
    // a second run adds nothing
    expect(await f.assignments().autoAssign(f.staff, callId)).toEqual({ added: 0, lacking: [] });
    expect(await assignedOf(f, callId)).toHaveLength(18);
  });

  it('says which applications lack reviewers when too few are free of conflicts', async () => {
    const { callId, applications, reviewers } = await callWith(f, 2, 2);
    const [r0] = reviewers;
    if (!r0) throw new Error('juror');
    await f.memberOf(r0, applications[0]?.orgId ?? '');
    const result = await f.assignments().autoAssign(f.staff, callId);
    expect(result.added).toBe(3);
    expect(result.lacking).toEqual([
      { applicationId: applications[0]?.id, organisation: 'Candidate 0', missing: 1 },
    ]);
  });

  it('adds once when two runs start at once from two connections', async () => {
    const { callId } = await callWith(f, 6, 4);
    const [a, b] = await Promise.all([
      assignmentsService(f.env.first.db).autoAssign(f.staff, callId),
      assignmentsService(f.env.second.db).autoAssign(f.staff, callId),
    ]);
    expect(a.added + b.added).toBe(12);
    const rows = await assignedOf(f, callId);
    const per = new Map<number, number>();
    for (const row of rows) per.set(row.application_id, (per.get(row.application_id) ?? 0) + 1);
    expect([...per.values()]).toEqual(Array(6).fill(2));
  });
});

describe.each(engines())('manual assignment, flags and overrides (%s)', (engine) => {
  const f = juriesFixture(engine);
  const assign = (id: number, email: string, overrideReason?: string) =>
    f.assignments().assign(f.staff, id, { reviewer: { email }, overrideReason }, 'fr');
  const refused = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('refuses a person off the jury, a duplicate, and a member account or an unknown one on the jury', async () => {
    const { callId, applications } = await callWith(f, 1, 0);
    const id = applications[0]?.id ?? 0;
    const outsider = await f.juror(await f.newCall());
    expect(programmesError.is(await refused(assign(id, outsider.user.email)), 'NOT_IN_JURY')).toBe(
      true,
    );
    const juror = await f.juror(callId);
    await assign(id, juror.user.email);
    expect(
      programmesError.is(await refused(assign(id, juror.user.email)), 'ALREADY_ASSIGNED'),
    ).toBe(true);
    const { person } = await import('../../test/support/factories.ts');
    const member = await person(f.db);
    const error = await refused(f.assignments().addMember(f.staff, callId, member.user.email));
    expect(programmesError.is(error, 'NOT_A_REVIEWER')).toBe(true);
    const unknown = await refused(f.assignments().addMember(f.staff, callId, 'nobody@example.org'));
    expect(programmesError.is(unknown, 'ACCOUNT_UNKNOWN')).toBe(true);
  });

  it('flags an assignment when a relation appears after it; an override needs a reason, recorded', async () => {
    const { callId, applications, reviewers } = await callWith(f, 1, 2);
    const [first, second] = reviewers;
    const app = applications[0];
    if (!first || !second || !app) throw new Error('fixture');
    await assign(app.id, first.user.email);
    expect((await f.assignments().list(f.staff, app.id))[0]?.flagged).toEqual([]);
    // a tie recorded later flags it, for staff
    const fund = await f.organisationOf(first, 'Fonds Tardif');
    await f.relate(fund.id, app.orgId, 'accelerates');
    const [flagged] = await f.assignments().list(f.staff, app.id);
    expect(flagged?.flagged.map((c) => c.relation?.type)).toEqual(['accelerates']);
    expect((await f.assignments().jury(f.staff, callId)).flagged).toBe(1);

    // the second reviewer is in conflict: a blank reason is refused, nothing written
    await f.memberOf(second, fund.id);
    const logBefore = await f.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const blank = await refused(assign(app.id, second.user.email, '   '));
    expect(programmesError.is(blank, 'OVERRIDE_INVALID')).toBe(true);
    expect((blank as { status: number }).status).toBe(422);
    expect(await f.assignments().list(f.staff, app.id)).toHaveLength(1);
    const logAfter = await f.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(logAfter.n)).toBe(Number(logBefore.n));
    // with a reason: assigned, the override kept and in the log
    const done = await assign(app.id, second.user.email, 'Seul expert du domaine');
    expect(done.overridden).toBe(true);
    const entries = await f.db
      .selectFrom('audit_log')
      .select(['action', 'after', 'actor_id'])
      .where('subject_type', '=', 'assignment')
      .where('subject_id', '=', String(done.id))
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['assigned', 'conflict_overridden']);
    expect((entries[1]?.after as { reason?: string } | undefined)?.reason).toBe(
      'Seul expert du domaine',
    );
    expect(entries[1]?.actor_id).toBe(f.staff.user.id);
    const list = await f.assignments().list(f.staff, app.id);
    expect(list.find((a) => a.id === done.id)?.flagged).toEqual([]);
    // a tie found after the override flags it again
    await f.memberOf(second, app.orgId);
    const again = await f.assignments().list(f.staff, app.id);
    expect(again.find((a) => a.id === done.id)?.flagged.map((c) => c.kind)).toEqual(['member']);
  });

  it('removes an assignment and a jury member, in the log', async () => {
    const { callId, applications, reviewers } = await callWith(f, 1, 1);
    const [juror] = reviewers;
    const app = applications[0];
    if (!juror || !app) throw new Error('fixture');
    const done = await assign(app.id, juror.user.email);
    expect(await f.assignments().unassign(f.staff, done.id)).toEqual({
      applicationId: app.id,
      callId,
    });
    await assign(app.id, juror.user.email);
    await f.assignments().removeMember(f.staff, callId, juror.user.id);
    expect(await f.assignments().list(f.staff, app.id)).toEqual([]);
    const { entries } = await f.assignments().journal(f.staff, app.id);
    expect(entries.map((e) => e.action)).toEqual([
      'started',
      'state',
      'assigned',
      'state',
      'removed',
      'assigned',
      'removed',
    ]);
  });
});
