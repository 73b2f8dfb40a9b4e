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

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** an article form as the editor sends it, with what the test says */
function form(over: Record<string, string> = {}): Record<string, string> {
  return {
    version: '0',
    title: 'Un titre',
    slug: '',
    summary: 'Le chapeau.',
    body_md: 'Le texte, avec un [lien](https://example.org).',
    category: 'actualites',
    tags: 'label, french tech',
    organisations: '',
    cover_file: '',
    cover_alt: '',
    state: 'draft',
    publish_at: '',
    ...over,
  };
}

/** a multipart body of one text field and one file, as a browser sends the upload form */
function multipart(
  file: { name: string; content: Buffer; type?: string },
  title: string,
  token: string,
) {
  const boundary = `----totem${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${title}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(engines())('news over HTTP on %s', (engine) => {
  let t: TestApp;
  let staff: TestClient;
  let visitor: TestClient;

  async function withRole(role: 'staff' | 'member') {
    const email = uniqueEmail(role);
    const client = await signUp(t.app, { email });
    const users = usersRepository(t.database.db);
    const user = await users.findByEmail(email);
    if (!user) throw new Error('no user');
    await users.setRole(user.id, role);
    return { client, user };
  }

  /** creates an article through the editor; returns its id */
  async function create(over: Record<string, string> = {}): Promise<number> {
    await staff.get('/admin/actualites/nouveau');
    const res = await staff.post('/admin/actualites/nouveau', form(over));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const id = Number(/\/admin\/actualites\/(\d+)\/fr$/.exec(String(res.headers.location))?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  async function upload(
    id: number,
    file: { name: string; content: Buffer; type?: string },
    title = '',
    forgedToken?: string,
  ) {
    const page = await staff.get(`/admin/actualites/${id}/fr`);
    const action = /action="([^"]*\/fichiers\?[^"]*)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!action || !token) throw new Error('no upload form');
    expect(action).not.toContain('_csrf');
    const { body, contentType } = multipart(file, title, forgedToken ?? token);
    return t.app.inject({
      method: 'POST',
      url: action,
      payload: body,
      headers: {
        'content-type': contentType,
        cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
  }

  beforeAll(async () => {
    t = await createTestApp(engine, { NEWS_FILE_MAX_MB: '0.05' });
    staff = (await withRole('staff')).client;
    visitor = new TestClient(t.app);
  });
  afterAll(async () => t?.close());

  it('shows no news block on the home page while there is no news', async () => {
    const home = await visitor.get('/');
    expect(home.body).not.toContain('latest-news-title');
    const list = await visitor.get('/actualites');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Aucune actualité publiée pour le moment.');
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

  it('refuses a save against an older version with 409, showing what changed, losing nothing', async () => {
    const id = await create({ title: 'Version de départ', slug: 'concurrence' });
    const other = (await withRole('staff')).client;
    await other.get(`/admin/actualites/${id}/fr`);
    expect(
      (
        await other.post(
          `/admin/actualites/${id}/fr`,
          form({ version: '1', title: 'Changé par l’autre', slug: 'concurrence' }),
        )
      ).statusCode,
    ).toBe(303);
    await staff.get(`/admin/actualites/${id}/fr`);
    const late = await staff.post(
      `/admin/actualites/${id}/fr`,
      form({ version: '1', title: 'Ma version', slug: 'concurrence', body_md: 'Mon long texte' }),
    );
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Quelqu’un a enregistré cet article');
    expect(late.body).toContain('fr.title');
    expect(late.body).toContain('Changé par l’autre');
    expect(late.body).toContain('Mon long texte');
    expect(late.body).toContain('name="version" value="2"');
    // sent again from that page, it saves
    expect(
      (
        await staff.post(
          `/admin/actualites/${id}/fr`,
          form({ version: '2', title: 'Ma version', slug: 'concurrence' }),
        )
      ).statusCode,
    ).toBe(303);
  });

  it('keeps every save as a revision that can be viewed and restored', async () => {
    const id = await create({ title: 'Premier titre', slug: 'revisions' });
    await staff.get(`/admin/actualites/${id}/fr`);
    await staff.post(
      `/admin/actualites/${id}/fr`,
      form({ version: '1', title: 'Second titre', slug: 'revisions' }),
    );
    const list = await staff.get(`/admin/actualites/${id}/revisions`);
    expect(list.body).toContain('Révision 2');
    expect(list.body).toContain('Révision 1');
    const first = await staff.get(`/admin/actualites/${id}/revisions/1`);
    expect(first.body).toContain('Premier titre');
    const restored = await staff.post(`/admin/actualites/${id}/revisions/1/restaurer`, {
      version: '2',
    });
    expect(restored.statusCode).toBe(303);
    const editor = await staff.get(`/admin/actualites/${id}/fr`);
    expect(editor.body).toContain('value="Premier titre"');
    expect((await staff.get(`/admin/actualites/${id}/revisions`)).body).toContain(
      'restauration de la révision 1',
    );
    // restoring on a stale page is a conflict, not a silent overwrite
    expect(
      (await staff.post(`/admin/actualites/${id}/revisions/2/restaurer`, { version: '2' }))
        .statusCode,
    ).toBe(409);
  });

  it('attaches a PDF found by its content, and serves it with a safe name', async () => {
    const id = await create({
      title: 'Avec pièce jointe',
      slug: 'piece-jointe',
      state: 'published',
    });
    const ok = await upload(
      id,
      { name: '../../Communiqué de presse.pdf', content: PDF },
      'Le communiqué',
    );
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
    const page = await visitor.get('/actualites/piece-jointe');
    expect(page.body).toContain('Ressources complémentaires');
    const href = /href="(\/actualites\/fichiers\/\d+\/[^"]+)"/.exec(page.body)?.[1];
    expect(href).toBeDefined();
    const file = await visitor.get(String(href));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toBe(
      `inline; filename="Communique de presse.pdf"; filename*=UTF-8''Communiqu%C3%A9%20de%20presse.pdf`,
    );
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('takes an attached image as the cover, with its alternative text required', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const id = await create({ title: 'Avec image', slug: 'avec-image' });
    expect(
      (await upload(id, { name: 'photo.png', content: png, type: 'image/png' })).statusCode,
    ).toBe(303);
    const editor = await staff.get(`/admin/actualites/${id}/fr`);
    const fileId = /<option value="(\d+)">photo\.png<\/option>/.exec(editor.body)?.[1];
    expect(fileId).toBeDefined();
    const noAlt = await staff.post(
      `/admin/actualites/${id}/fr`,
      form({
        version: '1',
        title: 'Avec image',
        slug: 'avec-image',
        cover_file: String(fileId),
        state: 'published',
      }),
    );
    expect(noAlt.statusCode).toBe(422);
    expect(noAlt.body).toContain('Décrivez l’image de couverture');
    const other = await create({ title: 'Autre', slug: 'autre-sans-image' });
    const foreign = await staff.post(
      `/admin/actualites/${other}/fr`,
      form({
        version: '1',
        title: 'Autre',
        slug: 'autre-sans-image',
        cover_file: String(fileId),
        cover_alt: 'x',
      }),
    );
    expect(foreign.body).toContain('Cette image n’est pas jointe à l’article');
    await staff.get(`/admin/actualites/${id}/fr`);
    const ok = await staff.post(
      `/admin/actualites/${id}/fr`,
      form({
        version: '1',
        title: 'Avec image',
        slug: 'avec-image',
        cover_file: String(fileId),
        cover_alt: 'La façade du bâtiment',
        state: 'published',
      }),
    );
    expect(ok.statusCode).toBe(303);
    const page = await visitor.get('/actualites/avec-image');
    expect(page.body).toMatch(
      /<img src="\/actualites\/fichiers\/\d+\/photo\.png" alt="La façade du bâtiment"\/>/,
    );
    expect(page.body).toMatch(
      /<meta property="og:image" content="http[^"]+\/actualites\/fichiers\/\d+\/photo\.png"\/>/,
    );
    expect(page.body).toContain('<meta name="twitter:card" content="summary_large_image"/>');
    expect(page.body).not.toContain('Ressources complémentaires');
  });

  it('refuses disguised and oversized files with a clear message', async () => {
    const id = await create({ title: 'Fichiers refusés', slug: 'fichiers-refuses' });
    const disguised = await upload(id, {
      name: 'rapport.pdf',
      content: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    expect(disguised.statusCode).toBe(422);
    expect(disguised.body).toContain('n’est ni un PDF, ni une image');
    const big = Buffer.concat([PDF, Buffer.alloc(60_000, 32)]);
    const oversized = await upload(id, { name: 'gros.pdf', content: big });
    expect(oversized.statusCode).toBe(413);
    expect(oversized.body).toContain('dépasse la taille autorisée');
    // a token that is not the form's own is refused before the file is kept
    const forged = await upload(id, { name: 'ok.pdf', content: PDF }, '', 'forged-token');
    expect(forged.statusCode).toBe(403);
    const editor = await staff.get(`/admin/actualites/${id}/fr`);
    expect(editor.body).toContain('Aucun fichier.');
    // the files of an unpublished article are not public
    const other = await create({ title: 'Brouillon avec fichier', slug: 'brouillon-fichier' });
    expect((await upload(other, { name: 'x.pdf', content: PDF })).statusCode).toBe(303);
    const href = /href="(\/actualites\/fichiers\/\d+\/[^"]+)"/.exec(
      (await staff.get(`/admin/actualites/${other}/fr`)).body,
    )?.[1];
    expect((await visitor.get(String(href))).statusCode).toBe(404);
    expect((await staff.get(String(href))).statusCode).toBe(200);
  });

  it('validates caches: 304 while nothing changed, a new page right after a publication', async () => {
    const first = await visitor.get('/actualites');
    const etag = String(first.headers.etag);
    expect(first.headers['cache-control']).toBe('public, no-cache');
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

  it('lets a member propose a draft for its organisation, which staff review', async () => {
    const { client: member, user } = await withRole('member');
    const page = await member.get('/actualites/proposer');
    expect(page.body).toContain('revendiquez d’abord la fiche');
    const org = await buildOrganisation(t.database.db, { name: 'Proposante' });
    await t.database.db
      .insertInto('organisation_members')
      .values({ organisation_id: org.id, user_id: user.id })
      .execute();
    await member.get('/actualites/proposer');
    const empty = await member.post('/actualites/proposer', {
      organisation: org.slug,
      locale: 'fr',
      title: 'Notre levée',
      summary: '',
      body_md: '',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Notre levée');
    const notMine = await member.post('/actualites/proposer', {
      organisation: 'someone-else',
      locale: 'fr',
      title: 'X',
      summary: '',
      body_md: 'Y',
    });
    expect(notMine.statusCode).toBe(422);
    const sent = await member.post('/actualites/proposer', {
      organisation: org.slug,
      locale: 'fr',
      title: 'Notre levée',
      summary: '',
      body_md: 'Nous levons.',
    });
    expect(sent.statusCode).toBe(303);
    expect((await member.follow(sent)).body).toContain('En attente de relecture');
    const queue = await staff.get('/admin/actualites?propositions=1');
    expect(queue.body).toContain('Notre levée');
    expect(queue.body).toContain('Proposition d’un membre');
    // nothing is public until staff publish it
    expect((await visitor.get('/actualites/notre-levee')).statusCode).toBe(404);
    expect((await member.get('/admin/actualites')).statusCode).toBe(403);
  });
});
