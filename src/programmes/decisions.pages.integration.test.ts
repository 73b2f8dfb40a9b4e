import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { giveRole, person } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import type { Actor } from '../kernel/policy.ts';
import { applicationsService } from './applications.service.ts';
import { callConfers, giveJury } from './decisions.testing.ts';
import { programmesService } from './programmes.service.ts';
import { FORM, HOUR, memberOrganisation } from './programmes.testing.ts';

/** the whole server: staff and an applicant signed in, an open call conferring a label */
class DecisionPagesFixture {
  t!: TestApp;
  staff!: TestClient;
  applicant!: TestClient;
  applicantActor!: Actor & { kind: 'user' };
  siren = '';
  callId = 0;

  /** a new application of the applicant's organisation… to a new call each time (one per call) */
  async submitted(slug: string): Promise<number> {
    const db = this.t.database.db;
    const staff = await person(db, { role: 'staff' });
    const programmes = programmesService(db);
    const programmeId = await programmes.createProgramme(staff, {
      slug: `p-${slug}`,
      nameFr: 'Programme',
      nameEn: 'Programme',
    });
    const now = Date.now();
    this.callId = (
      await programmes.createCall(staff, {
        programmeId,
        slug,
        referenceCode: 'DEC',
        titleFr: `Appel ${slug}`,
        titleEn: `Call ${slug}`,
        opensAt: new Date(now - 24 * HOUR),
        closesAt: new Date(now + 24 * HOUR),
        graceUntil: new Date(now + 48 * HOUR),
        eligibility: [{ rule: 'active' }],
        form: FORM,
      })
    ).id;
    await callConfers(db, this.callId, { fr: 'Label Décision', en: 'Decision Label', months: 12 });
    const applications = applicationsService(db);
    const draft = await applications.start(
      this.applicantActor,
      { callId: this.callId, organisationSiren: this.siren, answers: { project: 'Robots' } },
      'fr',
    );
    return (await applications.submit(this.applicantActor, draft.id, 'fr')).id;
  }

  async setUp(engine: EngineKind) {
    this.t = await createTestApp(engine);
    const db = this.t.database.db;
    const staffEmail = uniqueEmail('staff');
    this.staff = await signUp(this.t.app, { email: staffEmail });
    await giveRole(db, staffEmail, 'staff');
    const email = uniqueEmail('applicant');
    this.applicant = await signUp(this.t.app, { email, name: 'Ada Candidate' });
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    this.applicantActor = {
      kind: 'user',
      user: {
        id: user.id,
        name: user.name,
        email,
        role: 'member',
        locale: 'fr',
        createdAt: user.created_at,
        verified: true,
      },
    };
    this.siren = (
      await memberOrganisation(db, this.applicantActor, { name: 'Robotique Alpes' })
    ).siren;
  }
}

function fixture(engine: EngineKind) {
  const f = new DecisionPagesFixture();
  beforeAll(async () => f.setUp(engine));
  afterAll(async () => f.t?.close());
  return f;
}

describe.each(engines())('decision pages: staff decide, the applicant reads (%s)', (engine) => {
  const f = fixture(engine);

  it('refuses a form without reasons with what was typed (422), then records it (303)', async () => {
    const id = await f.submitted('pages-un');
    await giveJury(f.t.database.db, id, [
      {
        name: 'Rita Relectrice',
        result: 4,
        jury: 'Entre nous : fragile',
        applicant: 'Beau prototype.',
      },
      { name: 'Bruno Juré', result: 2 },
    ]);
    const page = await f.staff.get(`/admin/programmes/candidatures/${id}/decision`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rita Relectrice');
    expect(page.body).toContain('Moyenne : 3');
    const refused = await f.staff.post(`/admin/programmes/candidatures/${id}/decision`, {
      decision: 'accepted',
      reasons: '   ',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Écrivez les motifs de la décision.');
    expect(refused.body).toMatch(/name="decision" checked="" value="accepted"/);
    const done = await f.staff.post(`/admin/programmes/candidatures/${id}/decision`, {
      decision: 'accepted',
      reasons: 'Un prototype convaincant.',
    });
    expect(done.statusCode).toBe(303);
    const after = await f.staff.follow(done);
    expect(after.body).toContain('Décision enregistrée');
    expect(after.body).toContain('Label conféré : Label Décision');
    const again = await f.staff.post(`/admin/programmes/candidatures/${id}/decision`, {
      decision: 'refused',
      reasons: 'Non.',
    });
    expect(again.statusCode).toBe(409);
    // the ranking lists it, with its decision
    const ranking = await f.staff.get(`/admin/programmes/appels/${f.callId}/classement`);
    expect(ranking.statusCode).toBe(200);
    expect(ranking.body).toContain('Robotique Alpes');
    expect(ranking.body).toContain('Acceptée');
    // the applicant's page: the decision and the comment to them, no reviewer, no jury's comment
    const mine = await f.applicant.get(`/candidatures/${id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Un prototype convaincant.');
    expect(mine.body).toContain('Beau prototype.');
    expect(mine.body).toContain('Label obtenu : Label Décision');
    expect(mine.body).not.toMatch(/Rita|Bruno|Relectrice|fragile/);
    const letter = await f.applicant.get(`/candidatures/${id}/lettre.pdf`);
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(letter.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const english = await f.applicant.get(`/en/applications/${id}/lettre.pdf`);
    expect(english.statusCode).toBe(200);
  });

  it('shows no decision before one, and the letter is not there yet', async () => {
    const id = await f.submitted('pages-deux');
    await giveJury(f.t.database.db, id, [
      { name: 'Rita Relectrice', result: 4, applicant: 'Tôt.' },
    ]);
    const mine = await f.applicant.get(`/candidatures/${id}`);
    expect(mine.body).not.toContain('Tôt.');
    expect(mine.body).not.toContain('Rita');
    expect((await f.applicant.get(`/candidatures/${id}/lettre.pdf`)).statusCode).toBe(404);
    // in English too
    const english = await f.staff.get(`/en/admin/programmes/candidatures/${id}/decision`);
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('Record the decision and send the letter');
    const ranking = await f.staff.get(`/en/admin/programmes/appels/${f.callId}/classement`);
    expect(ranking.body).toContain('Applications ranked by mean result');
    // a member is refused the staff's pages
    expect(
      (await f.applicant.get(`/admin/programmes/candidatures/${id}/decision`)).statusCode,
    ).toBe(403);
    expect(
      (await f.applicant.get(`/admin/programmes/appels/${f.callId}/classement`)).statusCode,
    ).toBe(403);
  });
});

describe.each(engines())('decision API (%s)', (engine) => {
  const f = fixture(engine);

  it('records a decision: 201 with the label; 422 without reasons; 409 again; 403 for a member', async () => {
    const id = await f.submitted('api-un');
    await f.staff.get('/admin/programmes');
    const invalid = await f.staff.json('POST', `/api/v1/applications/${id}/decision`, {
      decision: 'accepted',
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error).toMatchObject({
      code: 'DECISION_INVALID',
      fields: { reasons: expect.any(String) },
    });
    await f.applicant.get(`/candidatures/${id}`);
    const member = await f.applicant.json('POST', `/api/v1/applications/${id}/decision`, {
      decision: 'accepted',
      reasons: 'Moi-même.',
    });
    expect(member.statusCode).toBe(403);
    const created = await f.staff.json('POST', `/api/v1/applications/${id}/decision`, {
      decision: 'accepted',
      reasons: 'Solide.',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      application_id: id,
      decision: 'accepted',
      state: 'accepted',
      letter: { locale: 'fr', url: `/api/v1/applications/${id}/decision/letter` },
      label: { name_fr: 'Label Décision', name_en: 'Decision Label' },
    });
    const again = await f.staff.json('POST', `/api/v1/applications/${id}/decision`, {
      decision: 'refused',
      reasons: 'Non.',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_DECIDED');
    const letter = await f.applicant.get(`/api/v1/applications/${id}/decision/letter`);
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
  });

  it('a refusal confers no label', async () => {
    const id = await f.submitted('api-deux');
    await f.staff.get('/admin/programmes');
    const created = await f.staff.json('POST', `/api/v1/applications/${id}/decision`, {
      decision: 'refused',
      reasons: 'Hors sujet.',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().label).toBeUndefined();
  });
});
