import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import type { EngineKind } from '../db/engine.ts';
import type { Role } from '../db/schema.ts';
import { observatoryJobs, recompute } from './compute.service.ts';
import { observatoryRepository } from './observatory.repository.ts';

type Objectives = { items: { id: number; title: string; value: number | null }[] };

const RULE = {
  scope: 'head_office',
  measure: 'legal_unit',
  min_employees: '1000',
  max_employees: '',
  target: '2',
  deadline: '2030-12-31',
  active_only: 'on',
} as const;

/** one app per engine for the tests below: staff, a member, and one organisation of 1000 or more */
type Shared = { t: TestApp; staff: TestClient; member: TestClient };

async function person(t: TestApp, role: Role): Promise<TestClient> {
  const email = uniqueEmail(role);
  const client = await signUp(t.app, { email });
  const users = usersRepository(t.database.db);
  const user = await users.findByEmail(email);
  if (!user) throw new Error('no user');
  await users.setRole(user.id, role);
  return client;
}

/** opens the app before the tests of the describe it is called in, and closes it after them */
function sharedApp(engine: EngineKind): Shared {
  const s = {} as Shared;
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    s.staff = await person(s.t, 'staff');
    s.member = await person(s.t, 'member');
    const { id } = await buildOrganisation(s.t.database.db, {
      name: 'Très Grande Maison',
      fields: ['objets-connectes'],
    });
    await s.t.database.db
      .insertInto('headcount_observations')
      .values({
        organisation_id: id,
        band: '42',
        year: 2024,
        source: 'register',
        observed_on: '2025-06-30',
      })
      .execute();
  });
  afterAll(async () => s.t?.close());
  return s;
}

const repoOf = (s: Shared) => observatoryRepository(s.t.database.db);

function deletingObjectives(s: Shared) {
  const visitor = () => new TestClient(s.t.app);
  const repo = () => repoOf(s);
  const titles = async () =>
    ((await visitor().get('/api/v1/objectives')).json() as Objectives).items.map((i) => i.title);

  /** an objective added through the back office and computed, with the id it got */
  async function addObjective(title: string): Promise<number> {
    const { t, staff } = s;
    await staff.get('/admin/observatoire/objectifs/nouveau');
    const res = await staff.post('/admin/observatoire/objectifs/nouveau', {
      ...RULE,
      title_fr: title,
      title_en: `${title} (en)`,
    });
    expect(res.statusCode).toBe(303);
    await observatoryJobs(t.database.db).idle();
    await recompute(t.database.db, 'staff');
    const found = (await repo().objectives()).find((o) => o.title_fr === title);
    if (!found) throw new Error(`${title} was not saved`);
    return found.id;
  }

  it('asks staff to confirm, saying what goes, then deletes the objective everywhere', async () => {
    const { t, staff } = s;
    const id = await addObjective('Objectif éphémère');
    expect(await repo().memberCount(`objective:${id}`)).toBe(1);
    const others = (await repo().objectives()).filter((o) => o.id !== id);
    const before = new Map(
      await Promise.all(
        others.map(async (o) => [o.id, await repo().memberCount(`objective:${o.id}`)] as const),
      ),
    );

    const admin = await staff.get('/admin/observatoire');
    expect(admin.body).toContain(`href="/admin/observatoire/objectifs/${id}/supprimer"`);
    const confirm = await staff.get(`/admin/observatoire/objectifs/${id}/supprimer`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('L’objectif « Objectif éphémère » sera supprimé');
    expect(confirm.body).toContain('sa valeur calculée, son historique et sa projection');
    expect(confirm.body).toContain('la mention de l’organisation prise en compte');
    expect(confirm.body).toContain(`action="/admin/observatoire/objectifs/${id}/supprimer"`);
    expect(confirm.body).toContain('name="_csrf"');
    // the page alone deletes nothing
    expect(await titles()).toContain('Objectif éphémère');

    const res = await staff.post(`/admin/observatoire/objectifs/${id}/supprimer`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/observatoire');
    const after = await staff.follow(res);
    expect(after.body).toContain('Objectif supprimé.');
    expect(after.body).not.toContain('Objectif éphémère');

    expect(await titles()).not.toContain('Objectif éphémère');
    const api = await visitor().get(`/api/v1/objectives/${id}`);
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    for (const url of [
      `/observatoire/objectifs/${id}`,
      `/observatoire/objectifs/${id}/historique.csv`,
      `/observatoire/objectifs/${id}/organisations.csv`,
    ]) {
      expect((await visitor().get(url)).statusCode, url).toBe(404);
    }
    for (const url of ['/', '/observatoire']) {
      const page = await visitor().get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain('Objectif éphémère');
    }
    // its stored result and organisations are gone; the other objectives keep theirs
    expect((await repo().results()).has(id)).toBe(false);
    expect(await repo().memberCount(`objective:${id}`)).toBe(0);
    for (const [other, count] of before) {
      expect(await repo().memberCount(`objective:${other}`)).toBe(count);
    }

    // deleting it again, or an objective that never was: 404
    expect((await staff.post(`/admin/observatoire/objectifs/${id}/supprimer`, {})).statusCode).toBe(
      404,
    );
    expect((await staff.get('/admin/observatoire/objectifs/9999/supprimer')).statusCode).toBe(404);
    expect((await staff.get('/admin/observatoire/objectifs/abc/supprimer')).statusCode).toBe(404);

    // the next computation runs without it and does not fail
    await recompute(t.database.db, 'staff');
    expect(await repo().lastFailure()).toBeUndefined();
    expect(await titles()).not.toContain('Objectif éphémère');
  });

  it('refuses deleting to anyone but staff, and keeps the objective', async () => {
    const { staff, member } = s;
    const id = await addObjective('Objectif gardé');
    const page = `/admin/observatoire/objectifs/${id}/supprimer`;
    expect((await visitor().get(page)).statusCode).toBe(401);
    expect((await member.get(page)).statusCode).toBe(403);
    const visitorPost = visitor();
    await visitorPost.get('/mot-de-passe-oublie');
    expect((await visitorPost.post(page, {})).statusCode).toBe(401);
    await member.get('/mot-de-passe-oublie');
    const refused = await member.post(page, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Vous n’avez pas accès à cette page.');
    // staff without the form's token: refused too
    const forged = await staff.post(page, {}, { csrf: 'forged' });
    expect(forged.body).toContain('Le formulaire a expiré');
    expect(forged.statusCode).toBe(403);
    expect(await titles()).toContain('Objectif gardé');
    expect(await repo().memberCount(`objective:${id}`)).toBe(1);
  });

  it('leaves the pages whole when an objective is deleted while a computation runs', async () => {
    const { t, staff } = s;
    const id = await addObjective('Objectif pendant le calcul');
    const running = recompute(t.database.db, 'staff');
    await staff.get(`/admin/observatoire/objectifs/${id}/supprimer`);
    const res = await staff.post(`/admin/observatoire/objectifs/${id}/supprimer`, {});
    expect(res.statusCode).toBe(303);
    await running;
    expect(await repo().lastFailure()).toBeUndefined();
    expect((await repo().results()).has(id)).toBe(false);
    expect(await repo().memberCount(`objective:${id}`)).toBe(0);
    expect((await visitor().get('/observatoire')).statusCode).toBe(200);
    expect((await visitor().get(`/api/v1/objectives/${id}`)).statusCode).toBe(404);
  });
}

function deletingMilestones(s: Shared) {
  const visitor = () => new TestClient(s.t.app);
  const repo = () => repoOf(s);

  it('deletes a milestone from the public roadmap after staff confirm, and refuses others', async () => {
    const { staff, member } = s;
    const [first] = await repo().milestones();
    if (!first) throw new Error('the seed has milestones');
    const page = `/admin/observatoire/jalons/${first.id}/supprimer`;

    expect((await visitor().get(page)).statusCode).toBe(401);
    expect((await member.get(page)).statusCode).toBe(403);
    await member.get('/mot-de-passe-oublie');
    expect((await member.post(page, {})).statusCode).toBe(403);
    expect((await visitor().get('/observatoire/feuille-de-route')).body).toContain(first.title_fr);

    const confirm = await staff.get(page);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(`Le jalon « ${first.title_fr} » sera retiré`);
    expect(confirm.body).toContain(`action="${page}"`);
    const res = await staff.post(page, {});
    expect(res.statusCode).toBe(303);
    expect((await staff.follow(res)).body).toContain('Jalon supprimé.');

    const roadmap = await visitor().get('/observatoire/feuille-de-route');
    expect(roadmap.statusCode).toBe(200);
    expect(roadmap.body).not.toContain(first.title_fr);
    expect((await repo().milestones()).map((m) => m.id)).not.toContain(first.id);

    expect((await staff.post(page, {})).statusCode).toBe(404);
    expect((await staff.get(page)).statusCode).toBe(404);
    expect((await staff.get(`/admin/observatoire/jalons/${first.id}`)).statusCode).toBe(404);
  });

  it('shows an empty roadmap plainly once every milestone is deleted', async () => {
    const { staff } = s;
    for (const m of await repo().milestones()) {
      await staff.get(`/admin/observatoire/jalons/${m.id}/supprimer`);
      expect(
        (await staff.post(`/admin/observatoire/jalons/${m.id}/supprimer`, {})).statusCode,
      ).toBe(303);
    }
    const roadmap = await visitor().get('/observatoire/feuille-de-route');
    expect(roadmap.statusCode).toBe(200);
    expect(roadmap.body).toContain('Aucun jalon.');
  });
}

describe.each(engines())('deleting objectives and milestones on %s', (engine) => {
  const s = sharedApp(engine);
  describe('objectives', () => deletingObjectives(s));
  describe('milestones', () => deletingMilestones(s));
});
