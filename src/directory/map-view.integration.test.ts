import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { directoryService } from './directory.service.ts';

type Answer = { total: number; facets: { commune: Record<string, number> } };

const GRENOBLE = '38185';
const ECHIROLLES = '38151';
const MEYLAN = '38229';
const CROLLES = '38140';
const PARIS = '75056';

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');

/** the communes drawn on a page's map: each link's address, name, commune and count */
function mapLinks(html: string) {
  const svg = /<svg[^>]*class="commune-map"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  return [
    ...svg.matchAll(
      /<a href="([^"]+)" aria-label="([^"]+)"><path [^>]*data-commune="([^"]+)" data-count="(\d+)"/g,
    ),
  ].map((m) => ({
    href: decode(m[1] ?? ''),
    label: decode(m[2] ?? ''),
    code: m[3] ?? '',
    count: Number(m[4]),
  }));
}

describe.each(engines())('the directory as a map of communes (%s)', (engine) => {
  let t: TestApp;
  let territory: Map<string, string>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    territory = await directoryService(t.database.db).communeNames();
    const db = t.database.db;
    const org = (name: string, kind: 'startup' | 'sme', communes: string[], status = 'active') =>
      buildOrganisation(db, { name, kind, communes, status: status as 'active' });
    for (let i = 0; i < 5; i++) await org(`Capteurs ${i}`, 'startup', [GRENOBLE]);
    await org('Logiciels Alpes', 'sme', [GRENOBLE]);
    await org('Logiciels Sud', 'startup', [ECHIROLLES, GRENOBLE]);
    await org('Robots Sud', 'startup', [ECHIROLLES]);
    await org('Meylan Conseil', 'sme', [MEYLAN]);
    await org('Puces Crolles', 'startup', [CROLLES], 'closed');
    await org('Siège parisien', 'startup', [PARIS, MEYLAN]);
  });
  afterAll(async () => t?.close());

  const page = async (url: string) => {
    const res = await t.app.inject(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };
  const api = async (query: string): Promise<Answer> =>
    (await t.app.inject(`/api/v1/organisations?${query}`)).json();

  it('draws every commune of the territory with the search’s count, as the facet gives it', async () => {
    for (const query of ['', 'kind=startup', 'q=logiciels', 'kind=startup&commune=38185']) {
      const html = await page(`/annuaire?vue=carte&${query}`);
      const links = mapLinks(html);
      const { facets, total } = await api(query);
      expect(links.map((l) => l.code).sort(), query).toEqual([...territory.keys()].sort());
      for (const l of links) {
        expect(l.count, `${query} ${l.code}`).toBe(facets.commune[l.code] ?? 0);
        const n = l.count;
        expect(l.label).toBe(`${territory.get(l.code)} : ${n} organisation${n > 1 ? 's' : ''}`);
      }
      expect(html).toContain(total > 1 ? `${total} organisations` : `${total} organisation`);
    }
    const all = mapLinks(await page('/annuaire?vue=carte'));
    expect(all.find((l) => l.code === GRENOBLE)?.count).toBe(7);
    expect(all.find((l) => l.code === ECHIROLLES)?.count).toBe(2);
  });

  it('leads from a commune to the list of the same search in that commune, with that count', async () => {
    const links = mapLinks(await page('/annuaire?vue=carte&kind=startup&status=active'));
    const grenoble = links.find((l) => l.code === GRENOBLE);
    expect(grenoble?.href).toBe('/annuaire?kind=startup&commune=38185&status=active');
    expect(grenoble?.count).toBe(6);
    const list = await page(grenoble?.href ?? '');
    expect(list).toContain('<h2 id="results-title">6 organisations</h2>');
    expect(list).toContain('Logiciels Sud');
    expect(list).not.toContain('Robots Sud');
    for (const l of links.filter((x) => x.count > 0)) {
      expect((await api(new URL(l.href, 'http://x').search.slice(1))).total, l.code).toBe(l.count);
    }
  });

  it('lists the same counts in a table, communes outside the territory included', async () => {
    const html = await page('/annuaire?vue=carte&kind=startup');
    const cells = [...html.matchAll(/<td data-commune="([^"]+)">(\d+)<\/td>/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    const { facets } = await api('kind=startup');
    expect(Object.fromEntries(cells)).toEqual(facets.commune);
    expect(cells[0]).toEqual([GRENOBLE, 6]);
    expect(cells.some(([code]) => code === PARIS)).toBe(true);
    // not drawn: no contour for Paris, and outside the territory
    expect(mapLinks(html).some((l) => l.code === PARIS)).toBe(false);
  });

  it('keeps the view through the filters, and switches back to the list with the same search', async () => {
    const html = await page('/annuaire?vue=carte&kind=sme');
    expect(html).toContain('<input type="hidden" name="vue" value="carte"/>');
    expect(html).toContain('<a href="/annuaire?kind=sme">Liste</a>');
    expect(html).toContain('aria-current="page">Carte</a>');
    const list = await page('/annuaire?kind=sme&page=1');
    expect(list).toContain('href="/annuaire?kind=sme&amp;vue=carte">Carte</a>');
    expect(list).not.toContain('name="vue"');
  });

  it('answers in English at the English address', async () => {
    const html = await page('/en/annuaire?vue=carte');
    expect(html).toContain('aria-current="page">Map</a>');
    expect(html).toContain('Count per commune');
    const grenoble = mapLinks(html).find((l) => l.code === GRENOBLE);
    expect(grenoble?.href).toBe('/en/annuaire?commune=38185');
    expect(grenoble?.label).toBe('Grenoble : 7 organisations');
  });

  it('shows the list, saying so, for a view it does not know', async () => {
    const html = await page('/annuaire?vue=satellite&kind=sme');
    expect(html).not.toContain('class="commune-map"');
    expect(html).toContain('aria-current="page">Liste</a>');
    expect(html).toMatch(/ignorée \(vue\)/);
  });
});
