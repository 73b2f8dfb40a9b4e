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
import { observatoryJobs, recompute } from './compute.service.ts';

type ObjectivesBody = {
  data_as_of: string | null;
  demo: boolean;
  items: { id: number; title: string; value: number | null; target: number; url: string }[];
};

type Shared = { t: TestApp; staff: TestClient };

/** opens the app, with a staff member, before the tests of the describe it is called in */
function sharedApp(engine: EngineKind): Shared {
  const s = {} as Shared;
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    const email = uniqueEmail('staff');
    s.staff = await signUp(s.t.app, { email });
    const users = usersRepository(s.t.database.db);
    const user = await users.findByEmail(email);
    if (!user) throw new Error('no user');
    await users.setRole(user.id, 'staff');
  });
  afterAll(async () => s.t?.close());
  return s;
}

async function addCompany(t: TestApp, name: string, band: string, demo = false) {
  const { id } = await buildOrganisation(t.database.db, {
    name,
    fields: ['objets-connectes'],
    demo,
  });
  await t.database.db
    .insertInto('headcount_observations')
    .values({
      organisation_id: id,
      band,
      year: 2024,
      source: 'register',
      observed_on: '2025-06-30',
    })
    .execute();
}

/** What visitors read: the pages, the API and the charts' data, before and after a computation. */
function publicSide(s: Shared) {
  const visitor = () => new TestClient(s.t.app);

  it('says the figures are not computed yet, rather than showing zeros', async () => {
    const res = await visitor().get('/observatoire');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('pas encore été calculés');
    const api = (await visitor().get('/api/v1/objectives')).json() as ObjectivesBody;
    expect(api.items.map((i) => i.value)).toEqual([null, null]);
    // a chart's data does not exist yet, and the answer says why
    const chart = await visitor().get('/observatoire/donnees/types.csv');
    expect(chart.statusCode).toBe(404);
    expect(chart.body).toContain('Les chiffres de l’observatoire n’ont pas encore été calculés.');
  });

  it('shows the same values on the page, the API and the home page, with the organisations behind them', async () => {
    const { t } = s;
    await addCompany(t, 'Grande Maison', '42', true);
    await addCompany(t, 'Moyenne Maison', '32');
    await recompute(t.database.db, 'staff');

    const api = (await visitor().get('/api/v1/objectives')).json() as ObjectivesBody;
    const [champion, hundreds] = api.items;
    expect(champion?.value).toBe(1);
    expect(hundreds?.value).toBe(1);
    expect(api.demo).toBe(true);

    const page = await visitor().get('/observatoire');
    expect(page.body).toContain('1 atteint pour un objectif de 1<');
    expect(page.body).toContain('1 atteint pour un objectif de 10');
    expect(page.body).toContain('données de démonstration');

    const home = await visitor().get('/');
    expect(home.body).toContain('Objectifs du hub');
    expect(home.body).toContain('/observatoire/objectifs/');

    const detail = await visitor().get(`/api/v1/objectives/${champion?.id}`);
    expect(detail.statusCode).toBe(200);
    const body = detail.json() as {
      organisations: { name: string; demo: boolean; headcount: { band: string; year: number } }[];
    };
    expect(body.organisations).toEqual([
      expect.objectContaining({
        name: 'Grande Maison',
        demo: true,
        headcount: expect.objectContaining({ band: '42', year: 2024, source: 'register' }),
      }),
    ]);
    const html = await visitor().get(`/en/observatoire/objectifs/${champion?.id}`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('Grande Maison');
    expect(html.body).toContain('demo');
  });

  it('answers 404 for an objective that does not exist, and never a 500 for a bad address', async () => {
    expect((await visitor().get('/observatoire/objectifs/9999')).statusCode).toBe(404);
    expect((await visitor().get('/observatoire/objectifs/abc')).statusCode).toBe(404);
    const api = await visitor().get('/api/v1/objectives/9999');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await visitor().get('/api/v1/objectives/-1')).statusCode).toBeLessThan(500);
    expect((await visitor().get('/observatoire/donnees/nothing.csv')).statusCode).toBe(404);
    expect((await visitor().get('/observatoire/organisations?ensemble=x')).statusCode).toBe(404);
  });

  it('gives each chart’s data as CSV', async () => {
    const res = await visitor().get('/observatoire/donnees/types.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('kind,label,organisations');
    expect(lines).toContain('sme,PME,2');
    const history = await visitor().get('/observatoire/objectifs/1/historique.csv');
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('date,value,kind');
  });
}

/** What staff do in the back office: objectives, milestones, recomputation. */
function backOffice(s: Shared) {
  const visitor = () => new TestClient(s.t.app);

  it('lets staff add an objective, with a message per wrong field and nothing saved until it is right', async () => {
    const { t, staff } = s;
    await staff.get('/admin/observatoire/objectifs/nouveau');
    const bad = await staff.post('/admin/observatoire/objectifs/nouveau', {
      title_fr: '',
      title_en: 'Fifty',
      scope: 'head_office',
      measure: 'legal_unit',
      min_employees: 'fifty',
      max_employees: '10',
      target: '3',
      deadline: '2030-13-45',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Ce champ est obligatoire.');
    expect(bad.body).toContain('Saisissez un nombre entier positif');
    expect(bad.body).toContain('Saisissez une date au format AAAA-MM-JJ');
    expect(bad.body).toContain('value="Fifty"');
    let api = (await visitor().get('/api/v1/objectives')).json() as ObjectivesBody;
    expect(api.items).toHaveLength(2);

    const below = await staff.post('/admin/observatoire/objectifs/nouveau', {
      title_fr: 'Cinquante',
      title_en: 'Fifty',
      scope: 'head_office',
      measure: 'legal_unit',
      min_employees: '50',
      max_employees: '10',
      target: '3',
      deadline: '2030-12-31',
    });
    expect(below.statusCode).toBe(422);
    expect(below.body).toContain('La borne haute doit être supérieure ou égale à la borne basse.');

    const ok = await staff.post('/admin/observatoire/objectifs/nouveau', {
      title_fr: 'Au moins 250 emplois',
      title_en: 'At least 250 jobs',
      scope: 'any_establishment',
      measure: 'legal_unit',
      min_employees: '250',
      max_employees: '',
      target: '3',
      deadline: '2030-12-31',
      active_only: 'on',
    });
    expect(ok.statusCode).toBe(303);
    await observatoryJobs(t.database.db).idle();
    api = (await visitor().get('/api/v1/objectives')).json() as ObjectivesBody;
    const added = api.items.find((i) => i.title === 'Au moins 250 emplois');
    expect(added).toMatchObject({ target: 3 });
    // buildOrganisation gives no establishment: "any establishment in the territory" finds none
    expect(added?.value).toBe(0);
  });

  it('keeps the roadmap honest: the seed’s milestones are unverified until staff attach evidence', async () => {
    const { staff } = s;
    const roadmap = await visitor().get('/observatoire/feuille-de-route');
    expect(roadmap.statusCode).toBe(200);
    expect(roadmap.body).toContain('Création de l’association');
    expect(roadmap.body).toContain('Non vérifié');
    expect(roadmap.body).not.toContain('status-badge status-done');

    await staff.get('/admin/observatoire/jalons/1');
    const bad = await staff.post('/admin/observatoire/jalons/1', {
      title_fr: 'Création de l’association',
      title_en: 'The association is created',
      due_on: '2014-12-31',
      precision: 'month',
      status: 'done',
      evidence: 'Statuts javascript:alert(1)',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Chaque ligne : un libellé');
    const ok = await staff.post('/admin/observatoire/jalons/1', {
      title_fr: 'Création de l’association',
      title_en: 'The association is created',
      due_on: '2014-12-31',
      precision: 'month',
      status: 'done',
      evidence: 'Journal officiel | https://www.journal-officiel.gouv.fr/',
    });
    expect(ok.statusCode).toBe(303);
    const after = await visitor().get('/observatoire/feuille-de-route');
    expect(after.body).toContain('href="https://www.journal-officiel.gouv.fr/"');
    expect(after.body).toContain('status-badge status-done');
  });

  it('lets staff ask for a recomputation, which runs in the background', async () => {
    const { t, staff } = s;
    await staff.get('/admin/observatoire');
    const res = await staff.post('/admin/observatoire/recalculer', {});
    expect(res.statusCode).toBe(303);
    await observatoryJobs(t.database.db).idle();
    const page = await staff.follow(res);
    expect(page.body).toContain('Dernier calcul');
  });
}

describe.each(engines())('observatory pages and API on %s', (engine) => {
  const s = sharedApp(engine);
  describe('public side', () => publicSide(s));
  describe('back office', () => backOffice(s));
});
