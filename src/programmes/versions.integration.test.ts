import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import { detailsOf, programmesError } from './programmes.errors.ts';
import {
  applicationsFixture,
  CLOSES,
  FORM,
  HOUR,
  memberOrganisation,
  OPENS,
} from './programmes.testing.ts';

describe.each(engines())(
  'applications: form versions, stale saves and eligibility (%s)',
  (engine) => {
    const f = applicationsFixture(engine);

    it('keeps the form version a draft was started on when staff edit the form', async () => {
      f.now = new Date(OPENS.getTime() + HOUR);
      const call = await f.newCall();
      const early = await f.applicant();
      const { applications, programmes } = f.services();
      const first = await applications.start(
        early.actor,
        { callId: call.id, organisationSiren: early.org.siren, answers: { project: 'v1' } },
        'fr',
      );
      const version = await programmes.editForm(f.staff, call.id, [
        ...FORM,
        { key: 'budget', type: 'number', label: 'Budget', required: true, min: 0 },
      ]);
      expect(version).toBe(2);
      expect((await programmes.currentForm(call.id)).version).toBe(2);
      // the first draft is still checked against version 1: no budget asked, none accepted
      expect((await applications.submit(early.actor, first.id, 'fr')).form_version).toBe(1);
      const late = await f.applicant();
      const second = await applications.start(
        late.actor,
        { callId: call.id, organisationSiren: late.org.siren, answers: { project: 'v2' } },
        'fr',
      );
      expect(second.form_version).toBe(2);
      const missing = await applications
        .submit(late.actor, second.id, 'fr')
        .catch((e: unknown) => e);
      expect((missing as { fields?: unknown }).fields).toEqual({
        budget: 'Ce champ est obligatoire.',
      });
    });

    it('answers STALE_VERSION with the current version when another save came first, and writes nothing', async () => {
      f.now = new Date(OPENS.getTime() + HOUR);
      const call = await f.newCall();
      const { actor, org } = await f.applicant();
      const { applications } = f.services();
      const draft = await applications.start(
        actor,
        { callId: call.id, organisationSiren: org.siren, answers: {} },
        'fr',
      );
      await applications.save(
        actor,
        draft.id,
        { answers: { project: 'onglet A' }, version: 1 },
        'fr',
      );
      const stale = await applications
        .save(actor, draft.id, { answers: { project: 'onglet B' }, version: 1 }, 'fr')
        .catch((e: unknown) => e);
      expect(programmesError.is(stale, 'STALE_VERSION')).toBe(true);
      expect(detailsOf(stale)).toEqual({ current_version: 2, changed_fields: ['project'] });
      expect((await applications.get(actor, draft.id)).answers).toEqual({ project: 'onglet A' });
    });

    it('refuses a draft before the opening, after the closing, and for an ineligible organisation with its reasons', async () => {
      const call = await f.newCall([
        { rule: 'in_territory' },
        { rule: 'kind', kinds: ['accelerator'] },
      ]);
      const { applications } = f.services();
      const actor = await person(f.db);
      const outside = await memberOrganisation(f.db, actor, {
        kind: 'sme',
        communes: [],
        headOfficeInTerritory: false,
      });
      const start = () =>
        applications.start(
          actor,
          { callId: call.id, organisationSiren: outside.siren, answers: {} },
          'fr',
        );
      f.now = new Date(OPENS.getTime() - 1);
      await expect(start()).rejects.toSatisfy((e) => programmesError.is(e, 'CALL_NOT_OPEN'));
      f.now = new Date(CLOSES.getTime() + 1);
      await expect(start()).rejects.toSatisfy((e) => programmesError.is(e, 'CALL_CLOSED'));
      f.now = new Date(OPENS.getTime() + HOUR);
      const refusal = await start().catch((e: unknown) => e);
      expect(programmesError.is(refusal, 'NOT_ELIGIBLE')).toBe(true);
      expect(detailsOf(refusal)).toEqual({
        reasons: [
          'L’organisation n’a pas d’établissement ouvert sur le territoire du hub.',
          'Réservé aux organisations de type : accelerator.',
        ],
      });
      // someone who is not its member, or whose address is not verified, cannot apply for it
      const stranger = await person(f.db);
      const notVerified = await person(f.db, { verified: false });
      const org = await memberOrganisation(f.db, notVerified, { kind: 'accelerator' });
      for (const who of [stranger, notVerified]) {
        await expect(
          applications.start(
            who,
            { callId: call.id, organisationSiren: org.siren, answers: {} },
            'fr',
          ),
        ).rejects.toSatisfy((e) => programmesError.is(e, 'NOT_A_MEMBER'));
      }
      expect(
        await f.db
          .selectFrom('programme_applications')
          .select('id')
          .where('call_id', '=', call.id)
          .execute(),
      ).toEqual([]);
    });
  },
);
