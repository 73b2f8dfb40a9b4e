import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import { auditService } from '../audit/audit.service.ts';
import { coreError } from '../kernel/errors.ts';
import { readAll } from '../kernel/file-storage.ts';
import { callConfers, decisionsOf, giveJury, temporaryStorage } from './decisions.testing.ts';
import { programmesError } from './programmes.errors.ts';
import { applicationsFixture } from './programmes.testing.ts';
import { reviewService } from './review.service.ts';

type Fixture = ReturnType<typeof applicationsFixture>;

/** an application submitted by a new applicant (of this language) to a new call */
async function submittedIn(f: Fixture, locale: 'fr' | 'en' = 'fr') {
  const call = await f.newCall();
  const applicant = await f.applicant();
  await f.db
    .updateTable('users')
    .set({ locale })
    .where('id', '=', applicant.actor.user.id)
    .execute();
  const { applications } = f.services();
  const draft = await applications.start(
    applicant.actor,
    { callId: call.id, organisationSiren: applicant.org.siren, answers: { project: 'Robots' } },
    'fr',
  );
  const done = await applications.submit(applicant.actor, draft.id, 'fr');
  return { ...applicant, call, id: done.id, acknowledgement: done.acknowledgement ?? '' };
}

describe.each(engines())('decisions: accepting, refusing, once (%s)', (engine) => {
  const f = applicationsFixture(engine);
  const files = temporaryStorage();
  const decisions = () => decisionsOf(f.db, files.storage(), f.clock);

  it('accepts: the state, the label, the audit entries, the mail in the applicant’s language, the letter', async () => {
    const a = await submittedIn(f, 'en');
    await callConfers(f.db, a.call.id, {
      fr: 'Accélérateur labellisé',
      en: 'Labelled accelerator',
      months: 24,
    });
    const before = f.now;
    f.now = new Date('2026-04-10T22:30:00Z'); // already the 11th in Paris
    const { decision, label } = await decisions()
      .decide(f.staff, a.id, { decision: 'accepted', reasons: '  Un projet solide.  ' }, 'fr')
      .finally(() => {
        f.now = before;
      });
    expect(decision).toMatchObject({
      decision: 'accepted',
      reasons: 'Un projet solide.',
      letter_locale: 'en',
    });
    expect(label).toMatchObject({
      name_fr: 'Accélérateur labellisé',
      valid_from: '2026-04-11',
      valid_until: '2028-04-11',
      status: 'active',
    });
    const { application, history } = await reviewService(f.db, {
      publicUrl: () => '',
    }).detail(f.staff, a.id);
    expect(application.state).toBe('accepted');
    // a submitted application goes under review first, then to its decision with the reasons
    expect(history.map((h) => [h.to_state, h.note])).toEqual([
      ['draft', ''],
      ['submitted', ''],
      ['under_review', ''],
      ['accepted', 'Un projet solide.'],
    ]);
    const audit = await auditService(f.db).ofApplication(a.id);
    const actions = audit.map((e) => `${e.subject_type}:${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(['decision:recorded', 'label:conferred']));
    expect(actions.filter((x) => x === 'application:state')).toHaveLength(3);
    expect(await auditService(f.db).verify()).toMatchObject({ ok: true });
    const mails = await f.queued(a.actor);
    const mail = mails.find((m) => m.subject.startsWith('Decision on your application'));
    expect(mail?.body).toContain('accepted');
    expect(mail?.body).toContain(`https://totem.example/en/applications/${a.id}`);
    // the applicant downloads the letter: a PDF, the one whose hash the decision keeps
    const letter = await decisions().letter(a.actor, a.id);
    const bytes = await readAll(letter.stream);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(decision.letter_sha256);
    expect(letter.name).toBe(`decision-${a.acknowledgement.toLowerCase()}.pdf`);
  });

  it('refuses: no label; a second decision is refused, and nothing changes', async () => {
    const a = await submittedIn(f);
    await callConfers(f.db, a.call.id, { fr: 'Label', en: 'Label' });
    const first = await decisions().decide(
      f.staff,
      a.id,
      { decision: 'refused', reasons: 'Hors périmètre.' },
      'fr',
    );
    expect(first.label).toBeNull();
    expect(
      await f.db.selectFrom('labels').select('id').where('application_id', '=', a.id).execute(),
    ).toEqual([]);
    await expect(
      decisions().decide(f.staff, a.id, { decision: 'accepted', reasons: 'Finalement oui.' }, 'fr'),
    ).rejects.toSatisfy((e) => programmesError.is(e, 'ALREADY_DECIDED'));
    const row = await f.db
      .selectFrom('programme_decisions')
      .selectAll()
      .where('application_id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(row.decision).toBe('refused');
    expect(await decisions().forApplicant(a.id)).toMatchObject({
      decision: 'refused',
      label: null,
    });
  });

  it('wants an outcome and reasons (a message for each), and writes nothing without them', async () => {
    const a = await submittedIn(f);
    const error = await decisions()
      .decide(f.staff, a.id, { decision: 'maybe', reasons: '   ' }, 'fr')
      .catch((e: unknown) => e);
    expect(programmesError.is(error, 'DECISION_INVALID')).toBe(true);
    expect((error as { fields: object }).fields).toEqual({
      decision: 'Choisissez « acceptée » ou « refusée ».',
      reasons: 'Écrivez les motifs de la décision.',
    });
    const row = await f.db
      .selectFrom('programme_applications')
      .select('state')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('submitted');
    expect(await decisions().forApplicant(a.id)).toBeNull();
  });

  it('is for staff: neither the applicant nor a reviewer decides; a draft cannot be decided', async () => {
    const a = await submittedIn(f);
    const [reviewer] = await giveJury(f.db, a.id, [{ result: 3 }]);
    for (const who of [a.actor, reviewer]) {
      await expect(
        decisions().decide(who as never, a.id, { decision: 'accepted', reasons: 'x' }, 'fr'),
      ).rejects.toSatisfy((e) => coreError.is(e, 'FORBIDDEN'));
    }
    // the letter: not for someone outside the organisation, not before a decision
    const stranger = await person(f.db);
    await expect(decisions().letter(stranger, a.id)).rejects.toSatisfy((e) =>
      coreError.is(e, 'FORBIDDEN'),
    );
    await expect(decisions().letter(a.actor, a.id)).rejects.toSatisfy((e) =>
      coreError.is(e, 'NOT_FOUND'),
    );
    const other = await f.applicant();
    const call = await f.newCall();
    const draft = await f
      .services()
      .applications.start(
        other.actor,
        { callId: call.id, organisationSiren: other.org.siren, answers: {} },
        'fr',
      );
    await expect(
      decisions().decide(f.staff, draft.id, { decision: 'accepted', reasons: 'x' }, 'fr'),
    ).rejects.toSatisfy((e) => programmesError.is(e, 'NOT_DECIDABLE'));
  });
});

describe.each(engines())(
  'decisions: the ranking, what the applicant reads, two at once (%s)',
  (engine) => {
    const f = applicationsFixture(engine);
    const files = temporaryStorage();
    const decisions = () => decisionsOf(f.db, files.storage(), f.clock);

    it('ranks by mean result, with the spread, abstentions apart, unreviewed ones left out', async () => {
      const call = await f.newCall();
      const apply = async () => {
        const applicant = await f.applicant();
        const { applications } = f.services();
        const draft = await applications.start(
          applicant.actor,
          { callId: call.id, organisationSiren: applicant.org.siren, answers: { project: 'P' } },
          'fr',
        );
        return (await applications.submit(applicant.actor, draft.id, 'fr')).id;
      };
      const [low, high, abstained, pending] = [
        await apply(),
        await apply(),
        await apply(),
        await apply(),
      ];
      await giveJury(f.db, low, [{ result: 2 }, { result: 4 }, { abstain: true }]);
      await giveJury(f.db, high, [
        { result: 4.5 },
        { result: 3.5 },
        { result: 4, submitted: false },
      ]);
      await giveJury(f.db, abstained, [{ abstain: true }]);
      await giveJury(f.db, pending, [{ result: 5, submitted: false }]);
      const { lines } = await decisions().ranking(f.staff, call.id);
      expect(lines.map((l) => l.application_id)).toEqual([high, low, abstained]);
      expect(lines[0]).toMatchObject({
        mean: 4,
        spread: 1,
        deviation: 0.5,
        submitted: 2,
        assigned: 3,
        abstentions: 0,
      });
      expect(lines[1]).toMatchObject({
        mean: 3,
        spread: 2,
        submitted: 3,
        assigned: 3,
        abstentions: 1,
      });
      expect(lines[2]).toMatchObject({ mean: null, spread: null, abstentions: 1 });
      const member = await person(f.db);
      await expect(decisions().ranking(member, call.id)).rejects.toSatisfy((e) =>
        coreError.is(e, 'FORBIDDEN'),
      );
    });

    it('gives the applicant the comments to the applicant of submitted reviews, never the jury’s', async () => {
      const a = await submittedIn(f);
      await giveJury(f.db, a.id, [
        { name: 'Rita Relectrice', result: 4, jury: 'Secret du jury', applicant: 'Bon dossier.' },
        { result: 3, applicant: '' },
        { result: 1, submitted: false, applicant: 'Brouillon pas soumis' },
      ]);
      await decisions().decide(f.staff, a.id, { decision: 'accepted', reasons: 'Retenu.' }, 'fr');
      const seen = await decisions().forApplicant(a.id);
      expect(seen).toMatchObject({
        decision: 'accepted',
        reasons: 'Retenu.',
        letter: true,
        comments: ['Bon dossier.'],
      });
      expect(JSON.stringify(seen)).not.toMatch(/Rita|Secret|Brouillon/);
    });

    it('takes one decision when two staff decide at once from two connections', async () => {
      const a = await submittedIn(f);
      const second = decisionsOf(f.env.second.db, files.storage(), f.clock);
      const outcomes = await Promise.allSettled([
        decisions().decide(f.staff, a.id, { decision: 'accepted', reasons: 'Oui.' }, 'fr'),
        second.decide(f.staff, a.id, { decision: 'refused', reasons: 'Non.' }, 'fr'),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected');
      expect(programmesError.is((refused as PromiseRejectedResult).reason, 'ALREADY_DECIDED')).toBe(
        true,
      );
      expect(await auditService(f.db).verify()).toMatchObject({ ok: true });
    });
  },
);
