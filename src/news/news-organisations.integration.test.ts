import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { form, newsTestbed } from './news.testing.ts';

/**
 * The organisations news links to are the directory's answers: a merged organisation's slug names
 * the one kept (where its address leads), a slug it never knew names none.
 */
describe.each(engines())('news over HTTP: the directory’s organisations on %s', (engine) => {
  const bed = newsTestbed(engine);
  const { create, withRole } = bed;
  let t: TestApp;
  let staff: TestClient;
  let visitor: TestClient;
  beforeAll(() => {
    ({ t, staff, visitor } = bed);
  });

  const organisation = (name: string) => buildOrganisation(t.database.db, { name });

  /** merges one organisation into another as staff do, from the profile's editor */
  async function merge(duplicate: string, kept: string) {
    await staff.get(`/annuaire/${duplicate}/modifier`);
    const res = await staff.post(`/annuaire/${duplicate}/fusionner`, { target: kept });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  }

  it('links a merged organisation’s slug to the one kept, once, and shows that one', async () => {
    const kept = await organisation('Organisation gardée');
    const duplicate = await organisation('Organisation en double');
    await merge(duplicate.slug, kept.slug);
    const id = await create({
      title: 'Avec organisations',
      slug: 'avec-organisations',
      // the duplicate's profile address, and the kept one's slug: one organisation
      organisations: `https://totem.test/annuaire/${duplicate.slug}, ${kept.slug}`,
      state: 'published',
    });
    const editor = await staff.get(`/admin/actualites/${id}/fr`);
    // the editor's picker shows the one kept, ticked, and the duplicate nowhere
    expect(editor.body).toContain(`name="organisations_id" checked="" value="${kept.id}"`);
    expect(editor.body).not.toContain(duplicate.id);
    const page = await visitor.get('/actualites/avec-organisations');
    expect(page.body).toContain(`<a href="/annuaire/${kept.slug}">Organisation gardée</a>`);
    expect(page.body).not.toContain(duplicate.slug);
    expect(page.body).not.toContain('Organisation en double');
  });

  it('refuses a slug the directory never knew, naming it', async () => {
    const known = await organisation('Connue');
    await staff.get('/admin/actualites/nouveau');
    const res = await staff.post(
      '/admin/actualites/nouveau',
      form({ title: 'Inconnue', organisations: `${known.slug}, personne-de-ce-nom` }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Certaines organisations sont introuvables dans l’annuaire.');
    expect(res.body).toContain('personne-de-ce-nom');
  });

  it('restores a revision’s links as the directory names them now', async () => {
    const absorbed = await organisation('Absorbée');
    const absorbing = await organisation('Absorbante');
    const id = await create({ title: 'Liens', slug: 'liens', organisations: absorbed.slug });
    await staff.get(`/admin/actualites/${id}/fr`);
    await staff.post(
      `/admin/actualites/${id}/fr`,
      form({ version: '1', title: 'Liens', slug: 'liens', organisations: '' }),
    );
    await merge(absorbed.slug, absorbing.slug);
    await staff.get(`/admin/actualites/${id}/revisions`);
    const restored = await staff.post(`/admin/actualites/${id}/revisions/1/restaurer`, {
      version: '2',
    });
    expect(restored.statusCode).toBe(303);
    const editor = await staff.get(`/admin/actualites/${id}/fr`);
    expect(editor.body).toContain(`name="organisations_id" checked="" value="${absorbing.id}"`);
  });

  it('chooses the article’s organisations with the directory’s picker: a search, then ticks', async () => {
    const first = await organisation('Picorama Conseil');
    const second = await organisation('Picorama Robotique');
    await staff.get('/admin/actualites/nouveau');
    const article = form({ title: 'Choisies', slug: 'choisies', state: 'published' });

    // the search button sends the form back with the matches to tick; nothing is saved
    const searched = await staff.post('/admin/actualites/nouveau', {
      ...article,
      organisations_q: 'picorama',
      action: 'search-organisations',
    });
    expect(searched.statusCode).toBe(200);
    expect(searched.body).toContain('value="Choisies"');
    for (const o of [first, second]) {
      expect(searched.body).toContain(`name="organisations_id" value="${o.id}"`);
    }
    expect((await visitor.get('/actualites/choisies')).statusCode).toBe(404);

    // text left in the box when saving: the matches are shown to be ticked, nothing is saved
    const left = await staff.post('/admin/actualites/nouveau', {
      ...article,
      organisations_q: 'picorama',
    });
    expect(left.statusCode).toBe(422);
    expect(left.body).toContain('Cochez les organisations trouvées');
    expect((await visitor.get('/actualites/choisies')).statusCode).toBe(404);

    // ticked and saved: linked, shown on the article; an id that is no organisation is ignored
    const saved = await staff.post('/admin/actualites/nouveau', {
      ...article,
      organisations_id: [second.id, 'not-an-id', '00000000-0000-4000-8000-000000000000'],
      organisations_q: '',
    });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    const editor = await staff.follow(saved);
    expect(editor.body).toContain(`name="organisations_id" checked="" value="${second.id}"`);
    expect(editor.body).not.toContain(`value="${first.id}"`);
    const page = await visitor.get('/actualites/choisies');
    expect(page.body).toContain(`<a href="/annuaire/${second.slug}">Picorama Robotique</a>`);
    expect(page.body).not.toContain('Picorama Conseil');
  });

  it('lets a member propose for the organisation its own was merged into, not the old one', async () => {
    const { client: member, user } = await withRole('member');
    const mine = await organisation('Membre en double');
    const kept = await organisation('Membre gardée');
    await t.database.db
      .insertInto('organisation_members')
      .values({ organisation_id: mine.id, user_id: user.id })
      .execute();
    await merge(mine.slug, kept.slug);
    const page = await member.get('/actualites/proposer');
    expect(page.body).toContain(`<option value="${kept.slug}">Membre gardée</option>`);
    expect(page.body).not.toContain(mine.slug);
    const proposal = { locale: 'fr', title: 'Après fusion', summary: '', body_md: 'Texte.' };
    const old = await member.post('/actualites/proposer', { ...proposal, organisation: mine.slug });
    expect(old.statusCode).toBe(422);
    const sent = await member.post('/actualites/proposer', {
      ...proposal,
      organisation: kept.slug,
    });
    expect(sent.statusCode).toBe(303);
  });
});
