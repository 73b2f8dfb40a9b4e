import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/engines.ts';
import { parisToday } from '../../directory/connections.schema.ts';
import { organisationsRepository } from '../../directory/organisations.repository.ts';
import { cacheTestbed, templatesOf } from './page-cache.testing.ts';

describe.each(engines())('public pages from the cache (%s)', (engine) => {
  const bed = cacheTestbed(engine);
  const org = () => bed.org;
  const article = () => bed.article;

  const visitor = () => new TestClient(bed.news.t.app);

  it('answers 304 to a repeated conditional request, on every public page template', async () => {
    for (const url of templatesOf(org(), article())) {
      const first = await visitor().get(url);
      expect(first.statusCode, url).toBe(200);
      const etag = String(first.headers.etag);
      expect(etag, url).toMatch(/^"[\w-]{27}"$/);
      expect(first.headers['cache-control'], url).toBe('public, max-age=0, s-maxage=10');
      expect(first.headers.vary, url).toContain('Cookie');
      const again = await visitor().get(url, { 'if-none-match': etag });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      // a browser keeps the 304's headers: the page must stay what it was
      expect(again.headers['content-type'], url).toBe(first.headers['content-type']);
      const since = await visitor().get(url, {
        'if-modified-since': String(first.headers['last-modified']),
      });
      expect(since.statusCode, url).toBe(304);
      // the bytes kept are the bytes rendered
      expect((await visitor().get(url)).body, url).toBe(first.body);
    }
  });

  it('sends the kept page compressed as the browser accepts it', async () => {
    const plain = await visitor().get('/annuaire');
    const br = await visitor().get('/annuaire', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    const gz = await visitor().get('/annuaire', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3);
  });

  it('compresses what is not kept as well: a signed-in page, the API’s description', async () => {
    const br = await bed.news.staff.get('/annuaire', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    // the signed-in page itself (its form tokens differ at each request)
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toContain('/deconnexion');
    expect(br.headers['cache-control']).toBe('private, no-store');
    const json = await visitor().get('/api/openapi.json', { 'accept-encoding': 'gzip' });
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(json.rawPayload).toString('utf8'))).toHaveProperty('paths');
    // and nothing under a kilobyte
    const small = await visitor().get('/healthz', { 'accept-encoding': 'gzip, br' });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('shows a change at the next request, wherever it was written', async () => {
    const path = `/annuaire/${org().slug}`;
    const api = '/api/v1/organisations?q=boreaux';
    expect((await visitor().get(path)).body).toContain('Photons Alpins');
    expect(JSON.parse((await visitor().get(api)).body)).toMatchObject({ total: 0 });
    // a write that goes through no service: the database itself marks the pages it changes
    await sql`UPDATE organisations SET name = 'Photons Boréaux' WHERE id = ${org().id}`.execute(
      bed.news.t.database.db,
    );
    const after = await visitor().get(path);
    expect(after.body).toContain('Photons Boréaux');
    expect(after.body).not.toContain('Photons Alpins');
    expect(JSON.parse((await visitor().get(api)).body)).toMatchObject({ total: 1 });
    // and a change of what another topic shows leaves the directory's pages as they were kept
    const etag = String((await visitor().get('/annuaire')).headers.etag);
    await sql`UPDATE objectives SET position = position`.execute(bed.news.t.database.db);
    expect((await visitor().get('/annuaire', { 'if-none-match': etag })).statusCode).toBe(304);
  });

  it('shows an article published through the editor at the next request', async () => {
    const before = await visitor().get('/actualites');
    expect(before.body).not.toContain('Une nouvelle publiée');
    await bed.news.create({
      title: 'Une nouvelle publiée',
      slug: 'nouvelle-publiee',
      state: 'published',
    });
    expect((await visitor().get('/actualites')).body).toContain('Une nouvelle publiée');
    expect((await visitor().get('/actualites/nouvelle-publiee')).statusCode).toBe(200);
  });

  it('changes no version where nothing was written: reading every page, the labels’ day', async () => {
    const db = bed.news.t.database.db;
    const versions = async () =>
      (
        await sql<{ topic: string; version: string }>`
        SELECT topic, version FROM page_versions ORDER BY topic`.execute(db)
      ).rows;
    const visitAll = async () => {
      for (const url of templatesOf(org(), article())) await visitor().get(url);
    };
    await visitAll();
    const before = await versions();
    await visitAll();
    // a process's first read of a day holds the labels on that day: when it is already, nothing
    await organisationsRepository(db).holdLabelsOn(parisToday(new Date()));
    expect(await versions()).toEqual(before);
  });

  it('never serves a signed-in page from the cache, nor keeps one', async () => {
    const kept = await visitor().get('/annuaire');
    expect(kept.body).not.toContain('/deconnexion');
    const staff = bed.news.staff;
    const mine = await staff.get('/annuaire');
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.headers.etag).toBeUndefined();
    expect(mine.body).toContain('action="/deconnexion"');
    expect(mine.body).not.toBe(kept.body);
    // the visitors' copy holds no trace of the signed-in page
    expect((await visitor().get('/annuaire')).body).toBe(kept.body);
  });

  it('gives each visitor a form token of their own on a kept page with a form', async () => {
    const first = visitor();
    const shown = await first.get('/contact');
    expect(shown.statusCode).toBe(200);
    const second = visitor();
    const again = await second.get('/contact');
    const token = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    expect(token(again.body)).toBeDefined();
    expect(token(again.body)).not.toBe(token(shown.body));
    expect(again.headers['cache-control']).toBe('no-store');
    expect(again.headers['set-cookie']).toBeDefined();
    const sent = await second.post('/contact', {
      name: 'Une visiteuse',
      email: 'visiteuse@example.org',
      subject: 'Une question',
      message: 'Bonjour, une question sur le lieu.',
    });
    expect(sent.statusCode, sent.body.slice(0, 300)).toBe(303);
  });
});
