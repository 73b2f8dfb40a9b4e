import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import { coreError } from '../kernel/errors.ts';
import { programmesError } from './programmes.errors.ts';
import { applicationsFixture, CLOSES, HOUR, memberOrganisation } from './programmes.testing.ts';
import { reviewService } from './review.service.ts';

type ApplicationsFixture = ReturnType<typeof applicationsFixture>;

/** the staff's service on the fixture's database and clock */
const reviewOf = (f: ApplicationsFixture) =>
  reviewService(f.db, { publicUrl: () => 'https://totem.example', clock: f.clock });

/** an application submitted by a new applicant to a new call */
async function submittedIn(f: ApplicationsFixture) {
  const call = await f.newCall();
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
  const done = await applications.submit(applicant.actor, draft.id, 'fr');
  return { ...applicant, call, id: done.id, acknowledgement: done.acknowledgement };
}

describe.each(engines())(
  'review: under review, and what a correction request needs (%s)',
  (engine) => {
    const f = applicationsFixture(engine);
    const review = () => reviewOf(f);
    const submitted = () => submittedIn(f);

    it('puts a submitted application under review once, with its history, and nothing else', async () => {
      const a = await submitted();
      const first = await review().startReview(f.staff, a.id);
      expect(first.state).toBe('under_review');
      // again (a double click): the same state, no second entry
      expect((await review().startReview(f.staff, a.id)).state).toBe('under_review');
      const { history } = await review().detail(f.staff, a.id);
      expect(history.map((h) => h.to_state)).toEqual(['draft', 'submitted', 'under_review']);
      expect(history[2]?.actor_name).toMatch(/^Personne/);
      // a draft cannot be put under review
      const other = await f.applicant();
      const call = await f.newCall();
      const draft = await f
        .services()
        .applications.start(
          other.actor,
          { callId: call.id, organisationSiren: other.org.siren, answers: {} },
          'fr',
        );
      await expect(review().startReview(f.staff, draft.id)).rejects.toSatisfy((e) =>
        programmesError.is(e, 'NOT_REVIEWABLE'),
      );
    });

    it('refuses an incomplete correction request with a message per field and writes nothing', async () => {
      const a = await submitted();
      const error = await review()
        .requestCorrection(f.staff, a.id, { fields: [], note: '  ' }, 'fr')
        .catch((e: unknown) => e);
      expect(programmesError.is(error, 'CORRECTION_INVALID')).toBe(true);
      expect((error as { fields: object }).fields).toEqual({
        fields: 'Choisissez au moins un champ à corriger.',
        note: 'Écrivez au candidat ce qui est à corriger.',
      });
      const unknown = await review()
        .requestCorrection(f.staff, a.id, { fields: ['nope'], note: 'x' }, 'en')
        .catch((e: unknown) => e);
      expect((unknown as { fields: object }).fields).toEqual({
        fields: 'This field is not in the form of this application.',
      });
      const { application } = await review().detail(f.staff, a.id);
      expect(application.state).toBe('submitted');
      expect(application.correction).toBeNull();
      expect(await f.queued(a.actor)).toHaveLength(1);
    });

    it('is for staff only', async () => {
      const a = await submitted();
      const member = await person(f.db);
      await expect(review().startReview(member, a.id)).rejects.toSatisfy((e) =>
        coreError.is(e, 'FORBIDDEN'),
      );
      await expect(
        review().requestCorrection(a.actor, a.id, { fields: ['project'], note: 'x' }, 'fr'),
      ).rejects.toSatisfy((e) => coreError.is(e, 'FORBIDDEN'));
    });
  },
);

describe.each(engines())('review: a correction round trip (%s)', (engine) => {
  const f = applicationsFixture(engine);
  const review = () => reviewOf(f);
  const submitted = () => submittedIn(f);

  it('opens the fields named only, and the corrected application comes back with its number', async () => {
    const a = await submitted();
    await review().startReview(f.staff, a.id);
    // after the deadline and its grace: a correction comes back whenever it is done
    f.now = new Date(CLOSES.getTime() + 48 * HOUR);
    const asked = await review().requestCorrection(
      f.staff,
      a.id,
      { fields: ['project'], note: '  Précisez le projet.  ' },
      'fr',
    );
    expect(asked.state).toBe('correction_requested');
    expect(asked.correction).toEqual({ fields: ['project'], note: 'Précisez le projet.' });
    const { applications } = f.services();
    const seen = await applications.get(a.actor, a.id);
    expect(seen.correction).toEqual({ fields: ['project'], note: 'Précisez le projet.' });
    // a field not named: refused with its message, nothing written
    const refused = await applications
      .save(
        a.actor,
        a.id,
        { answers: { project: 'Robots 2', founders: [{ name: 'Eve' }] }, version: seen.version },
        'fr',
      )
      .catch((e: unknown) => e);
    expect(programmesError.is(refused, 'ANSWERS_INVALID')).toBe(true);
    expect((refused as { fields: object }).fields).toEqual({
      founders:
        'Ce champ n’est pas ouvert à la correction : seuls les champs demandés par l’équipe peuvent changer.',
    });
    const unchanged = await applications.get(a.actor, a.id);
    expect(unchanged.answers).toEqual(seen.answers);
    expect(unchanged.version).toBe(seen.version);
    // sending the other answers as they are is fine; the field named changes
    const saved = await applications.save(
      a.actor,
      a.id,
      {
        answers: { project: 'Robots pour tous', founders: [{ name: 'Alice' }] },
        version: seen.version,
      },
      'fr',
    );
    expect(saved.answers.project).toBe('Robots pour tous');
    const back = await applications.submit(a.actor, a.id, 'fr');
    expect(back.state).toBe('submitted');
    expect(back.acknowledgement).toBe(a.acknowledgement);
    expect(back.correction).toBeNull();
    expect(back.history.map((h) => [h.from_state, h.to_state])).toEqual([
      [null, 'draft'],
      ['draft', 'submitted'],
      ['submitted', 'under_review'],
      ['under_review', 'correction_requested'],
      ['correction_requested', 'submitted'],
    ]);
    expect(back.history[3]?.note).toBe('Précisez le projet.');
    // mails: the receipt, the correction request (with the link), the correction's receipt
    const mails = await f.queued(a.actor);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      expect.stringMatching(/^Candidature reçue/),
      `Correction demandée — Appel ${f.calls} (${a.acknowledgement})`,
      `Correction reçue — Appel ${f.calls} (${a.acknowledgement})`,
    ]);
    const request = mails.find((m) => m.subject.startsWith('Correction demandée'));
    expect(request?.body).toContain(`https://totem.example/candidatures/${a.id}`);
    expect(request?.body).toContain('Champs à corriger : Projet');
    expect(request?.body).toContain('Précisez le projet.');
    // once back, nothing is open any more
    await expect(
      applications.save(a.actor, a.id, { answers: { project: 'x' }, version: back.version }, 'fr'),
    ).rejects.toSatisfy((e) => programmesError.is(e, 'APPLICATION_NOT_DRAFT'));
  });

  it('writes to the applicant in their language, with the English address', async () => {
    const call = await f.newCall();
    const { applications } = f.services();
    f.now = new Date(CLOSES.getTime() - HOUR);
    const actor = await person(f.db, { locale: 'en' });
    const org = await memberOrganisation(f.db, actor);
    const draft = await applications.start(
      actor,
      { callId: call.id, organisationSiren: org.siren, answers: { project: 'Robots' } },
      'en',
    );
    const done = await applications.submit(actor, draft.id, 'en');
    await review().requestCorrection(
      f.staff,
      done.id,
      { fields: ['project', 'founders'], note: 'More, please.' },
      'fr',
    );
    const mails = await f.queued(actor);
    const mail = mails.find((m) => m.subject.startsWith('Correction requested'));
    expect(mail?.body).toContain(`https://totem.example/en/applications/${done.id}`);
    expect(mail?.body).toContain('Fields to correct: Project, Founders');
  });
});

describe.each(engines())('review: a call’s list a page at a time (%s)', (engine) => {
  const f = applicationsFixture(engine);

  it('gives 50 applications a page, every one once, with the count of pages', async () => {
    const call = await f.newCall();
    const { applications } = f.services();
    for (let i = 0; i < 51; i++) {
      const { actor, org } = await f.applicant();
      await applications.start(
        actor,
        { callId: call.id, organisationSiren: org.siren, answers: {} },
        'fr',
      );
    }
    const first = await reviewOf(f).list(f.staff, call.id, {}, 1);
    const second = await reviewOf(f).list(f.staff, call.id, {}, 2);
    expect([first.total, first.pages, first.rows.length, second.rows.length]).toEqual([
      51, 2, 50, 1,
    ]);
    const ids = new Set([...first.rows, ...second.rows].map((r) => Number(r.id)));
    expect(ids.size).toBe(51);
    expect(first.counts).toEqual({ draft: 51 });
  });
});
