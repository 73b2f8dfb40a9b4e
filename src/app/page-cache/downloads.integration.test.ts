import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/engines.ts';
import { cacheTestbed } from './page-cache.testing.ts';

/** what a visitor downloads from the pages the cache serves, and the assets: validated too */
describe.each(engines())('downloads and assets for a crowd (%s)', (engine) => {
  const bed = cacheTestbed(engine);
  const org = () => bed.org;
  const visitor = () => new TestClient(bed.news.t.app);

  it('validates an export it streams by what it shows, and never a signed-in one', async () => {
    const url = '/api/v1/organisations.csv?q=photons';
    const first = await visitor().get(url);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Photons');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"s-[\w-]{27}"$/);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const held = await visitor().get(url, { 'if-none-match': etag });
    expect(held.statusCode).toBe(304);
    expect(held.body).toBe('');
    expect(held.headers['content-type']).toBe(first.headers['content-type']);
    expect(held.headers['content-disposition']).toBe(first.headers['content-disposition']);
    // the JSON export is another answer, with its own validator
    const json = await visitor().get('/api/v1/organisations.json?q=photons');
    expect(json.headers.etag).not.toBe(etag);
    await sql`UPDATE organisations SET acronym = 'PHX' WHERE id = ${org().id}`.execute(
      bed.news.t.database.db,
    );
    const changed = await visitor().get(url, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const mine = await bed.news.staff.get(url, { 'if-none-match': String(changed.headers.etag) });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers.etag).toBeUndefined();
  });

  it('never lets a forged Host header into what it keeps for every visitor', async () => {
    for (const url of ['/agenda.ics', '/agenda/rss.xml', '/agenda/atom.xml']) {
      const forged = await visitor().get(url, { host: 'attacker.example' });
      expect(forged.statusCode, url).toBe(200);
      expect(forged.body, url).not.toContain('attacker.example');
      expect((await visitor().get(url)).body, url).not.toContain('attacker.example');
    }
  });

  it('keeps a calendar file with its name, and validates it', async () => {
    const first = await visitor().get('/agenda.ics');
    const kept = await visitor().get('/agenda.ics');
    for (const answer of [first, kept]) {
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(answer.headers['content-disposition']).toBe('attachment; filename="agenda.ics"');
    }
    expect(kept.body).toBe(first.body);
    const held = await visitor().get('/agenda.ics', { 'if-none-match': String(kept.headers.etag) });
    expect(held.statusCode).toBe(304);
  });

  it('lets browsers keep an asset with its hash in its address for a year', async () => {
    const page = await visitor().get('/');
    const href = /href="(\/assets\/totem\.css\?v=[\w-]+)"/.exec(page.body)?.[1];
    expect(href).toBeDefined();
    const css = await visitor().get(String(href));
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await visitor().get('/assets/totem.css');
    expect(plain.headers['cache-control']).toBe('public, max-age=3600');
  });
});
