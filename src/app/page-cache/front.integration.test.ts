import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engines } from '../../../test/support/engines.ts';
import { SESSION_COOKIE } from '../../accounts/session.hooks.ts';
import { cacheTestbed, pageHeaders, rawGet, templatesOf } from './page-cache.testing.ts';

/** the front door (front.ts), over real HTTP: what it answers, and what it leaves to the framework */
describe.each(engines())('kept pages at the front door (%s)', (engine) => {
  const bed = cacheTestbed(engine);

  it('answers a kept page before the framework, with the framework’s very bytes and headers', async () => {
    const app = bed.news.t.app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const atTheDoor: string[] = [];
    app.onFrontAnswer((answer) => atTheDoor.push(`${answer.route} ${answer.status}`));
    const variants: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'gzip, deflate, br' },
      { 'accept-encoding': 'gzip' },
    ];
    for (const url of templatesOf(bed.org, bed.article)) {
      for (const headers of variants) {
        // rendered (or kept already), then sent from the cache by the framework, then by the door
        await rawGet(`${base}${url}`, headers);
        const framework = await rawGet(`${base}${url}`, headers);
        const before = atTheDoor.length;
        const door = await rawGet(`${base}${url}`, headers);
        expect(atTheDoor.length, `${url} ${JSON.stringify(headers)}`).toBe(before + 1);
        expect(door.status, url).toBe(200);
        expect(pageHeaders(door), url).toEqual(pageHeaders(framework));
        expect(door.body.equals(framework.body), url).toBe(true);
        // a browser that holds it: 304, the page's headers but its encoding
        const again = await rawGet(`${base}${url}`, {
          ...headers,
          'if-none-match': String(door.headers.etag),
        });
        expect(again.status, url).toBe(304);
        expect(again.body.length, url).toBe(0);
        expect(again.headers['content-type'], url).toBe(door.headers['content-type']);
        expect(again.headers['content-encoding'], url).toBeUndefined();
      }
    }
    expect(atTheDoor).toContain('/annuaire/:slug 200');
    expect(atTheDoor).toContain('/annuaire/:slug 304');

    // what the door leaves to the framework: a session, a one-shot message, a token, a form
    const answered = atTheDoor.length;
    const personal = await rawGet(`${base}/annuaire`, { cookie: `${SESSION_COOKIE}=unknown` });
    expect(personal.status).toBe(200);
    await rawGet(`${base}/annuaire`, { cookie: 'totem_flash=saved' });
    await rawGet(`${base}/annuaire`, { authorization: 'Bearer not-a-token' });
    for (let i = 0; i < 3; i++) {
      const contact = await rawGet(`${base}/contact`);
      expect(contact.headers['set-cookie']).toBeDefined();
    }
    expect(atTheDoor.length).toBe(answered);

    // and a write: the next request gets the page rendered again, not the door's copy
    const path = `${base}/annuaire/${bed.org.slug}`;
    const kept = await rawGet(path);
    await sql`UPDATE organisations SET description_fr = 'Vue par la porte' WHERE id = ${bed.org.id}`.execute(
      bed.news.t.database.db,
    );
    const after = await rawGet(path);
    expect(after.body.toString('utf8')).toContain('Vue par la porte');
    expect(after.headers.etag).not.toBe(kept.headers.etag);
    expect(atTheDoor.length).toBe(answered + 1);
  });
});
