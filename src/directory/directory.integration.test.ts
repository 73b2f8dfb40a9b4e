import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import { searchRepository } from '../search/search.repository.ts';
import { searchQuery } from './directory.schema.ts';
import { organisationsRepository } from './organisations.repository.ts';

type Org = { id: string; slug: string };

/** one application per engine for the whole file, with six organisations of the register */
type Register = { t: TestApp; alpes: Org };

function registerApp(engine: EngineKind): Register {
  const s = {} as Register;
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    const db = s.t.database.db;
    s.alpes = await buildOrganisation(db, {
      name: 'Alpes Électronique Grenobloise',
      kind: 'sme',
      siren: '552100554',
      fields: ['objets-connectes'],
      tags: ['capteurs'],
      communes: ['38185'],
      band: '22',
      createdOn: '1998-03-01',
      description: 'Conception de puces pour objets connectés.',
    });
    await buildOrganisation(db, {
      name: 'Échirolles Santé Numérique',
      kind: 'startup',
      fields: ['sante-numerique'],
      communes: ['38151'],
      band: '02',
      createdOn: '2021-06-01',
    });
    await buildOrganisation(db, {
      name: 'Meylan Logiciels',
      kind: 'startup',
      communes: ['38229'],
      band: '11',
      createdOn: '2019-01-01',
      demo: true,
    });
    await buildOrganisation(db, {
      name: 'Grésivaudan Énergie',
      kind: 'large_group',
      fields: ['energie-numerique'],
      communes: ['38185', '38229'],
      band: '42',
    });
    await buildOrganisation(db, {
      name: 'Ancienne Société Fermée',
      kind: 'sme',
      status: 'closed',
      communes: ['38185'],
      band: 'NN',
    });
    await buildOrganisation(db, {
      name: 'Crolles Semi',
      kind: 'large_group',
      communes: ['38140'],
      band: '32',
    });
  });
  afterAll(async () => s.t?.close());
  return s;
}

async function search(s: Register, qs: string) {
  const res = await s.t.app.inject(`/api/v1/organisations?${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name).sort();

function apiSearch(s: Register) {
  it('finds by the start of a word, without accents or case', async () => {
    expect(names(await search(s, 'q=grenob'))).toEqual(['Alpes Électronique Grenobloise']);
    expect(names(await search(s, 'q=ELECTRON'))).toEqual(['Alpes Électronique Grenobloise']);
    expect(names(await search(s, 'q=echirol'))).toEqual(['Échirolles Santé Numérique']);
    expect(names(await search(s, 'q=capteur'))).toEqual(['Alpes Électronique Grenobloise']);
    expect((await search(s, 'q=zzzzzz')).total).toBe(0);
    expect((await search(s, 'q=%22%27%29%3A*%20%26%20!')).total).toBe(6);
  });

  it('finds an organisation by its SIREN or a SIRET of it, as people paste them', async () => {
    for (const q of ['552100554', '552%20100%20554', '55210055400012', '552.100.554']) {
      expect(names(await search(s, `q=${q}`)), q).toEqual(['Alpes Électronique Grenobloise']);
    }
    // the database's own search, which answers while the index is being built, finds it too
    const bySql = await searchRepository(s.t.database.db).search(
      searchQuery.parse({ q: '552 100 554' }),
    );
    expect(bySql.rows.map((r) => r.name)).toEqual(['Alpes Électronique Grenobloise']);
    // a SIREN given later (by staff) is searchable at once
    await s.t.database.db
      .updateTable('organisations')
      .set({ siren: '542065479' })
      .where('name', '=', 'Crolles Semi')
      .execute();
    expect(names(await search(s, 'q=542065479'))).toEqual(['Crolles Semi']);
    await s.t.database.db
      .updateTable('organisations')
      .set({ siren: null })
      .where('name', '=', 'Crolles Semi')
      .execute();
    expect((await search(s, 'q=542065479')).total).toBe(0);
  });

  it('filters, and counts each facet under the other filters', async () => {
    const body = await search(s, 'kind=startup');
    expect(body.total).toBe(2);
    // the kind facet ignores the kind filter itself: every kind still shows its count
    expect(body.facets.kind).toEqual({ sme: 2, startup: 2, large_group: 2 });
    // the other facets count only the start-ups
    expect(body.facets.commune).toEqual({ '38151': 1, '38229': 1 });
    expect(body.facets.status).toEqual({ active: 2 });
    const both = await search(s, 'kind=startup&kind=large_group&commune=38229');
    expect(names(both)).toEqual(['Grésivaudan Énergie', 'Meylan Logiciels']);
    expect((await search(s, 'field=energie-numerique')).total).toBe(1);
    expect((await search(s, 'status=closed')).items[0].name).toBe('Ancienne Société Fermée');
  });

  it('compares headcounts with the bounds of the bands, and never treats unknown as zero', async () => {
    expect(names(await search(s, 'headcount_min=250'))).toEqual([
      'Crolles Semi',
      'Grésivaudan Énergie',
    ]);
    expect(names(await search(s, 'headcount_min=1000'))).toEqual(['Grésivaudan Énergie']);
    expect(names(await search(s, 'headcount_max=5'))).toEqual(['Échirolles Santé Numérique']);
    expect(names(await search(s, 'headcount_min=0'))).not.toContain('Ancienne Société Fermée');
    const facets = (await search(s, '')).facets.headcount;
    expect(facets.unknown).toBe(1);
  });

  it('answers the items with their headcount, its year and its source', async () => {
    const body = await search(s, 'q=alpes');
    expect(body.items[0]).toMatchObject({
      id: s.alpes.id,
      siren: '552100554',
      name: 'Alpes Électronique Grenobloise',
      kind: 'sme',
      fields: ['objets-connectes'],
      status: 'active',
      communes: [{ code: '38185', name: 'Grenoble' }],
      headcount: { band: '22', min: 100, max: 199, year: 2024, source: 'register' },
      demo: false,
    });
  });

  it('sorts and pages', async () => {
    const byHeadcount = await search(s, 'sort=headcount&per_page=2');
    expect(byHeadcount.items.map((i: { name: string }) => i.name)).toEqual([
      'Grésivaudan Énergie',
      'Crolles Semi',
    ]);
    const page3 = await search(s, 'sort=name&per_page=2&page=3');
    expect(page3.items).toHaveLength(2);
    expect(page3.total).toBe(6);
  });

  it('refuses bad parameters with a clear message, never a 500', async () => {
    for (const qs of [
      'kind=spaceship',
      'per_page=1000',
      'page=0',
      'headcount_min=-3',
      'commune=abc',
      'headcount_min=10&headcount_max=5',
    ]) {
      const res = await s.t.app.inject(`/api/v1/organisations?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.code).toBe('BAD_REQUEST');
    }
    const page = await s.t.app.inject('/annuaire?kind=spaceship&q=%3Cscript%3E');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>');
  });
}

function exportsAndPages(s: Register) {
  it('exports every matching row as CSV and JSON, streamed, with the filters', async () => {
    const csv = await s.t.app.inject('/api/v1/organisations.csv?kind=startup&per_page=1');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^id,slug,siren,name,kind/);
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain('Meylan Logiciels');
    const json = await s.t.app.inject('/api/v1/organisations.json');
    expect(json.json()).toHaveLength(6);
    const meylan = json.json().find((o: { name: string }) => o.name === 'Meylan Logiciels');
    expect(meylan.demo).toBe(true);
    // a file leaves the site: both formats give the profile's full address
    expect(meylan.url).toMatch(/^https?:\/\/[^/]+\/annuaire\/meylan-logiciels/);
    expect(csv.body).toContain(meylan.url);
    const search = await s.t.app.inject('/api/v1/organisations?q=meylan');
    expect(search.json().items[0].url).toBe(new URL(meylan.url).pathname);
  });

  it('shows the directory page with facets, results and a shareable address', async () => {
    const res = await s.t.app.inject('/annuaire?q=grenob&kind=sme');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Alpes Électronique Grenobloise');
    expect(res.body).toContain('value="grenob"');
    expect(res.body).toMatch(
      /<input type="checkbox" id="f-kind-sme" name="kind" checked="" value="sme"/,
    );
    expect(res.body).toContain('/api/v1/organisations.csv?q=grenob&amp;kind=sme');
    const demo = await s.t.app.inject('/annuaire?q=meylan');
    expect(demo.body).toContain('demo-badge');
  });

  it('leaves out only the values of a hand-edited address that are not valid, and says so', async () => {
    const long = 'x'.repeat(300);
    const res = await s.t.app.inject(`/annuaire?kind=startup&q=${long}&commune=12`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('n’était pas valable et a été ignorée (q, commune)');
    // the valid filter still applies: the two start-ups, not the six organisations
    expect(res.body).toContain('Échirolles Santé Numérique');
    expect(res.body).toContain('Meylan Logiciels');
    expect(res.body).not.toContain('Crolles Semi');
    expect(res.body).toContain('/api/v1/organisations.csv?kind=startup"');
    // a range upside down: its upper bound is left out, the rest kept
    const en = await s.t.app.inject('/en/annuaire?kind=sme&headcount_min=50&headcount_max=10');
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('was not valid and was ignored (headcount_max)');
    expect(en.body).toContain('Alpes Électronique Grenobloise');
    expect(en.body).not.toContain('Ancienne Société Fermée');
    const fine = await s.t.app.inject('/annuaire?kind=startup');
    expect(fine.body).not.toContain('a été ignorée');
  });

  it('shows a profile with schema.org data, and redirects an old address', async () => {
    const res = await s.t.app.inject(`/annuaire/${s.alpes.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('application/ld+json');
    const ld = JSON.parse(
      /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(res.body)?.[1] ?? '{}',
    );
    expect(ld).toMatchObject({
      '@type': 'Organization',
      name: 'Alpes Électronique Grenobloise',
      foundingDate: '1998-03-01',
    });
    expect(res.body).toContain('100 à 199 salariés');
    const en = await s.t.app.inject(`/en/annuaire/${s.alpes.slug}`);
    expect(en.body).toContain('100 to 199 employees');

    await s.t.database.db
      .insertInto('organisation_slug_history')
      .values({ slug: 'old-alpes', organisation_id: s.alpes.id })
      .execute();
    const moved = await s.t.app.inject('/annuaire/old-alpes');
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(`/annuaire/${s.alpes.slug}`);
    expect((await s.t.app.inject('/annuaire/nobody-here')).statusCode).toBe(404);
  });

  it('counts only what is not merged away', async () => {
    expect(await organisationsRepository(s.t.database.db).count()).toBe(6);
  });
}

describe.each(engines())('directory search on %s', (engine) => {
  const s = registerApp(engine);
  describe('the API’s search', () => apiSearch(s));
  describe('exports, pages and profiles', () => exportsAndPages(s));
});

describe('the directory page’s sort, as a browser submits it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    // by name "Atelier…" comes first; by relevance the one named after the words does
    await buildOrganisation(t.database.db, {
      name: 'Atelier Numérique',
      description: 'Partenaire de la fonderie photonique voisine.',
    });
    await buildOrganisation(t.database.db, { name: 'Zénith Fonderie Photonique' });
  });
  afterAll(async () => t?.close());

  /** the form's fields as a browser sends them: the selected option of each select */
  function selectedSort(html: string): string {
    const select = /<select id="sort" name="sort">(.*?)<\/select>/s.exec(html)?.[1] ?? '';
    const options = [...select.matchAll(/<option value="([^"]*)"( selected="")?/g)];
    return (options.find((o) => o[2]) ?? options[0])?.[1] ?? '';
  }

  it('orders by relevance the words typed into the page opened without any', async () => {
    const opened = await t.app.inject('/annuaire');
    const sort = selectedSort(opened.body);
    const submitted = await t.app.inject(
      `/annuaire?q=fonderie+photonique${sort ? `&sort=${sort}` : ''}`,
    );
    const names = [...submitted.body.matchAll(/<h3><a href="[^"]*">([^<]+)<\/a>/g)].map(
      (m) => m[1],
    );
    expect(names).toEqual(['Zénith Fonderie Photonique', 'Atelier Numérique']);
    // the list without words still reads in name order
    const all = [...opened.body.matchAll(/<h3><a href="[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(all).toEqual(['Atelier Numérique', 'Zénith Fonderie Photonique']);
  });
});
