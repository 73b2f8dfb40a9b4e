import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { ATTACK, reviewPagesFixture } from './review.testing.ts';

describe.each(engines())('review pages: a call’s list, its CSV, an application (%s)', (engine) => {
  const f = reviewPagesFixture(engine);

  it('lists a call’s applications with their counts, filters and links', async () => {
    const res = await f.staff.get(f.list());
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Candidatures — Appel revue');
    for (const name of ['Alpha Robotique', 'Beta Labs', 'Gamma 100%', 'Delta'])
      expect(html).toContain(name);
    expect(html).toContain('Déposée (3)');
    expect(html).toContain('Brouillon (1)');
    expect(html).toContain('4 candidatures');
    expect(html).toContain(`href="/admin/programmes/candidatures/${f.ids.alpha}"`);
    expect(html).toMatch(/href="\/annuaire\/alpha-robotique[^"]*">Alpha Robotique/);
    // by state
    const drafts = await f.staff.get(`${f.list()}?etat=draft`);
    expect(drafts.body).toContain('Gamma 100%');
    expect(drafts.body).not.toContain('Beta Labs');
    expect(drafts.body).toContain('1 candidature');
    // by a part of the name, LIKE's wildcards taken literally
    const named = await f.staff.get(`${f.list()}?organisation=${encodeURIComponent('robot')}`);
    expect(named.body).toContain('Alpha Robotique');
    expect(named.body).not.toContain('Beta Labs');
    const percent = await f.staff.get(`${f.list()}?organisation=${encodeURIComponent('0%')}`);
    expect(percent.body).toContain('Gamma 100%');
    expect(percent.body).not.toContain('Alpha Robotique');
    // a strange state or page is ignored, never a 500
    const odd = await f.staff.get(`${f.list()}?etat=nope&page=abc&organisation=`);
    expect(odd.statusCode).toBe(200);
    expect(odd.body).toContain('4 candidatures');
    // in English
    const en = await f.staff.get(`/en${f.list()}`);
    expect(en.body).toContain('Applications — Review call');
    // an unknown call
    expect((await f.staff.get('/admin/programmes/appels/999999/candidatures')).statusCode).toBe(
      404,
    );
  });

  it('exports the filtered list as CSV: a column per field of the latest form, formulas defused', async () => {
    const res = await f.staff.get(`${f.list()}.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="candidatures-appel-revue-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const lines = res.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'id,acknowledgement,organisation,siren,state,submitted_at,form_version,Projet (project),Incubé ? (incubated),Incubateur (incubator),SIRET (siret),Fondateurs (founders),Site web (website)',
    );
    const alpha = lines.find((l) => l.startsWith(`${f.ids.alpha},`)) ?? '';
    expect(alpha).toContain(`"'${ATTACK.replace(/"/g, '""')}"`);
    expect(alpha).not.toContain(`,${ATTACK}`);
    expect(alpha).toContain(',Alice; Bob,');
    expect(alpha).toMatch(/,Alice; Bob,$/); // the newer field: present, empty for an old application
    const delta = lines.find((l) => l.startsWith(`${f.ids.delta},`)) ?? '';
    expect(delta).toMatch(/,2,Nouveau,.*,https:\/\/delta\.example$/);
    expect(delta).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,/);
    // the list's filters apply
    const drafts = await f.staff.get(`${f.list()}.csv?etat=draft`);
    const rows = drafts.body.split('\r\n').filter((l) => l !== '');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Gamma 100%');
  });

  it('shows an application with its answers and history, and puts it under review', async () => {
    const page = await f.staff.get(`/admin/programmes/candidatures/${f.ids.beta}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<dl class="answers">');
    expect(page.body).toContain('<dt>Projet</dt><dd>Labs</dd>');
    expect(page.body).toContain('Passer en examen');
    expect(page.body).toContain('name="_csrf"');
    const res = await f.staff.post(`/admin/programmes/candidatures/${f.ids.beta}/examen`, {});
    expect(res.statusCode).toBe(303);
    const after = await f.staff.follow(res);
    expect(after.body).toContain('La candidature est passée en examen.');
    expect(after.body).toMatch(/<td>Déposée<\/td><td>En examen<\/td><td>Test Person<\/td>/);
    expect(after.body).not.toContain('Passer en examen</button>');
    // a draft cannot: 409, a page in words
    const refused = await f.staff.post(`/admin/programmes/candidatures/${f.ids.draft}/examen`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Seule une candidature déposée peut passer en examen.');
    expect((await f.staff.get('/admin/programmes/candidatures/999999')).statusCode).toBe(404);
    expect((await f.staff.get('/admin/programmes/candidatures/abc')).statusCode).toBe(404);
  });
});
