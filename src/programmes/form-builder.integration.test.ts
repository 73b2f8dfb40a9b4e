import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import { instantToParis } from '../kernel/paris-time.ts';
import { applicationsService } from './applications.service.ts';
import { type DraftField, draftsOf, emptyDraft, postedOf } from './form-builder.ts';
import type { FormField } from './forms/definition.ts';
import { memberOrganisation } from './programmes.testing.ts';
import { adminTestbed } from './programmes-admin.testing.ts';

const DAY = 86_400_000;

const FIELDS: FormField[] = [
  {
    key: 'projet',
    type: 'long_text',
    label: { fr: 'Présentez votre projet', en: 'Present your project' },
    required: true,
  },
  {
    key: 'stade',
    type: 'choice',
    label: { fr: 'Stade', en: 'Stage' },
    required: false,
    options: [
      { value: 'idee', label: { fr: 'Idée', en: 'Idea' } },
      { value: 'mvp', label: { fr: 'MVP', en: 'MVP' } },
    ],
  },
  {
    key: 'fondateurs',
    type: 'group',
    label: { fr: 'Fondateurs', en: 'Founders' },
    required: false,
    max: 5,
    fields: [{ key: 'nom', type: 'text', label: { fr: 'Nom', en: 'Name' }, required: true }],
  },
];

const draft = (over: Partial<DraftField>): DraftField => ({ ...emptyDraft(over.type), ...over });

describe.each(engines())('the form builder on %s', (engine) => {
  const bed = adminTestbed(engine);
  let callId = 0;
  let page = '';
  const versions = () =>
    bed.db
      .selectFrom('programme_form_versions')
      .select('number')
      .where('call_id', '=', callId)
      .execute()
      .then((rows) => rows.map((r) => r.number).sort());

  beforeAll(async () => {
    const programmeId = await bed.programme({ slug: 'formulaires' });
    const now = Date.now();
    callId = await bed.call(programmeId, {
      slug: 'ouvert',
      opens_at: instantToParis(new Date(now - DAY)),
      closes_at: instantToParis(new Date(now + 30 * DAY)),
      rule_in_territory: '',
    });
    page = `/admin/programmes/appels/${callId}/formulaire`;
  });

  it('saves two new versions while a draft started on the first keeps it', async () => {
    const applicant = await person(bed.db);
    const org = await memberOrganisation(bed.db, applicant);
    const started = await applicationsService(bed.db).start(
      applicant,
      { callId, organisationSiren: org.siren, answers: {} },
      'fr',
    );
    expect(started.form_version).toBe(1);

    const first = await bed.staff.get(page);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Version actuelle : 1.');
    expect(first.body).toContain('value="projet"');
    expect(first.body).toContain('gardent la version sur laquelle elles ont été commencées');

    const saved = await bed.staff.post(page, { ...postedOf(draftsOf(FIELDS)), action: 'save' });
    expect(saved.statusCode, saved.body.slice(0, 3000)).toBe(303);
    const second = await bed.staff.follow(saved);
    expect(second.body).toContain('Nouvelle version du formulaire enregistrée.');
    expect(second.body).toContain('Version actuelle : 2.');
    expect(second.body).toContain('1 candidature(s) en cours sur une version antérieure à la 2');
    expect(second.body).toContain('idee|Idée|Idea');
    expect(second.body).toContain('value="nom"');

    const more = [...draftsOf(FIELDS), draft({ key: 'site', type: 'url', label_fr: 'Site web' })];
    const again = await bed.staff.post(page, { ...postedOf(more), action: 'save' });
    expect(again.statusCode).toBe(303);
    expect(await versions()).toEqual([1, 2, 3]);
    const form = await bed.t.app.inject({ url: `/api/v1/calls/${callId}/form` });
    expect(form.json().version).toBe(3);
    expect(form.json().fields.map((f: { key: string }) => f.key)).toEqual([
      'projet',
      'stade',
      'fondateurs',
      'site',
    ]);
    const kept = await bed.db
      .selectFrom('programme_applications')
      .select('form_version')
      .where('id', '=', started.id)
      .executeTakeFirstOrThrow();
    expect(kept.form_version).toBe(1);
  });

  it('adds, moves and removes fields without saving, keeping what was typed', async () => {
    const before = await versions();
    const typed = [
      draft({ key: 'un', label_fr: 'Premier' }),
      draft({ key: 'deux', label_fr: 'Second' }),
    ];
    await bed.staff.get(page);
    const added = await bed.staff.post(page, {
      ...postedOf(typed),
      action: 'add',
      new_type: 'group',
    });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('Modifications non enregistrées');
    expect(added.body).toContain('name="count" value="3"');
    expect(added.body).toContain('Champs de chaque ligne');
    const moved = await bed.staff.post(page, { ...postedOf(typed), action: 'up:1' });
    expect(moved.body.indexOf('value="deux"')).toBeLessThan(moved.body.indexOf('value="un"'));
    const removed = await bed.staff.post(page, { ...postedOf(typed), action: 'remove:0' });
    expect(removed.body).not.toContain('value="un"');
    expect(removed.body).toContain('value="Second"');
    const enter = await bed.staff.post(page, { ...postedOf(typed), action: 'refresh' });
    expect(enter.statusCode).toBe(200);
    expect(enter.body).toContain('value="Premier"');
    expect(await versions()).toEqual(before);
  });

  it('refuses a form with problems, each next to its field, and saves nothing', async () => {
    const before = await versions();
    await bed.staff.get(page);
    const twice = await bed.staff.post(page, {
      ...postedOf([
        draft({ key: 'meme', label_fr: 'Un' }),
        draft({ key: 'meme', label_fr: 'Deux' }),
        draft({ key: 'cache', label_fr: 'Caché', show_if_field: 'inconnu', show_if_value: 'x' }),
      ]),
      action: 'save',
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain('Un autre champ a déjà cette clé');
    expect(twice.body).toContain('Cette clé n’est pas celle d’un champ précédent.');
    expect(twice.body).toContain('id="field-f1_key-error"');
    expect(twice.body).toContain('value="Caché"');

    const huge = 'x'.repeat(5 * 1024 * 1024);
    const big = await bed.staff.post(page, {
      ...postedOf([draft({ key: 'titre', label_fr: huge })]),
      action: 'save',
    });
    expect(big.statusCode).toBe(422);
    expect(big.body).toContain('Un libellé fait au plus 500 caractères.');
    expect(big.body.length).toBeLessThan(200_000);

    const empty = await bed.staff.post(page, { count: '0', action: 'save' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Le formulaire a besoin d’au moins un champ.');

    await bed.staff.get(`/en${page}`);
    const english = await bed.staff.post(`/en${page}`, {
      ...postedOf([draft({ key: 'Bad Key', label_fr: 'X' })]),
      action: 'save',
    });
    expect(english.statusCode).toBe(422);
    expect(english.body).toContain('Lowercase letters, digits and _, starting with a letter');
    expect(await versions()).toEqual(before);
  });
});
