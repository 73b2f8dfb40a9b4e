import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { form, newsTestbed, PDF } from './news.testing.ts';

describe.each(engines())('news over HTTP: attached files on %s', (engine) => {
  const bed = newsTestbed(engine);
  const { create, upload } = bed;
  let staff: TestClient;
  let visitor: TestClient;
  beforeAll(() => {
    ({ staff, visitor } = bed);
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
    // its bytes never change under its number: a browser that holds it gets a 304
    const etag = String(file.headers.etag);
    expect(file.headers['cache-control']).toBe('public, max-age=3600');
    const again = await visitor.get(String(href), { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const other = await visitor.get(String(href), { 'if-none-match': '"file-0"' });
    expect(other.statusCode).toBe(200);
    expect(other.rawPayload.equals(PDF)).toBe(true);
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
});

describe.each(engines())('news over HTTP: files of drafts, and long names, on %s', (engine) => {
  const bed = newsTestbed(engine);
  const { create, upload } = bed;
  let staff: TestClient;
  let visitor: TestClient;
  beforeAll(() => {
    ({ staff, visitor } = bed);
  });

  it('keeps a draft’s file out of shared caches, and serves a file with a long name', async () => {
    const id = await create({ title: 'Brouillon avec fichier', slug: 'brouillon-cache' });
    const long = `${'Communiqué de presse du hub numérique de la métropole grenobloise '.repeat(3)}.pdf`;
    expect((await upload(id, { name: long, content: PDF })).statusCode).toBe(303);
    const editor = await staff.get(`/admin/actualites/${id}/fr`);
    const href = /href="(\/actualites\/fichiers\/\d+\/[^"]+)"/.exec(editor.body)?.[1];
    expect(href).toBeDefined();
    // staff read it before publication: their copy is theirs, kept by no cache
    const draft = await staff.get(String(href));
    expect(draft.statusCode).toBe(200);
    expect(draft.headers['cache-control']).toBe('private, no-store');
    expect(draft.headers['content-disposition']).toContain("filename*=UTF-8''Communiqu%C3%A9");
    expect((await visitor.get(String(href))).statusCode).toBe(404);
    // once published, anyone may keep it
    const version = /name="version" value="(\d+)"/.exec(editor.body)?.[1] ?? '';
    const saved = await staff.post(
      `/admin/actualites/${id}/fr`,
      form({
        version,
        title: 'Brouillon avec fichier',
        slug: 'brouillon-cache',
        state: 'published',
      }),
    );
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    const published = await visitor.get(String(href));
    expect(published.statusCode).toBe(200);
    expect(published.headers['cache-control']).toBe('public, max-age=3600');
  });
});
