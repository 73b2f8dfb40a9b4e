import { describe, expect, it } from 'vitest';
import { signUp, TestClient, uniqueEmail } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { giveRole } from '../../test/support/factories.ts';
import { memberOrganisation } from './programmes.testing.ts';
import { reviewPagesFixture } from './review.testing.ts';

describe.each(engines())('review pages: asking for a correction (%s)', (engine) => {
  const f = reviewPagesFixture(engine);

  it('asks for a correction: 422 with messages when incomplete, then the state, the mark and the API', async () => {
    await f.staff.get(`/admin/programmes/candidatures/${f.ids.alpha}`);
    const empty = await f.staff.post(`/admin/programmes/candidatures/${f.ids.alpha}/correction`, {
      note: 'Gardé',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Choisissez au moins un champ à corriger.');
    expect(empty.body).toContain('aria-describedby="field-fields-hint field-fields-error"');
    expect(empty.body).toContain('>Gardé</textarea>');
    const noNote = await f.staff.post(`/admin/programmes/candidatures/${f.ids.alpha}/correction`, {
      fields: 'project',
    });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.body).toContain('Écrivez au candidat ce qui est à corriger.');
    expect(noNote.body).toMatch(/checked="" value="project"/);
    const ok = await f.staff.post(`/admin/programmes/candidatures/${f.ids.alpha}/correction`, {
      fields: 'project',
      note: 'Le projet ne se lit pas.',
    });
    expect(ok.statusCode).toBe(303);
    const after = await f.staff.follow(ok);
    expect(after.body).toContain('La demande de correction a été envoyée au candidat.');
    expect(after.body).toContain('answer-to-correct');
    expect(after.body).toContain('Correction demandée sur : Projet');
    const row = await f.t.database.db
      .selectFrom('programme_applications')
      .select(['state', 'correction_fields', 'correction_note'])
      .where('id', '=', f.ids.alpha)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      state: 'correction_requested',
      correction_fields: ['project'],
      correction_note: 'Le projet ne se lit pas.',
    });
    // several fields at once, as a browser posts checkboxes
    await f.staff.get(`/admin/programmes/candidatures/${f.ids.delta}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(
      (await f.staff.get(`/admin/programmes/candidatures/${f.ids.delta}`)).body,
    )?.[1];
    const both = await f.t.app.inject({
      method: 'POST',
      url: `/admin/programmes/candidatures/${f.ids.delta}/correction`,
      remoteAddress: f.staff.remoteAddress,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...f.staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      payload: `_csrf=${encodeURIComponent(csrf ?? '')}&fields=project&fields=website&note=Deux`,
    });
    expect(both.statusCode).toBe(303);
    const delta = await f.t.database.db
      .selectFrom('programme_applications')
      .select(['correction_fields'])
      .where('id', '=', f.ids.delta)
      .executeTakeFirstOrThrow();
    expect(delta.correction_fields).toEqual(['project', 'website']);
  });

  it('gives the correction in the API’s application, null when there is none', async () => {
    const db = f.t.database.db;
    const email = uniqueEmail('applicant');
    const client = await signUp(f.t.app, { email });
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
    const started = await client.json('POST', `/api/v1/calls/${f.callId}/applications`, {
      organisation_siren: org.siren,
      answers: { project: 'API' },
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ correction_fields: null, correction_note: null });
    const id = started.json().id;
    expect((await client.json('POST', `/api/v1/applications/${id}/submit`, {})).statusCode).toBe(
      200,
    );
    await f.staff.get(`/admin/programmes/candidatures/${id}`);
    const asked = await f.staff.post(`/admin/programmes/candidatures/${id}/correction`, {
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
});

describe.each(engines())('review pages: who may use them (%s)', (engine) => {
  const f = reviewPagesFixture(engine);

  it('is for staff: a member or a reviewer is refused, a visitor asked to sign in', async () => {
    const routes = [
      ['GET', f.list()],
      ['GET', `${f.list()}.csv`],
      ['GET', `/admin/programmes/candidatures/${f.ids.beta}`],
      ['POST', `/admin/programmes/candidatures/${f.ids.beta}/examen`],
      ['POST', `/admin/programmes/candidatures/${f.ids.beta}/correction`],
    ] as const;
    const member = await signUp(f.t.app, { email: uniqueEmail('member') });
    const reviewerEmail = uniqueEmail('reviewer');
    const reviewer = await signUp(f.t.app, { email: reviewerEmail });
    await giveRole(f.t.database.db, reviewerEmail, 'reviewer');
    const visitor = new TestClient(f.t.app);
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
    const row = await f.t.database.db
      .selectFrom('programme_applications')
      .select('state')
      .where('id', '=', f.ids.beta)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('submitted');
  });
});
