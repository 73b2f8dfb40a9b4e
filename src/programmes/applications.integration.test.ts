import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { luhnCheckDigit } from '../sirene/identifiers.ts';
import { programmesError } from './programmes.errors.ts';
import { applicationsFixture, HOUR, OPENS } from './programmes.testing.ts';

describe.each(engines())('applications: states, answers and the directory (%s)', (engine) => {
  const f = applicationsFixture(engine);

  it('moves a draft to submitted with a number, its history and one receipt mail', async () => {
    f.now = new Date(OPENS.getTime() + HOUR);
    const call = await f.newCall();
    const { actor, org } = await f.applicant();
    const { applications } = f.services();
    const draft = await applications.start(
      actor,
      { callId: call.id, organisationSiren: org.siren, answers: { project: 'Capteurs' } },
      'fr',
    );
    expect(draft).toMatchObject({
      state: 'draft',
      version: 1,
      form_version: 1,
      acknowledgement: null,
    });
    const saved = await applications.save(
      actor,
      draft.id,
      { answers: { founders: [{ name: 'Léa' }] }, version: 1 },
      'fr',
    );
    expect(saved.answers).toEqual({ project: 'Capteurs', founders: [{ name: 'Léa' }] });
    const submitted = await applications.submit(actor, draft.id, 'fr');
    expect(submitted).toMatchObject({
      state: 'submitted',
      acknowledgement: '2026-ACC-0001',
      already: false,
    });
    expect(submitted.history.map((h) => [h.from_state, h.to_state])).toEqual([
      [null, 'draft'],
      ['draft', 'submitted'],
    ]);
    const mails = await f.queued(actor);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Candidature reçue — Appel 1 (2026-ACC-0001)');
    expect(mails[0]?.body).toContain('2026-ACC-0001');
    // the next submission of the call takes the next number
    const other = await f.applicant();
    const second = await applications.start(
      other.actor,
      { callId: call.id, organisationSiren: other.org.siren, answers: { project: 'B' } },
      'fr',
    );
    expect((await applications.submit(other.actor, second.id, 'fr')).acknowledgement).toBe(
      '2026-ACC-0002',
    );
    // submitted: no more edits; withdrawn: once
    await expect(
      applications.save(actor, draft.id, { answers: { project: 'x' }, version: 3 }, 'fr'),
    ).rejects.toSatisfy((e) => programmesError.is(e, 'APPLICATION_NOT_DRAFT'));
    const withdrawn = await applications.withdraw(actor, draft.id);
    expect(withdrawn.history.map((h) => h.to_state)).toEqual(['draft', 'submitted', 'withdrawn']);
    await expect(applications.submit(actor, draft.id, 'fr')).rejects.toSatisfy((e) =>
      programmesError.is(e, 'APPLICATION_NOT_DRAFT'),
    );
  });

  it('refuses a submission whose required answers are missing, with a message per field, and changes nothing', async () => {
    f.now = new Date(OPENS.getTime() + HOUR);
    const call = await f.newCall();
    const { actor, org } = await f.applicant();
    const { applications } = f.services();
    const draft = await applications.start(
      actor,
      { callId: call.id, organisationSiren: org.siren, answers: { incubated: true } },
      'en',
    );
    const refusal = await applications.submit(actor, draft.id, 'en').catch((e: unknown) => e);
    expect(programmesError.is(refusal, 'ANSWERS_INVALID')).toBe(true);
    expect((refusal as { fields?: unknown }).fields).toEqual({
      project: 'This field is required.',
      incubator: 'This field is required.',
    });
    const after = await applications.get(actor, draft.id);
    expect(after).toMatchObject({ state: 'draft', version: 1, acknowledgement: null });
    expect(await f.queued(actor)).toEqual([]);
  });

  it('looks SIRETs up in the directory: an unknown one is a field message, never a silent accept', async () => {
    f.now = new Date(OPENS.getTime() + HOUR);
    const call = await f.newCall();
    const { actor, org } = await f.applicant();
    const { applications } = f.services();
    const draft = await applications.start(
      actor,
      { callId: call.id, organisationSiren: org.siren, answers: {} },
      'fr',
    );
    const unknown = await applications
      .save(actor, draft.id, { answers: { siret: '73282932000074' }, version: 1 }, 'fr')
      .catch((e: unknown) => e);
    expect((unknown as { fields?: Record<string, string> }).fields?.siret).toMatch(
      /inconnu de l’annuaire/,
    );
    // its organisation's SIREN is in the directory: the SIRET is recognised
    const nic = '00012';
    const payload = `${org.siren}${nic.slice(0, 4)}`;
    const siret = `${payload}${luhnCheckDigit(payload)}`;
    const saved = await applications.save(
      actor,
      draft.id,
      { answers: { siret }, version: 1 },
      'fr',
    );
    expect(saved.answers).toEqual({ siret });
  });
});
