import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { form, newsTestbed } from './news.testing.ts';

describe.each(engines())('news over HTTP: writing and publishing on %s', (engine) => {
  const bed = newsTestbed(engine);
  const { create } = bed;
  let staff: TestClient;
  let visitor: TestClient;
  beforeAll(() => {
    ({ staff, visitor } = bed);
  });

  it('publishes the French version alone, and the English one when asked', async () => {
    const id = await create({
      title: 'Grenoble labellisée',
      slug: 'grenoble-labellisee',
      state: 'published',
    });
    const fr = await visitor.get('/actualites/grenoble-labellisee');
    expect(fr.statusCode).toBe(200);
    expect(fr.body).toContain('<h1>Grenoble labellisée');
    // breadcrumbs from the category trail
    expect(fr.body).toMatch(/Espace public.*Notre offre.*Actualités.*Grenoble labellisée/s);
    expect(fr.body).toContain('"@type":"NewsArticle"');
    expect(fr.body).toContain('<meta property="og:title" content="Grenoble labellisée"/>');
    expect(fr.body).toContain('<meta name="twitter:card" content="summary"/>');
    expect(fr.body).toMatch(
      /<link rel="canonical" href="http[^"]+\/actualites\/grenoble-labellisee"/,
    );
    expect(fr.body).toContain('Information');
    expect((await visitor.get('/en/actualites/grenoble-labellisee')).statusCode).toBe(404);

    await staff.get(`/admin/actualites/${id}/en`);
    const saved = await staff.post(
      `/admin/actualites/${id}/en`,
      form({
        version: '1',
        title: 'Grenoble labelled',
        slug: 'grenoble-labelled',
        is_translation: '1',
        state: 'draft',
      }),
    );
    expect(saved.statusCode).toBe(303);
    expect((await visitor.get('/en/actualites/grenoble-labelled')).statusCode).toBe(404);
    await staff.post(
      `/admin/actualites/${id}/en`,
      form({
        version: '2',
        title: 'Grenoble labelled',
        slug: 'grenoble-labelled',
        is_translation: '1',
        state: 'published',
      }),
    );
    const en = await visitor.get('/en/actualites/grenoble-labelled');
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('This article is a translation.');
    expect(en.body).toMatch(/hrefLang="fr" href="http[^"]+\/actualites\/grenoble-labellisee"/);
    const home = await visitor.get('/en');
    expect(home.body).toContain('Latest news');
    expect(home.body).toContain('Grenoble labelled');
  });

  it('answers bad input with messages in the editor’s language, keeping what was typed', async () => {
    await create({ slug: 'deja-pris' });
    await staff.get('/admin/actualites/nouveau');
    const taken = await staff.post(
      '/admin/actualites/nouveau',
      form({
        title: 'Mon texte <b>gras</b>',
        slug: 'deja-pris',
        body_md: 'Tout ce que j’ai écrit',
        category: 'inconnue',
      }),
    );
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('Cette adresse est déjà prise par une autre actualité.');
    expect(taken.body).toContain('Cette rubrique n’existe pas.');
    expect(taken.body).toContain('Tout ce que j’ai écrit');
    expect(taken.body).toContain('Mon texte &lt;b&gt;gras&lt;/b&gt;');

    await staff.get('/en/admin/actualites/nouveau');
    const english = await staff.post(
      '/en/admin/actualites/nouveau',
      form({ title: '', state: 'scheduled', publish_at: 'tomorrow', organisations: 'no-such-org' }),
    );
    expect(english.statusCode).toBe(422);
    expect(english.body).toContain('This field is required.');
    expect(english.body).toContain('Enter a date and a time');
  });

  it('never runs what a title or a body carries, on the page or in the feeds', async () => {
    await create({
      title: '<script>alert("titre")</script>',
      slug: 'hostile',
      summary: '<img src=x onerror=alert(1)>',
      body_md:
        '[clic](javascript:alert(1)) <iframe src="https://evil.example"></iframe> ]]> <svg onload=alert(1)>',
      state: 'published',
    });
    const page = await visitor.get('/actualites/hostile');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<iframe');
    expect(page.body).not.toContain('<svg');
    expect(page.body).not.toContain('href="javascript:');
    expect(page.body).not.toContain('<img src=x');
    for (const feed of ['/actualites/flux.rss', '/actualites/flux.atom']) {
      const res = await visitor.get(feed);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toMatch(/<(script|iframe|svg|img)\b/);
      expect(res.body).toContain('&lt;script&gt;alert(&quot;titre&quot;)&lt;/script&gt;');
      expect(res.body).not.toContain('href="javascript:');
      expect(res.body).not.toContain('href=&quot;javascript:');
    }
  });
});
