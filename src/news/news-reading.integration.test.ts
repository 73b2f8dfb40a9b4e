import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { form, newsTestbed } from './news.testing.ts';

describe.each(engines())('news over HTTP: reading, feeds and the sitemap on %s', (engine) => {
  const bed = newsTestbed(engine);
  const { create } = bed;
  let t: TestApp;
  let staff: TestClient;
  let visitor: TestClient;
  beforeAll(() => {
    ({ t, staff, visitor } = bed);
  });

  /** what the lists, feeds and sitemap show: an article in both languages, and a draft */
  async function publishBothLanguages() {
    const id = await create({
      title: 'Grenoble labellisée',
      slug: 'grenoble-labellisee',
      state: 'published',
    });
    await staff.get(`/admin/actualites/${id}/en`);
    const en = await staff.post(
      `/admin/actualites/${id}/en`,
      form({
        version: '1',
        title: 'Grenoble labelled',
        slug: 'grenoble-labelled',
        is_translation: '1',
        state: 'published',
      }),
    );
    expect(en.statusCode).toBe(303);
    await create({ title: 'Brouillon avec fichier', slug: 'brouillon-fichier' });
  }

  it('shows no news block on the home page while there is no news', async () => {
    const home = await visitor.get('/');
    expect(home.body).not.toContain('latest-news-title');
    const list = await visitor.get('/actualites');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Aucune actualité publiée pour le moment.');
  });

  describe('once an article is published in both languages', () => {
    beforeAll(publishBothLanguages);

    it('validates caches: 304 while nothing changed, a new page right after a publication', async () => {
      const first = await visitor.get('/actualites');
      const etag = String(first.headers.etag);
      expect(first.headers['cache-control']).toBe('public, max-age=0, s-maxage=10');
      expect((await visitor.get('/actualites', { 'if-none-match': etag })).statusCode).toBe(304);
      const feed = await visitor.get('/actualites/flux.rss');
      const feedTag = String(feed.headers.etag);
      expect(
        (await visitor.get('/actualites/flux.rss', { 'if-none-match': feedTag })).statusCode,
      ).toBe(304);
      await create({ title: 'Toute fraîche', slug: 'toute-fraiche', state: 'published' });
      const after = await visitor.get('/actualites', { 'if-none-match': etag });
      expect(after.statusCode).toBe(200);
      expect(after.body).toContain('Toute fraîche');
      const feedAfter = await visitor.get('/actualites/flux.rss', { 'if-none-match': feedTag });
      expect(feedAfter.statusCode).toBe(200);
      expect(feedAfter.body).toContain('Toute fraîche');
    });

    it('lists by category and tag, with feeds per language and category', async () => {
      const tagged = await visitor.get('/actualites?tag=label');
      expect(tagged.body).toContain('Grenoble labellisée');
      expect((await visitor.get('/actualites?categorie=notre-offre')).body).toContain(
        'Grenoble labellisée',
      );
      expect((await visitor.get('/actualites?categorie=nope')).statusCode).toBe(404);
      expect((await visitor.get('/actualites?page=abc')).statusCode).toBe(200);
      const rss = await visitor.get('/en/actualites/flux.rss?categorie=actualites');
      expect(rss.headers['content-type']).toContain('application/rss+xml');
      expect(rss.body).toContain('<language>en-GB</language>');
      expect(rss.body).toContain('Grenoble labelled');
      expect(rss.body).not.toContain('Grenoble labellisée');
      const atom = await visitor.get('/actualites/flux.atom');
      expect(atom.headers['content-type']).toContain('application/atom+xml');
      expect(atom.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">');
      const list = await visitor.get('/actualites');
      expect(list.body).toContain('type="application/rss+xml"');
    });

    it('lists news and directory profiles in the sitemap, and says where it is in robots.txt', async () => {
      const org = await buildOrganisation(t.database.db, { name: 'Sitemap Org' });
      const map = await visitor.get('/sitemap.xml');
      expect(map.statusCode).toBe(200);
      expect(map.body).toContain('/actualites/grenoble-labellisee</loc>');
      expect(map.body).toContain('/en/actualites/grenoble-labelled</loc>');
      expect(map.body).toContain(`/annuaire/${org.slug}</loc>`);
      expect(map.body).not.toContain('brouillon-fichier');
      const robots = await visitor.get('/robots.txt');
      expect(robots.body).toMatch(/Sitemap: http.*\/sitemap\.xml/);
      expect(robots.body).toContain('Disallow: /admin');
    });
  });
});
