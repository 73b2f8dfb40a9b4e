import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildManyOrganisations, buildOrganisation } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import { recompute } from './compute.service.ts';
import { MEMBER_CSV_COLUMNS } from './members-csv.ts';

type Detail = {
  id: number;
  value: number | null;
  organisations: { id: string; name: string; siren: string | null; headcount: { low: number } }[];
  organisations_total: number;
  page: number;
  per_page: number;
  pages: number;
};

/** more than the 500 rows lists used to stop at, in several CSV batches and HTML pages */
const MANY = 1203;
const GIANTS = 2;
const TOTAL = MANY + GIANTS;

const csvLines = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((l) => l !== '');
const rowsOf = (html: string) => (html.match(/<tr><th scope="row">/g) ?? []).length;
/** numbers as the French pages write them (narrow no-break spaces between thousands) */
const plain = (html: string) => html.replace(/[\u202f\u00a0]/g, ' ');

/** the app the tests share, per engine, and the objective that counts every organisation built */
type Shared = { t: TestApp; champion: number };

/**
 * Before the tests of the describe it is called in: MANY organisations of 1000 to 1999 employees
 * funded in 2024, and two giants that come first in every list.
 */
function sharedApp(engine: EngineKind): Shared {
  const s = {} as Shared;
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    await buildManyOrganisations(s.t.database.db, {
      count: MANY,
      prefix: 'Entreprise',
      band: '42',
      fields: ['objets-connectes'],
      fundedOn: '2024-03-01',
    });
    for (const [name, band] of [
      ['Géant Alpha', '52'],
      ['Géant Bêta', '51'],
    ] as const) {
      const { id } = await buildOrganisation(s.t.database.db, {
        name,
        band,
        fields: ['objets-connectes'],
      });
      await s.t.database.db
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
    await recompute(s.t.database.db, 'staff');
    const list = (await new TestClient(s.t.app).get('/api/v1/objectives')).json() as {
      items: Detail[];
    };
    const first = list.items.find((i) => i.value === TOTAL);
    if (!first) throw new Error(`no objective counts ${TOTAL}`);
    s.champion = first.id;
  });
  afterAll(async () => s.t?.close());
  return s;
}

/** The API's pages: sizes, bounds, order, and what a wrong page number gets. */
function apiPages(s: Shared) {
  const visitor = () => new TestClient(s.t.app);
  const api = async (query: string) => {
    const res = await visitor().get(`/api/v1/objectives/${s.champion}${query}`);
    return { status: res.statusCode, body: res.json() as Detail & { error?: { message: string } } };
  };

  it('gives the API’s organisations a page at a time, with the total and the number of pages', async () => {
    const { status, body } = await api('');
    expect(status).toBe(200);
    expect(body).toMatchObject({ organisations_total: TOTAL, page: 1, per_page: 100, pages: 13 });
    expect(body.organisations).toHaveLength(100);
    // largest first
    expect(body.organisations.slice(0, 2).map((o) => o.name)).toEqual([
      'Géant Alpha',
      'Géant Bêta',
    ]);

    const last = await api('?page=13');
    expect(last.body.organisations).toHaveLength(TOTAL - 1200);
    const beyond = await api('?page=14');
    expect(beyond.status).toBe(200);
    expect(beyond.body).toMatchObject({ page: 14, pages: 13, organisations_total: TOTAL });
    expect(beyond.body.organisations).toEqual([]);

    const widest = await api('?per_page=1000&page=2');
    expect(widest.body).toMatchObject({ per_page: 1000, pages: 2 });
    expect(widest.body.organisations).toHaveLength(TOTAL - 1000);
    const single = await api('?per_page=1&page=1205');
    expect(single.body.organisations).toHaveLength(1);
  });

  it('walks every organisation exactly once across the pages, in the order of the CSV', async () => {
    const { champion } = s;
    const walked: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const { body } = await api(`?per_page=500&page=${page}`);
      walked.push(...body.organisations.map((o) => o.id));
    }
    expect(walked).toHaveLength(TOTAL);
    expect(new Set(walked).size).toBe(TOTAL);

    const csv = await visitor().get(`/observatoire/objectifs/${champion}/organisations.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`objectif-${champion}-organisations.csv`);
    const lines = csvLines(csv.body);
    expect(lines[0]).toBe(MEMBER_CSV_COLUMNS.join(','));
    const ids = lines.slice(1).map((l) => l.split(',')[0]);
    expect(ids).toHaveLength(TOTAL);
    expect(ids).toEqual(walked);
    expect(lines[1]).toContain('Géant Alpha');
    expect(lines[1]).toContain(',52,');
  });

  it('refuses a page or a page size that is not a whole number in range, with a 400 that says why', async () => {
    for (const query of [
      '?page=0',
      '?page=-2',
      '?page=abc',
      '?page=1.5',
      '?page=',
      '?per_page=0',
      '?per_page=1001',
      '?per_page=ten',
      '?page=1000001',
    ]) {
      const { status, body } = await api(query);
      expect(status, query).toBe(400);
      expect(body.error, query).toMatchObject({ code: 'BAD_REQUEST' });
      expect(body.error?.message, query).toMatch(
        /(page|per_page) must be a whole number from 1 to/,
      );
    }
  });

  it('documents the page parameters and the total in the OpenAPI document', async () => {
    const doc = (await visitor().get('/api/openapi.json')).json() as {
      paths: Record<
        string,
        {
          get: {
            parameters: { name: string; in: string; schema: { maximum?: number } }[];
            responses: Record<
              string,
              { content: Record<string, { schema: { properties: Record<string, unknown> } }> }
            >;
          };
        }
      >;
    };
    const op = doc.paths['/api/v1/objectives/{id}']?.get;
    const query = new Map(
      op?.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema]),
    );
    expect(query.get('page')).toMatchObject({ minimum: 1 });
    expect(query.get('per_page')).toMatchObject({ minimum: 1, maximum: 1000 });
    const body = op?.responses['200']?.content['application/json']?.schema.properties ?? {};
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['organisations', 'organisations_total', 'page', 'per_page', 'pages']),
    );
  });
}

/** The HTML pages and the CSV downloads of the same lists. */
function pagesAndDownloads(s: Shared) {
  const visitor = () => new TestClient(s.t.app);

  it('pages the HTML list with shareable links, says where it is, and keeps any page address working', async () => {
    const { champion } = s;
    const first = await visitor().get(`/observatoire/objectifs/${champion}`);
    expect(first.statusCode).toBe(200);
    expect(plain(first.body)).toContain('1 205 organisations, page 1 sur 13');
    expect(rowsOf(first.body)).toBe(100);
    expect(first.body).toContain(`href="/observatoire/objectifs/${champion}?page=2#organisations"`);
    expect(first.body).toContain(
      `href="/observatoire/objectifs/${champion}?page=13#organisations"`,
    );
    expect(first.body).toContain(`href="/observatoire/objectifs/${champion}/organisations.csv"`);

    const last = await visitor().get(`/observatoire/objectifs/${champion}?page=13`);
    expect(plain(last.body)).toContain('page 13 sur 13');
    expect(rowsOf(last.body)).toBe(5);
    expect(last.body).not.toContain('rel="next"');
    expect(last.body).toContain('rel="prev"');

    const beyond = await visitor().get(`/observatoire/objectifs/${champion}?page=99`);
    expect(beyond.statusCode).toBe(200);
    expect(beyond.body).toContain('La page 99 n’existe pas');
    expect(rowsOf(beyond.body)).toBe(5);

    for (const page of ['abc', '-1', '0', '1e3', '99999999999999']) {
      const res = await visitor().get(`/observatoire/objectifs/${champion}?page=${page}`);
      expect(res.statusCode, page).toBe(200);
      expect(rowsOf(res.body), page).toBeGreaterThan(0);
    }

    const english = await visitor().get(`/en/observatoire/objectifs/${champion}?page=2`);
    expect(plain(english.body)).toContain('1,205 organisations, page 2 of 13');
    expect(english.body).toContain(
      `href="/en/observatoire/objectifs/${champion}?page=3#organisations"`,
    );
  });

  it('pages and downloads an indicator’s organisations the same way', async () => {
    const page = await visitor().get(
      '/observatoire/organisations?ensemble=financement-2024&page=2',
    );
    expect(page.statusCode).toBe(200);
    expect(plain(page.body)).toContain(
      `${MANY.toLocaleString('fr-FR').replace(/\u202f/g, ' ')} organisations, page 2 sur 13`,
    );
    expect(page.body).toContain(
      'href="/observatoire/organisations?ensemble=financement-2024&amp;page=3"',
    );
    const csv = await visitor().get('/observatoire/organisations.csv?ensemble=financement-2024');
    expect(csv.statusCode).toBe(200);
    const ids = csvLines(csv.body)
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(ids).toHaveLength(MANY);
    expect(new Set(ids).size).toBe(MANY);
  });

  it('answers 404 for the list of a figure that does not exist, before sending anything', async () => {
    for (const url of [
      '/observatoire/objectifs/9999/organisations.csv',
      '/observatoire/objectifs/abc/organisations.csv',
      '/observatoire/organisations.csv?ensemble=nothing',
      '/observatoire/organisations.csv',
    ]) {
      const res = await visitor().get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('text/html');
    }
  });
}

describe.each(engines())('lists behind a figure on %s', (engine) => {
  const s = sharedApp(engine);
  describe('through the API', () => apiPages(s));
  describe('as pages and downloads', () => pagesAndDownloads(s));
});
