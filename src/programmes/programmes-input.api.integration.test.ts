import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import { apiFixture } from './api.testing.ts';
import { memberOrganisation } from './programmes.testing.ts';

/** The applications API against hostile input and late submissions: a clear answer, never a 500. */
describe.each(engines())('the programmes API, refusals (%s)', (engine) => {
  const f = apiFixture(engine);
  let callId = 0;
  beforeAll(async () => {
    callId = await f.openCall('appel-api', 'API');
  });

  it('answers hostile input with a clear message, never a 500, and writes nothing', async () => {
    const db = f.t.database.db;
    const other = await person(db);
    const { siren: otherSiren } = await memberOrganisation(db, other);
    // not a member: refused
    const notMine = await f.bearer('POST', `/api/v1/calls/${callId}/applications`, {
      organisation_siren: otherSiren,
    });
    expect(notMine.statusCode).toBe(403);
    const hostile = await f.openCall('appel-hostile', 'HOS');
    const started = await f.bearer('POST', `/api/v1/calls/${hostile}/applications`, {
      organisation_siren: f.siren,
      answers: { project: 'Gardé' },
    });
    const id = started.json().id;
    const rows = () =>
      db
        .selectFrom('programme_applications')
        .select(['id', 'version', 'answers'])
        .orderBy('id')
        .execute();
    const before = await rows();
    const cases: [object, number, string][] = [
      [{ answers: { project: 'x'.repeat(300_000) }, version: 1 }, 422, 'ANSWERS_INVALID'],
      [{ answers: { project: 'x'.repeat(2_000_000) }, version: 1 }, 413, 'PAYLOAD_TOO_LARGE'],
      [{ answers: 'texte', version: 1 }, 400, 'BAD_REQUEST'],
      [{ answers: {}, version: 'trois' }, 400, 'BAD_REQUEST'],
      [{ answers: { founders: [{ name: { $ne: 1 } }] }, version: 1 }, 422, 'ANSWERS_INVALID'],
      [{ answers: { siret: '73282932000075' }, version: 1 }, 422, 'ANSWERS_INVALID'],
      [{ answers: { founders: 'Léa' }, version: 1 }, 422, 'ANSWERS_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const res = await f.bearer('PATCH', `/api/v1/applications/${id}`, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect((await f.bearer('GET', '/api/v1/applications/0')).statusCode).toBe(400);
    expect((await f.bearer('GET', '/api/v1/applications/99999')).statusCode).toBe(404);
    expect(await rows()).toEqual(before);
  });

  it('refuses a submission after the closing and its grace with 409 CALL_CLOSED', async () => {
    const db = f.t.database.db;
    const closing = await f.openCall('appel-clos', 'CLO', { hours: 1, eligibility: [] });
    // the applicant of this test is the token's owner, member of their organisation
    const started = await f.bearer('POST', `/api/v1/calls/${closing}/applications`, {
      organisation_siren: f.siren,
    });
    expect(started.statusCode).toBe(201);
    await db
      .updateTable('programme_calls')
      .set({
        closes_at: sql`now() - interval '2 hours'`,
        grace_until: sql`now() - interval '1 hour'`,
      })
      .where('id', '=', closing)
      .execute();
    const late = await f.bearer('POST', `/api/v1/applications/${started.json().id}/submit`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('CALL_CLOSED');
    expect(late.json().error.message).toMatch(/closed/);
    const list = await f.t.app.inject('/api/v1/calls');
    expect(list.json().items.find((c: { id: number }) => c.id === closing)?.status).toBe('closed');
  });
});
