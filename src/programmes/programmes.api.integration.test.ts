import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { apiFixture } from './api.testing.ts';

/** The calls and applications API over HTTP: by session and by token, its answers and documentation. */
describe.each(engines())('the programmes API (%s)', (engine) => {
  const f = apiFixture(engine);
  let callId = 0;
  beforeAll(async () => {
    callId = await f.openCall('appel-api', 'API');
  });

  it('lists calls with their status, and gives the form in the language asked', async () => {
    const list = await f.t.app.inject({
      url: '/api/v1/calls',
      headers: { 'accept-language': 'en' },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: callId,
        slug: 'appel-api',
        title: 'Call appel-api',
        status: 'open',
      }),
    ]);
    const form = await f.t.app.inject(`/api/v1/calls/${callId}/form`);
    expect(form.statusCode).toBe(200);
    expect(form.json().version).toBe(1);
    expect(form.json().fields[0]).toEqual({
      key: 'project',
      type: 'text',
      label: 'Projet',
      required: true,
      max_length: 200,
    });
    expect(form.json().fields[2].show_if).toEqual({ field: 'incubated', equals: true });
    expect(form.json().fields[4].fields[0].label).toBe('Nom');
    expect((await f.t.app.inject('/api/v1/calls/99999/form')).statusCode).toBe(404);
    expect((await f.t.app.inject('/api/v1/calls/abc/form')).statusCode).toBe(400);
  });

  it('starts, saves, submits once and reads an application, by session and by token', async () => {
    await f.client.get('/compte');
    const started = await f.client.json('POST', `/api/v1/calls/${callId}/applications`, {
      organisation_siren: f.siren,
      answers: { project: '<script>alert(1)</script>' },
    });
    expect(started.statusCode).toBe(201);
    const draft = started.json();
    expect(draft).toMatchObject({
      state: 'draft',
      version: 1,
      answers: { project: '<script>alert(1)</script>' },
    });
    const again = await f.bearer('POST', `/api/v1/calls/${callId}/applications`, {
      organisation_siren: f.siren,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'APPLICATION_EXISTS',
      application_id: draft.id,
    });

    const saved = await f.bearer('PATCH', `/api/v1/applications/${draft.id}`, {
      answers: { incubated: true },
      version: 1,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(2);
    const stale = await f.bearer('PATCH', `/api/v1/applications/${draft.id}`, {
      answers: { project: 'autre' },
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'STALE_VERSION',
      current_version: 2,
      changed_fields: ['project'],
    });

    const incomplete = await f.bearer('POST', `/api/v1/applications/${draft.id}/submit`);
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error).toMatchObject({
      code: 'ANSWERS_INVALID',
      fields: { incubator: 'This field is required.' },
    });
    await f.bearer('PATCH', `/api/v1/applications/${draft.id}`, {
      answers: { incubated: false },
      version: 2,
    });

    const submits = await Promise.all([
      f.bearer('POST', `/api/v1/applications/${draft.id}/submit`),
      f.bearer('POST', `/api/v1/applications/${draft.id}/submit`),
    ]);
    expect(submits.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(submits[0]?.json().acknowledgement).toMatch(/^\d{4}-API-0001$/);
    expect(submits[0]?.json().acknowledgement).toBe(submits[1]?.json().acknowledgement);
    const read = await f.client.get(`/api/v1/applications/${draft.id}`);
    expect(read.json().history.map((h: { to: string }) => h.to)).toEqual(['draft', 'submitted']);
    const mails = await f.t.database.db.selectFrom('mail_queue').select('subject').execute();
    expect(mails).toHaveLength(1);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await f.t.app.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/calls',
        '/api/v1/calls/{id}/form',
        '/api/v1/calls/{id}/applications',
        '/api/v1/applications/{id}',
        '/api/v1/applications/{id}/submit',
      ]),
    );
    expect(doc.paths['/api/v1/applications/{id}'].patch).toBeDefined();
  });
});
