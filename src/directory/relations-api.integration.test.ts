import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
  TestClient as Visitor,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, giveRole } from '../../test/support/factories.ts';
import { someSiren } from '../programmes/programmes.testing.ts';

describe.each(engines())('the directory’s relations through the API (%s)', (engine) => {
  let t: TestApp;
  let member: TestClient;
  let outsider: TestClient;
  let staff: TestClient;
  let token = '';
  let ours: { id: string; slug: string };
  let theirs: { id: string; slug: string };
  const siren = someSiren();

  /** a request with the member's personal token */
  const bearer = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' },
    });

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    ours = await buildOrganisation(db, { name: 'Notre Studio' });
    theirs = await buildOrganisation(db, { name: 'Groupe Mère', siren });
    const email = uniqueEmail('member');
    member = await signUp(t.app, { email });
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('organisation_members')
      .values({ organisation_id: ours.id, user_id: user.id })
      .execute();
    await member.get('/compte');
    token = (await member.json('POST', '/api/v1/me/tokens', { name: 'relations' })).json().token;
    outsider = await signUp(t.app, { email: uniqueEmail('outsider') });
    const staffEmail = uniqueEmail('staff');
    staff = await signUp(t.app, { email: staffEmail });
    await giveRole(db, staffEmail, 'staff');
  });
  afterAll(async () => t?.close());

  it('records a parent company by SIREN for a member, reads it both ways, and removes it', async () => {
    const created = await bearer('POST', `/api/v1/organisations/${ours.slug}/relations`, {
      kind: 'parent_of',
      other: siren,
      reverse: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const relation = created.json();
    expect(relation).toMatchObject({
      kind: 'parent_of',
      from: theirs.slug,
      to: ours.slug,
      source: 'self',
    });
    // public, from either side
    const list = await new Visitor(t.app).get(`/api/v1/organisations/${theirs.slug}/relations`);
    expect(list.json().items).toEqual([relation]);
    // the same again: 409
    const again = await bearer('POST', `/api/v1/organisations/${ours.slug}/relations`, {
      kind: 'parent_of',
      other: theirs.slug,
      reverse: true,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RELATION_DUPLICATE');
    // the profile page says it in words
    const page = await member.get(`/annuaire/${ours.slug}/relations`);
    expect(page.body).toContain('est une filiale de');
    // someone else may not remove it; the member may
    await outsider.get('/compte');
    expect((await outsider.json('DELETE', `/api/v1/relations/${relation.id}`, {})).statusCode).toBe(
      403,
    );
    const visitor = new Visitor(t.app);
    await visitor.get('/mot-de-passe-oublie');
    expect((await visitor.json('DELETE', `/api/v1/relations/${relation.id}`, {})).statusCode).toBe(
      401,
    );
    expect((await bearer('DELETE', `/api/v1/relations/${relation.id}`)).statusCode).toBe(204);
    expect(
      (await bearer('GET', `/api/v1/organisations/${ours.slug}/relations`)).json().items,
    ).toEqual([]);
    expect((await bearer('DELETE', `/api/v1/relations/${relation.id}`)).statusCode).toBe(404);
  });

  it('refuses others, visitors, an unknown other side and the organisation itself', async () => {
    await outsider.get('/compte');
    const refused = await outsider.json('POST', `/api/v1/organisations/${ours.slug}/relations`, {
      kind: 'invests_in',
      other: theirs.slug,
    });
    expect(refused.statusCode).toBe(403);
    const visitor = await new Visitor(t.app).json(
      'POST',
      `/api/v1/organisations/${ours.slug}/relations`,
      { kind: 'invests_in', other: theirs.slug },
    );
    expect(visitor.statusCode).toBe(401);
    const unknown = await bearer('POST', `/api/v1/organisations/${ours.slug}/relations`, {
      kind: 'invests_in',
      other: 'nobody-here',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('RELATION_OTHER_UNKNOWN');
    const self = await bearer('POST', `/api/v1/organisations/${ours.slug}/relations`, {
      kind: 'partner_of',
      other: ours.slug,
    });
    expect(self.json().error.code).toBe('RELATION_SELF');
    const kind = await bearer('POST', `/api/v1/organisations/${ours.slug}/relations`, {
      kind: 'owns',
      other: theirs.slug,
    });
    expect(kind.statusCode).toBe(400);
  });

  it('lets staff record between any two, marked staff, which a member may not remove', async () => {
    await staff.get('/compte');
    const created = await staff.json('POST', `/api/v1/organisations/${theirs.slug}/relations`, {
      kind: 'invests_in',
      other: ours.slug,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ from: theirs.slug, to: ours.slug, source: 'staff' });
    const id = created.json().id;
    expect((await bearer('DELETE', `/api/v1/relations/${id}`)).statusCode).toBe(403);
    expect((await staff.json('DELETE', `/api/v1/relations/${id}`, {})).statusCode).toBe(204);
  });
});
