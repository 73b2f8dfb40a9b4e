import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { giveRole, person } from '../../test/support/factories.ts';
import type { Actor } from '../kernel/policy.ts';
import { applicationsService } from './applications.service.ts';
import { programmesService } from './programmes.service.ts';
import { FORM, HOUR, memberOrganisation } from './programmes.testing.ts';

const ATTACK = '=HYPERLINK("http://evil.example","cliquez")';

describe.each(engines())('review pages: lists, CSV, detail, actions (%s)', (engine) => {
  let t: TestApp;
  let staff: TestClient;
  let staffActor: Actor;
  let callId = 0;
  const ids = { alpha: 0, beta: 0, draft: 0, delta: 0 };

  /** an application of a new organisation of this name, submitted unless told */
  async function apply(name: string, answers: object, submit = true) {
    const db = t.database.db;
    const actor = await person(db);
    const org = await memberOrganisation(db, actor, { name });
    const applications = applicationsService(db);
    const draft = await applications.start(
      actor,
      { callId, organisationSiren: org.siren, answers },
      'fr',
    );
    if (submit) await applications.submit(actor, draft.id, 'fr');
    return draft.id;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    const email = uniqueEmail('staff');
    staff = await signUp(t.app, { email });
    await giveRole(db, email, 'staff');
    staffActor = await person(db, { role: 'staff' });
    const programmes = programmesService(db);
    const programmeId = await programmes.createProgramme(staffActor, {
      slug: 'revue',
      nameFr: 'Programme',
      nameEn: 'Programme',
    });
    const now = Date.now();
    callId = (
      await programmes.createCall(staffActor, {
        programmeId,
        slug: 'appel-revue',
        referenceCode: 'REV',
        titleFr: 'Appel revue',
        titleEn: 'Review call',
        opensAt: new Date(now - 24 * HOUR),
        closesAt: new Date(now + 24 * HOUR),
        graceUntil: new Date(now + 48 * HOUR),
        eligibility: [{ rule: 'active' }],
        form: FORM,
      })
    ).id;
    ids.alpha = await apply('Alpha Robotique', {
      project: ATTACK,
      founders: [{ name: 'Alice' }, { name: 'Bob' }],
    });
    ids.beta = await apply('Beta Labs', { project: 'Labs' });
    ids.draft = await apply('Gamma 100%', { project: 'Brouillon' }, false);
    // a newer version of the form adds a field: the older applications keep theirs
    await programmes.editForm(staffActor, callId, [
      ...FORM,
      { key: 'website', type: 'url', label: { fr: 'Site web', en: 'Website' } },
    ]);
    ids.delta = await apply('Delta', { project: 'Nouveau', website: 'https://delta.example' });
  });
  afterAll(async () => t?.close());

  const listOf = () => `/admin/programmes/appels/${callId}/candidatures`;

  it('lists a call’s applications with their counts, filters and links', async () => {
    const res = await staff.get(listOf());
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Candidatures — Appel revue');
    for (const name of ['Alpha Robotique', 'Beta Labs', 'Gamma 100%', 'Delta'])
      expect(html).toContain(name);
    expect(html).toContain('Déposée (3)');
    expect(html).toContain('Brouillon (1)');
    expect(html).toContain('4 candidatures');
    expect(html).toContain(`href="/admin/programmes/candidatures/${ids.alpha}"`);
    expect(html).toMatch(/href="\/annuaire\/alpha-robotique[^"]*">Alpha Robotique/);
    // by state
    const drafts = await staff.get(`${listOf()}?etat=draft`);
    expect(drafts.body).toContain('Gamma 100%');
    expect(drafts.body).not.toContain('Beta Labs');
    expect(drafts.body).toContain('1 candidature');
    // by a part of the name, LIKE's wildcards taken literally
    const named = await staff.get(`${listOf()}?organisation=${encodeURIComponent('robot')}`);
    expect(named.body).toContain('Alpha Robotique');
    expect(named.body).not.toContain('Beta Labs');
    const percent = await staff.get(`${listOf()}?organisation=${encodeURIComponent('0%')}`);
    expect(percent.body).toContain('Gamma 100%');
    expect(percent.body).not.toContain('Alpha Robotique');
    // a strange state or page is ignored, never a 500
    const odd = await staff.get(`${listOf()}?etat=nope&page=abc&organisation=`);
    expect(odd.statusCode).toBe(200);
    expect(odd.body).toContain('4 candidatures');
    // in English
    const en = await staff.get(`/en${listOf()}`);
    expect(en.body).toContain('Applications — Review call');
    // an unknown call
    expect((await staff.get('/admin/programmes/appels/999999/candidatures')).statusCode).toBe(404);
  });

  it('exports the filtered list as CSV: a column per field of the latest form, formulas defused', async () => {
    const res = await staff.get(`${listOf()}.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="candidatures-appel-revue-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const lines = res.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'id,acknowledgement,organisation,siren,state,submitted_at,form_version,Projet (project),Incubé ? (incubated),Incubateur (incubator),SIRET (siret),Fondateurs (founders),Site web (website)',
    );
    const alpha = lines.find((l) => l.startsWith(`${ids.alpha},`)) ?? '';
    expect(alpha).toContain(`"'${ATTACK.replace(/"/g, '""')}"`);
    expect(alpha).not.toContain(`,${ATTACK}`);
    expect(alpha).toContain(',Alice; Bob,');
    expect(alpha).toMatch(/,Alice; Bob,$/); // the newer field: present, empty for an old application
    const delta = lines.find((l) => l.startsWith(`${ids.delta},`)) ?? '';
    expect(delta).toMatch(/,2,Nouveau,.*,https:\/\/delta\.example$/);
    expect(delta).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,/);
    // the list's filters apply
    const drafts = await staff.get(`${listOf()}.csv?etat=draft`);
    const rows = drafts.body.split('\r\n').filter((l) => l !== '');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Gamma 100%');
  });

  it('shows an application with its answers and history, and puts it under review', async () => {
    const page = await staff.get(`/admin/programmes/candidatures/${ids.beta}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<dl class="answers">');
    expect(page.body).toContain('<dt>Projet</dt><dd>Labs</dd>');
    expect(page.body).toContain('Passer en examen');
    expect(page.body).toContain('name="_csrf"');
    const res = await staff.post(`/admin/programmes/candidatures/${ids.beta}/examen`, {});
    expect(res.statusCode).toBe(303);
    const after = await staff.follow(res);
    expect(after.body).toContain('La candidature est passée en examen.');
    expect(after.body).toMatch(/<td>Déposée<\/td><td>En examen<\/td><td>Test Person<\/td>/);
    expect(after.body).not.toContain('Passer en examen</button>');
    // a draft cannot: 409, a page in words
    const refused = await staff.post(`/admin/programmes/candidatures/${ids.draft}/examen`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Seule une candidature déposée peut passer en examen.');
    expect((await staff.get('/admin/programmes/candidatures/999999')).statusCode).toBe(404);
    expect((await staff.get('/admin/programmes/candidatures/abc')).statusCode).toBe(404);
  });

  it('asks for a correction: 422 with messages when incomplete, then the state, the mark and the API', async () => {
    await staff.get(`/admin/programmes/candidatures/${ids.alpha}`);
    const empty = await staff.post(`/admin/programmes/candidatures/${ids.alpha}/correction`, {
      note: 'Gardé',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Choisissez au moins un champ à corriger.');
    expect(empty.body).toContain('aria-describedby="field-fields-hint field-fields-error"');
    expect(empty.body).toContain('>Gardé</textarea>');
    const noNote = await staff.post(`/admin/programmes/candidatures/${ids.alpha}/correction`, {
      fields: 'project',
    });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.body).toContain('Écrivez au candidat ce qui est à corriger.');
    expect(noNote.body).toMatch(/checked="" value="project"/);
    const ok = await staff.post(`/admin/programmes/candidatures/${ids.alpha}/correction`, {
      fields: 'project',
      note: 'Le projet ne se lit pas.',
    });
    expect(ok.statusCode).toBe(303);
    const after = await staff.follow(ok);
    expect(after.body).toContain('La demande de correction a été envoyée au candidat.');
    expect(after.body).toContain('answer-to-correct');
    expect(after.body).toContain('Correction demandée sur : Projet');
    const row = await t.database.db
      .selectFrom('programme_applications')
      .select(['state', 'correction_fields', 'correction_note'])
      .where('id', '=', ids.alpha)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      state: 'correction_requested',
      correction_fields: ['project'],
      correction_note: 'Le projet ne se lit pas.',
    });
    // several fields at once, as a browser posts checkboxes
    await staff.get(`/admin/programmes/candidatures/${ids.delta}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(
      (await staff.get(`/admin/programmes/candidatures/${ids.delta}`)).body,
    )?.[1];
    const both = await t.app.inject({
      method: 'POST',
      url: `/admin/programmes/candidatures/${ids.delta}/correction`,
      remoteAddress: staff.remoteAddress,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      payload: `_csrf=${encodeURIComponent(csrf ?? '')}&fields=project&fields=website&note=Deux`,
    });
    expect(both.statusCode).toBe(303);
    const delta = await t.database.db
      .selectFrom('programme_applications')
      .select(['correction_fields'])
      .where('id', '=', ids.delta)
      .executeTakeFirstOrThrow();
    expect(delta.correction_fields).toEqual(['project', 'website']);
  });

  it('gives the correction in the API’s application, null when there is none', async () => {
    const db = t.database.db;
    const email = uniqueEmail('applicant');
    const client = await signUp(t.app, { email });
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const self = { kind: 'user', user: { id: user.id } } as Parameters<
      typeof memberOrganisation
    >[1];
    const org = await memberOrganisation(db, self, { name: 'Epsilon' });
    await client.get('/compte');
    const started = await client.json('POST', `/api/v1/calls/${callId}/applications`, {
      organisation_siren: org.siren,
      answers: { project: 'API' },
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ correction_fields: null, correction_note: null });
    const id = started.json().id;
    expect((await client.json('POST', `/api/v1/applications/${id}/submit`, {})).statusCode).toBe(
      200,
    );
    await staff.get(`/admin/programmes/candidatures/${id}`);
    const asked = await staff.post(`/admin/programmes/candidatures/${id}/correction`, {
      fields: 'project',
      note: 'Plus long.',
    });
    expect(asked.statusCode).toBe(303);
    const read = await client.get(`/api/v1/applications/${id}`);
    expect(read.json()).toMatchObject({
      state: 'correction_requested',
      correction_fields: ['project'],
      correction_note: 'Plus long.',
    });
    const version = read.json().version;
    const wrong = await client.json('PATCH', `/api/v1/applications/${id}`, {
      answers: { incubated: true, incubator: 'X' },
      version,
    });
    expect(wrong.statusCode).toBe(422);
    expect(Object.keys(wrong.json().error.fields).sort()).toEqual(['incubated', 'incubator']);
    const right = await client.json('PATCH', `/api/v1/applications/${id}`, {
      answers: { project: 'API, plus long' },
      version,
    });
    expect(right.statusCode).toBe(200);
    const back = await client.json('POST', `/api/v1/applications/${id}/submit`, {});
    expect(back.json()).toMatchObject({
      state: 'submitted',
      acknowledgement: started.json().acknowledgement ?? read.json().acknowledgement,
      correction_fields: null,
    });
  });

  it('is for staff: a member or a reviewer is refused, a visitor asked to sign in', async () => {
    const routes = [
      ['GET', listOf()],
      ['GET', `${listOf()}.csv`],
      ['GET', `/admin/programmes/candidatures/${ids.beta}`],
      ['POST', `/admin/programmes/candidatures/${ids.beta}/examen`],
      ['POST', `/admin/programmes/candidatures/${ids.beta}/correction`],
    ] as const;
    const member = await signUp(t.app, { email: uniqueEmail('member') });
    const reviewerEmail = uniqueEmail('reviewer');
    const reviewer = await signUp(t.app, { email: reviewerEmail });
    await giveRole(t.database.db, reviewerEmail, 'reviewer');
    const visitor = new TestClient(t.app);
    await visitor.get('/mot-de-passe-oublie');
    for (const [method, url] of routes) {
      for (const [client, status] of [
        [member, 403],
        [reviewer, 403],
        [visitor, 401],
      ] as const) {
        const res =
          method === 'GET'
            ? await client.get(url)
            : await client.post(url, { fields: 'project', note: 'x' });
        expect(res.statusCode, `${method} ${url}`).toBe(status);
      }
    }
    const row = await t.database.db
      .selectFrom('programme_applications')
      .select('state')
      .where('id', '=', ids.beta)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('under_review');
  });
});
