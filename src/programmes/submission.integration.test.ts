import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { programmesError } from './programmes.errors.ts';
import { applicationsFixture, CLOSES, GRACE, HOUR, OPENS } from './programmes.testing.ts';

describe.each(engines())('applications: the deadline and parallel submissions (%s)', (engine) => {
  const f = applicationsFixture(engine);

  it('accepts a submission in the grace period only for a draft started before the closing', async () => {
    const call = await f.newCall();
    const { applications } = f.services();
    const early = await f.applicant();
    f.now = new Date(CLOSES.getTime() - HOUR);
    const before = await applications.start(
      early.actor,
      { callId: call.id, organisationSiren: early.org.siren, answers: { project: 'À temps' } },
      'fr',
    );
    // exactly at the closing: still on time
    f.now = CLOSES;
    const late = await f.applicant();
    const atClosing = await applications.start(
      late.actor,
      { callId: call.id, organisationSiren: late.org.siren, answers: { project: 'Limite' } },
      'fr',
    );
    // in the grace: the draft started before the closing is submitted, not the one started at it
    f.now = new Date(CLOSES.getTime() + HOUR);
    expect((await applications.submit(early.actor, before.id, 'fr')).state).toBe('submitted');
    await expect(applications.submit(late.actor, atClosing.id, 'fr')).rejects.toSatisfy((e) =>
      programmesError.is(e, 'CALL_CLOSED'),
    );
    // after the grace: nothing
    const third = await f.applicant();
    f.now = new Date(CLOSES.getTime() - HOUR);
    const another = await applications.start(
      third.actor,
      { callId: call.id, organisationSiren: third.org.siren, answers: { project: 'Trop tard' } },
      'fr',
    );
    f.now = new Date(GRACE.getTime() + 1);
    await expect(applications.submit(third.actor, another.id, 'fr')).rejects.toSatisfy((e) =>
      programmesError.is(e, 'CALL_CLOSED'),
    );
    expect((await applications.get(third.actor, another.id)).state).toBe('draft');
  });

  it('gives one submission, one number and one mail to two submits of one application on two connections', async () => {
    f.now = new Date(OPENS.getTime() + HOUR);
    const call = await f.newCall();
    const { actor, org } = await f.applicant();
    const draft = await f
      .services()
      .applications.start(
        actor,
        { callId: call.id, organisationSiren: org.siren, answers: { project: 'Double clic' } },
        'fr',
      );
    const a = f.services(f.env.first.db).applications;
    const b = f.services(f.env.second.db).applications;
    const results = await Promise.all([
      a.submit(actor, draft.id, 'fr'),
      b.submit(actor, draft.id, 'fr'),
    ]);
    expect(results.map((r) => r.acknowledgement)).toEqual(['2026-ACC-0001', '2026-ACC-0001']);
    expect(results.map((r) => r.already).sort()).toEqual([false, true]);
    const history = await f.db
      .selectFrom('programme_application_history')
      .select(['to_state'])
      .where('application_id', '=', draft.id)
      .execute();
    expect(history.map((h) => h.to_state)).toEqual(['draft', 'submitted']);
    expect(await f.queued(actor)).toHaveLength(1);
    const counter = await f.db
      .selectFrom('programme_calls')
      .select('acknowledgements_issued')
      .where('id', '=', call.id)
      .executeTakeFirstOrThrow();
    expect(counter.acknowledgements_issued).toBe(1);
  });

  it('numbers parallel submissions of different applications of one call without a gap or a repeat', async () => {
    f.now = new Date(OPENS.getTime() + HOUR);
    const call = await f.newCall();
    const drafts = [];
    for (let i = 0; i < 6; i++) {
      const { actor, org } = await f.applicant();
      const draft = await f
        .services()
        .applications.start(
          actor,
          { callId: call.id, organisationSiren: org.siren, answers: { project: `P${i}` } },
          'fr',
        );
      drafts.push({ actor, id: draft.id });
    }
    const results = await Promise.all(
      drafts.map((d, i) =>
        f
          .services(i % 2 ? f.env.second.db : f.env.first.db)
          .applications.submit(d.actor, d.id, 'fr'),
      ),
    );
    expect(results.map((r) => r.acknowledgement).sort()).toEqual(
      ['0001', '0002', '0003', '0004', '0005', '0006'].map((n) => `2026-ACC-${n}`),
    );
  });
});
