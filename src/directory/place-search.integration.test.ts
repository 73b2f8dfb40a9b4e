import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';

type Answer = {
  total: number;
  items: { name: string; communes: { code: string }[]; activity: unknown }[];
  place: { code: string; name: string } | null;
};

/** the links of a page, decoded, with whether each is marked current */
function links(html: string): { href: string; current: boolean; text: string }[] {
  return [...html.matchAll(/<a href="([^"]*)"( aria-current="true")?>(.*?)<\/a>/g)].map((m) => ({
    href: (m[1] ?? '').replaceAll('&amp;', '&'),
    current: m[2] !== undefined,
    text: m[3] ?? '',
  }));
}

describe.each(engines())('a place typed in the search, and facet links, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    await buildOrganisation(db, { name: 'Grenoble Logiciels', communes: ['38229'], band: '11' });
    await buildOrganisation(db, { name: 'Atelier des Capteurs', communes: ['38185'], band: '02' });
    await buildOrganisation(db, { name: 'Cabinet Numérique', communes: ['38185'], band: '11' });
    await buildOrganisation(db, { name: 'Alpes Santé', communes: ['38151'], band: '22' });
    await buildOrganisation(db, { name: 'Hères Conseil', communes: ['38421'] });
  });
  afterAll(async () => t?.close());

  it('names the activity with its NAF label and prints the SIREN in groups, in both languages', async () => {
    const org = await buildOrganisation(t.database.db, {
      name: 'Naf Conseil',
      siren: '552100554',
      communes: ['38140'],
    });
    await t.database.db
      .updateTable('organisations')
      .set({ naf_code: '62.02A' })
      .where('id', '=', org.id)
      .execute();
    const fr = await t.app.inject(`/annuaire/${org.slug}`);
    expect(fr.body).toContain('62.02A — Conseil en systèmes et logiciels informatiques');
    expect(fr.body).toContain('<dd>552\u202f100\u202f554</dd>');
    const en = await t.app.inject(`/en/annuaire/${org.slug}`);
    expect(en.body).toContain('62.02A — Computer consultancy activities');
    // the list, the API and the CSV
    const list = await t.app.inject('/annuaire?q=naf');
    expect(list.body).toContain('62.02A — <span>Conseil en systèmes et logiciels informatiques');
    const item = (await api('?q=naf', 'en')).items[0];
    expect(item?.activity).toEqual({
      code: '62.02A',
      label: 'Computer consultancy activities',
      label_language: 'en',
    });
    const csv = await t.app.inject('/api/v1/organisations.csv?q=naf');
    expect(csv.body).toContain(',62.02A,Conseil en systèmes et logiciels informatiques\r\n');
    // an unknown code shows as it is, with no label
    await t.database.db
      .updateTable('organisations')
      .set({ naf_code: '99.99Q' })
      .where('id', '=', org.id)
      .execute();
    expect((await api('?q=naf')).items[0]?.activity).toEqual({
      code: '99.99Q',
      label: null,
      label_language: null,
    });
  });

  async function api(qs: string, language = 'fr') {
    const res = await t.app.inject({
      url: `/api/v1/organisations${qs}`,
      headers: { 'accept-language': language },
    });
    expect(res.statusCode).toBe(200);
    return res.json() as Answer;
  }

  it('finds the organisations located in the commune the words name, and says which', async () => {
    const answer = await api('?q=grenoble');
    expect(answer.place).toEqual({ code: '38185', name: 'Grenoble' });
    // the name's match first, then those located there
    const [first, ...located] = answer.items.map((o) => o.name);
    expect(first).toBe('Grenoble Logiciels');
    expect(located.sort()).toEqual(['Atelier des Capteurs', 'Cabinet Numérique']);
    expect(answer.total).toBe(3);
    // a word that is no commune's name changes nothing
    const plain = await api('?q=capteurs');
    expect(plain.place).toBeNull();
    expect(plain.items.map((o) => o.name)).toEqual(['Atelier des Capteurs']);
  });

  it('reads the commune without accents, case or hyphens', async () => {
    expect((await api('?q=ECHIROLLES')).items.map((o) => o.name)).toEqual(['Alpes Santé']);
    const saint = await api(`?q=${encodeURIComponent("saint martin d'heres")}`);
    expect(saint.place?.name).toBe("Saint-Martin-d'Hères");
    expect(saint.items.map((o) => o.name)).toContain('Hères Conseil');
  });

  it('says so on the page, with a link to the commune alone, in both languages', async () => {
    const client = new TestClient(t.app);
    const page = await client.get('/annuaire?q=grenoble');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Organisations situées à Grenoble incluses.');
    const only = links(page.body).find((l) => l.text.startsWith('Voir seulement'));
    expect(only?.href).toBe('/annuaire?commune=38185');
    const filtered = await client.get(only?.href ?? '');
    expect(filtered.body).toContain('2 organisations');
    const en = await client.get('/en/annuaire?q=Grenoble');
    expect(en.body).toContain('Organisations located in Grenoble included.');
    // the CSV export follows the same search
    const csv = await t.app.inject({ url: '/api/v1/organisations.csv?q=grenoble' });
    expect(csv.body.trim().split('\r\n')).toHaveLength(4);
  });

  it('makes every facet count a link to the filtered list, the applied one marked current', async () => {
    const client = new TestClient(t.app);
    const page = await client.get('/annuaire');
    const all = links(page.body);
    const commune = all.find((l) => l.href === '/annuaire?commune=38185');
    expect(commune?.text).toBe('2<span class="visually-hidden"> organisations : Grenoble</span>');
    // the checkbox keeps the count in its name
    expect(page.body).toContain('Grenoble<span class="visually-hidden"> (2)</span>');
    expect(commune?.current).toBe(false);
    // the headcount bands too: 10 to 19 is a range to filter by
    const band = all.find((l) => l.href === '/annuaire?headcount_min=10&headcount_max=19');
    expect(band?.text).toMatch(/^2</);

    const followed = await client.get(band?.href ?? '');
    expect(followed.body).toContain('2 organisations');
    expect(followed.body).toContain('Grenoble Logiciels');
    expect(followed.body).not.toContain('Alpes Santé');
    const current = links(followed.body).filter((l) => l.current);
    expect(current.map((l) => l.href)).toEqual(['/annuaire?headcount_min=10&headcount_max=19']);

    // a link adds its value to the filters already applied
    const both = links((await client.get('/annuaire?commune=38185')).body).find((l) =>
      l.href.startsWith('/annuaire?commune=38185&commune='),
    );
    expect(both).toBeDefined();
    // a bad value in the address is left out, never a 500
    expect((await client.get('/annuaire?headcount_min=abc')).statusCode).toBe(200);
  });
});
