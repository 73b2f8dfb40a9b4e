import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { Conflict } from './conflicts.service.ts';
import { juriesFixture } from './juries.testing.ts';
import { detailsOf, programmesError } from './programmes.errors.ts';

type Fixture = ReturnType<typeof juriesFixture>;

/** the refusal of assigning this reviewer, with its details */
async function refusal(f: Fixture, applicationId: number, email: string, override?: string) {
  const error = await f
    .assignments()
    .assign(f.staff, applicationId, { reviewer: { email }, overrideReason: override }, 'fr')
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(programmesError.is(error, 'CONFLICT_OF_INTEREST'), String(error)).toBe(true);
  const details = detailsOf(error) as {
    reason: string;
    conflicts: Conflict[];
    overridable: boolean;
  };
  return details;
}

const KINDS = ['invests_in', 'accelerates', 'partner_of', 'parent_of', 'spin_off_of'] as const;
const CASES = KINDS.flatMap((kind) =>
  (['outgoing', 'incoming'] as const).map((direction) => ({ kind, direction })),
);

describe.each(engines())('conflicts of interest detected from the directory (%s)', (engine) => {
  const f = juriesFixture(engine);

  it.each(CASES)(
    'refuses a member of an organisation tied by $kind ($direction)',
    async ({ kind, direction }) => {
      const callId = await f.newCall();
      const app = await f.submitted(callId, `Cible ${kind} ${direction}`);
      const juror = await f.juror(callId);
      const fund = await f.organisationOf(juror, `Fonds ${kind}`);
      const [from, to] = direction === 'outgoing' ? [fund.id, app.orgId] : [app.orgId, fund.id];
      await f.relate(from, to, kind, f.staff.user.id);
      const details = await refusal(f, app.id, juror.user.email);
      expect(details.conflicts).toHaveLength(1);
      const [c] = details.conflicts;
      expect(c?.kind).toBe('relation');
      expect(c?.relation?.type).toBe(kind);
      expect(c?.relation?.direction).toBe(direction);
      expect(c?.via?.name).toBe(`Fonds ${kind}`);
      expect(c?.relation?.recorded_by).toBe(f.staff.user.name);
      expect(details.reason).toContain(`Membre de « Fonds ${kind} »`);
      expect(details.reason).toContain(`relation saisie par ${f.staff.user.name}`);
      expect(details.overridable).toBe(true);
      // nothing was written
      expect(await f.assignments().list(f.staff, app.id)).toEqual([]);
    },
  );

  it.each(['member_of', 'hosted_at'])('does not count %s as a conflict', async (kind) => {
    const callId = await f.newCall();
    const app = await f.submitted(callId);
    const juror = await f.juror(callId);
    const place = await f.organisationOf(juror, 'Lieu');
    await f.relate(app.orgId, place.id, kind);
    await f.relate(place.id, app.orgId, kind);
    const done = await f
      .assignments()
      .assign(f.staff, app.id, { reviewer: { email: juror.user.email } }, 'fr');
    expect(done.reviewer.id).toBe(juror.user.id);
  });

  it('refuses a member of the applicant, and of an organisation merged into it', async () => {
    const callId = await f.newCall();
    const app = await f.submitted(callId, 'Fusionnante');
    const insider = await f.juror(callId);
    await f.memberOf(insider, app.orgId);
    const inside = await refusal(f, app.id, insider.user.email);
    expect(inside.conflicts.map((c) => c.kind)).toEqual(['member']);
    expect(inside.reason).toBe('Membre de « Fusionnante ».');

    const old = await buildOrganisation(f.db, { name: 'Ancienne' });
    await f.db
      .updateTable('organisations')
      .set({ merged_into: app.orgId })
      .where('id', '=', old.id)
      .execute();
    const former = await f.juror(callId);
    await f.memberOf(former, old.id);
    const merged = await refusal(f, app.id, former.user.email);
    expect(merged.conflicts[0]?.organisation.name).toBe('Ancienne');
    expect(merged.conflicts[0]?.merged_into).toBe('Fusionnante');
    expect(merged.reason).toContain('« Ancienne » a été fusionnée dans « Fusionnante »');
  });

  it('refuses a member of an investor in one of the applicant’s funding rounds', async () => {
    const callId = await f.newCall();
    const app = await f.submitted(callId, 'Levée');
    const juror = await f.juror(callId);
    const vc = await f.organisationOf(juror, 'Capital Alpes');
    const round = await f.db
      .insertInto('funding_rounds')
      .values({ organisation_id: app.orgId, announced_on: '2024-05-02', stage: 'seed' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await f.db
      .insertInto('funding_round_investors')
      .values({ round_id: round.id, investor_id: vc.id })
      .execute();
    const details = await refusal(f, app.id, juror.user.email);
    expect(details.conflicts[0]?.kind).toBe('funding');
    expect(details.conflicts[0]?.round).toEqual({ id: round.id, on: '2024-05-02', stage: 'seed' });
    expect(details.reason).toBe(
      'Membre de « Capital Alpes », qui a investi dans la levée de « Levée » du 02/05/2024 (amorçage).',
    );
  });

  it('refuses a declared conflict, even with a reason to override it', async () => {
    const callId = await f.newCall();
    const app = await f.submitted(callId, 'Déclarée');
    const juror = await f.juror(callId);
    const declared = await f
      .declarations()
      .declare(juror, { ids: [app.orgId], query: '', type: 'family', note: 'Ma sœur' }, 'fr');
    expect(declared.ok).toBe(true);
    const details = await refusal(f, app.id, juror.user.email, 'Je passe outre');
    expect(details.overridable).toBe(false);
    expect(details.reason).toBe('Conflit déclaré avec « Déclarée » (lien familial) : Ma sœur.');
    // the declaration is in the log
    const rows = await f.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('subject_type', '=', 'conflict_declaration')
      .where('actor_id', '=', juror.user.id)
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['declared']);
  });

  it('reads a whole call’s reviewers × applicants in one matrix', async () => {
    const callId = await f.newCall();
    const a = await f.submitted(callId, 'Un');
    const b = await f.submitted(callId, 'Deux');
    const j1 = await f.juror(callId);
    const j2 = await f.juror(callId);
    await f.memberOf(j1, a.orgId);
    const fund = await f.organisationOf(j2, 'Fonds Deux');
    await f.relate(fund.id, b.orgId, 'invests_in');
    const { conflictsService, pairKey } = await import('./conflicts.service.ts');
    const m = await conflictsService(f.db).matrix(
      [j1.user.id, j2.user.id],
      [
        { id: a.orgId, name: 'Un' },
        { id: b.orgId, name: 'Deux' },
      ],
    );
    expect([...m.keys()].sort()).toEqual(
      [pairKey(j1.user.id, a.orgId), pairKey(j2.user.id, b.orgId)].sort(),
    );
    const reason = m.get(pairKey(j2.user.id, b.orgId))?.[0]?.relation?.source;
    expect(reason).toBe('staff');
  });
});
