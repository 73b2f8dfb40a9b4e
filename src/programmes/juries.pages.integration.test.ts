import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, giveRole, person } from '../../test/support/factories.ts';
import type { Actor } from '../kernel/policy.ts';
import { applicationsService } from './applications.service.ts';
import { programmesService } from './programmes.service.ts';
import { HOUR, memberOrganisation } from './programmes.testing.ts';

type User = Actor & { kind: 'user' };

/** the whole server, staff and a reviewer signed in, a call with two submitted applications */
class PagesFixture {
  t!: TestApp;
  staff!: TestClient;
  reviewer!: TestClient;
  reviewerEmail = '';
  staffToken = '';
  callId = 0;
  apps: { id: number; orgId: string }[] = [];

  async setUp(engine: Parameters<typeof createTestApp>[0]) {
    this.t = await createTestApp(engine);
    const db = this.t.database.db;
    const staffEmail = uniqueEmail('staff');
    this.staff = await signUp(this.t.app, { email: staffEmail });
    await giveRole(db, staffEmail, 'staff');
    await this.staff.get('/compte');
    this.staffToken = (
      await this.staff.json('POST', '/api/v1/me/tokens', { name: 'jury' })
    ).json().token;
    this.reviewerEmail = uniqueEmail('reviewer');
    this.reviewer = await signUp(this.t.app, { email: this.reviewerEmail, name: 'Rita Jury' });
    await giveRole(db, this.reviewerEmail, 'reviewer');
    const actor = await person(db, { role: 'staff' });
    const programmes = programmesService(db);
    const programmeId = await programmes.createProgramme(actor, {
      slug: 'pages-jury',
      nameFr: 'Programme',
      nameEn: 'Programme',
    });
    const now = Date.now();
    this.callId = (
      await programmes.createCall(actor, {
        programmeId,
        slug: 'appel-jury',
        referenceCode: 'JRY',
        titleFr: 'Appel jury',
        titleEn: 'Jury call',
        opensAt: new Date(now - 24 * HOUR),
        closesAt: new Date(now + 24 * HOUR),
        graceUntil: new Date(now + 48 * HOUR),
        eligibility: [{ rule: 'active' }],
        form: [{ key: 'project', type: 'text', label: 'Projet', required: true }],
      })
    ).id;
    for (const name of ['Alpha Conflit', 'Beta Libre']) {
      const applicant: User = await person(db);
      const org = await memberOrganisation(db, applicant, { name });
      const applications = applicationsService(db);
      const draft = await applications.start(
        applicant,
        { callId: this.callId, organisationSiren: org.siren, answers: { project: 'x' } },
        'fr',
      );
      await applications.submit(applicant, draft.id, 'fr');
      this.apps.push({ id: draft.id, orgId: org.id });
    }
  }

  jury() {
    return `/admin/programmes/appels/${this.callId}/jury`;
  }
}

/** a tie recorded after an assignment flags it, on the API and on the staff's pages */
async function flaggedEverywhere(
  f: PagesFixture,
  alpha: { id: number; orgId: string },
  beta: { id: number; orgId: string },
  send: (
    method: 'GET',
    id: number,
  ) => Promise<{ json(): { items: { flagged: boolean; flag_reason: string }[] } }>,
) {
  // a tie recorded after the assignment flags it, on the API and on the staff's pages
  await f.t.database.db
    .insertInto('organisation_relations')
    .values({ from_id: beta.orgId, to_id: alpha.orgId, type: 'spin_off_of', source: 'staff' })
    .execute();
  const flagged = (await send('GET', alpha.id)).json().items;
  expect(flagged.map((a) => a.flagged)).toEqual([false, true]);
  expect(flagged[1]?.flag_reason).toContain('is a spin-off of');
  const detail = await f.staff.get(`/admin/programmes/candidatures/${alpha.id}`);
  expect(detail.body).toContain('1 affectation présente un conflit apparu depuis');
  const jury = await f.staff.get(f.jury());
  expect(jury.body).toContain('class="flagged"');
}

describe.each(engines())('the jury’s pages, without JavaScript (%s)', (engine) => {
  const f = new PagesFixture();
  beforeAll(async () => f.setUp(engine));
  afterAll(async () => f.t?.close());

  it('lets staff build the jury; refuses a member account and a bad number next to the field', async () => {
    expect((await f.staff.get(f.jury())).statusCode).toBe(200);
    const memberEmail = uniqueEmail('member');
    const member = await signUp(f.t.app, { email: memberEmail });
    expect((await member.get(f.jury())).statusCode).toBe(403);
    const refused = await f.staff.post(`${f.jury()}/membres`, { email: memberEmail });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Ce compte ne peut pas siéger dans un jury');
    expect(refused.body).toContain(memberEmail);
    const added = await f.staff.post(`${f.jury()}/membres`, { email: f.reviewerEmail });
    expect(added.statusCode).toBe(303);
    const page = await f.staff.follow(added);
    expect(page.body).toContain('Membre ajouté au jury.');
    expect(page.body).toContain('Rita Jury');
    const bad = await f.staff.post(`${f.jury()}/reglages`, { per_application: 'douze' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Un nombre entier de 1 à 10.');
    expect((await f.staff.post(`${f.jury()}/reglages`, { per_application: '1' })).statusCode).toBe(
      303,
    );
  });

  it('shows a conflict, refuses an override without a reason, records one with it', async () => {
    const db = f.t.database.db;
    const reviewer = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', f.reviewerEmail)
      .executeTakeFirstOrThrow();
    const [alpha] = f.apps;
    if (!alpha) throw new Error('fixture');
    const fund = await buildOrganisation(db, { name: 'Fonds Rita' });
    await db
      .insertInto('organisation_members')
      .values({ organisation_id: fund.id, user_id: reviewer.id })
      .execute();
    await db
      .insertInto('organisation_relations')
      .values({ from_id: fund.id, to_id: alpha.orgId, type: 'invests_in', source: 'staff' })
      .execute();
    await f.staff.get(f.jury());
    const url = `/admin/programmes/candidatures/${alpha.id}/affectations`;
    const conflict = await f.staff.post(url, { reviewer: reviewer.id });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Affectation refusée : conflit d’intérêts');
    expect(conflict.body).toContain('« Fonds Rita » investit dans « Alpha Conflit »');
    const blank = await f.staff.post(url, {
      reviewer: reviewer.id,
      override: '1',
      override_reason: ' ',
    });
    expect(blank.statusCode).toBe(422);
    expect(blank.body).toContain('Écrivez la raison de passer outre ce conflit.');
    const done = await f.staff.post(url, {
      reviewer: reviewer.id,
      override: '1',
      override_reason: 'Seule experte',
    });
    expect(done.statusCode).toBe(303);
    // the automatic assignment tops the other one up
    const auto = await f.staff.post(`${f.jury()}/automatique`, {});
    expect(auto.statusCode).toBe(200);
    expect(auto.body).toContain('1 affectation ajoutée.');
    const journal = await f.staff.get(`/admin/programmes/candidatures/${alpha.id}/journal`);
    expect(journal.body).toContain('Conflit d’intérêts levé');
    expect(journal.body).toContain('Seule experte');
    const english = await f.staff.get(`/en/admin/programmes/candidatures/${alpha.id}/journal`);
    expect(english.body).toContain('Conflict of interest overridden');
    // the application's staff page links to both
    const detail = await f.staff.get(`/admin/programmes/candidatures/${alpha.id}`);
    expect(detail.body).toContain(`/admin/programmes/candidatures/${alpha.id}/journal`);
  });

  it('lets a reviewer declare a conflict, in French and English, and remove it', async () => {
    const org = await buildOrganisation(f.t.database.db, { name: 'Cousins Associés' });
    expect((await f.reviewer.get('/en/jury/conflicts')).statusCode).toBe(200);
    await f.reviewer.get('/jury/conflits');
    const empty = await f.reviewer.post('/jury/conflits', { type: 'family' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Choisissez une organisation de l’annuaire.');
    const search = await f.reviewer.post('/jury/conflits', {
      organisation_q: 'Cousins Associés',
      action: 'search-organisation',
    });
    expect(search.body).toContain(org.id);
    const declared = await f.reviewer.post('/jury/conflits', {
      organisation_id: org.id,
      type: 'family',
      note: 'Mon frère',
    });
    expect(declared.statusCode).toBe(303);
    const page = await f.reviewer.follow(declared);
    expect(page.body).toContain('Cousins Associés');
    expect(page.body).toContain('lien familial');
    const id = /\/jury\/conflits\/(\d+)\/supprimer/.exec(page.body)?.[1];
    expect((await f.reviewer.post(`/jury/conflits/${id}/supprimer`, {})).statusCode).toBe(303);
    expect((await f.reviewer.get('/jury/conflits')).body).toContain('Aucun conflit déclaré.');
  });

  it('assigns through the API, and answers 409 with the reason in the language asked', async () => {
    const [, beta] = f.apps;
    const [alpha] = f.apps;
    if (!alpha || !beta) throw new Error('fixture');
    const juror = await person(f.t.database.db, { role: 'reviewer' });
    await f.staff.get(f.jury());
    await f.staff.post(`${f.jury()}/membres`, { email: juror.user.email });
    await f.t.database.db
      .insertInto('organisation_members')
      .values({ organisation_id: beta.orgId, user_id: juror.user.id })
      .execute();
    const send = (method: 'GET' | 'POST', id: number, payload?: object) =>
      f.t.app.inject({
        method,
        url: `/api/v1/applications/${id}/assignments`,
        ...(payload ? { payload } : {}),
        headers: { authorization: `Bearer ${f.staffToken}`, 'accept-language': 'en' },
      });
    const refused = await send('POST', beta.id, { reviewer_email: juror.user.email });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT_OF_INTEREST');
    expect(refused.json().error.reason).toBe('Member of “Beta Libre”.');
    expect(refused.json().error.conflicts[0].kind).toBe('member');
    const created = await send('POST', alpha.id, { reviewer_email: juror.user.email });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      application_id: alpha.id,
      reviewer: { email: juror.user.email },
      method: 'manual',
    });
    const list = await send('GET', alpha.id);
    expect(list.json().items.map((a: { flagged: boolean }) => a.flagged)).toEqual([false, false]);
    await flaggedEverywhere(f, alpha, beta, send);
    const member = await signUp(f.t.app, { email: uniqueEmail('m') });
    expect((await member.get(`/api/v1/applications/${alpha.id}/assignments`)).statusCode).toBe(403);
  });
});
