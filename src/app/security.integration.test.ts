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

const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe.each(engines())('CSRF tokens and cookies over HTTPS on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { TRUST_PROXY: '1' });
  });
  afterAll(async () => t?.close());

  it('refuses a secret and a token planted in a signed-in browser from another session', async () => {
    // someone gets a secret and a token of their own, as any visitor can
    const attacker = new TestClient(t.app);
    const page = await attacker.get('/mot-de-passe-oublie');
    const plantedSecret = attacker.cookies.get('totem_csrf') ?? '';
    const plantedToken = tokenOf(page.body);
    expect(plantedSecret).not.toBe('');
    expect(plantedToken).not.toBe('');
    // and plants the secret in a victim's browser, then has it post a form with the token
    const victim = await signUp(t.app, { email: uniqueEmail('victim') });
    victim.cookies.set('totem_csrf', plantedSecret);
    const forged = await victim.post('/deconnexion', {}, { csrf: plantedToken });
    expect(forged.statusCode).toBe(403);
    expect((await victim.get('/compte')).statusCode).toBe(200);
    // the victim's own form, shown to its session, still works
    await victim.get('/compte');
    expect((await victim.post('/deconnexion', {})).statusCode).toBe(303);
  });

  it('gives a new CSRF secret at every sign-in: the one held before is dropped', async () => {
    const email = uniqueEmail('renew');
    await signUp(t.app, { email });
    const browser = new TestClient(t.app);
    await browser.get('/connexion');
    const before = browser.cookies.get('totem_csrf') ?? '';
    expect(before).not.toBe('');
    const res = await browser.post('/connexion', { email, password: 'correct horse battery' });
    expect(res.statusCode).toBe(303);
    expect(browser.cookies.has('totem_csrf')).toBe(false);
    const page = await browser.get('/compte');
    const after = browser.cookies.get('totem_csrf') ?? '';
    expect(after).not.toBe('');
    expect(after).not.toBe(before);
    // the first page after it holds several forms: each one's token goes with the secret given
    const tokens = [...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
    expect(tokens.length).toBeGreaterThan(1);
    const first = await browser.post('/deconnexion', {}, { csrf: tokens[0] ?? '' });
    expect(first.statusCode).toBe(303);
  });

  it('marks every cookie Secure and asks browsers to stay on HTTPS when served over it', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const form = await t.app.inject({ url: '/connexion', headers: https });
    expect(form.headers['strict-transport-security']).toBe('max-age=15552000');
    const csrf = form.cookies.find((c) => c.name === 'totem_csrf');
    expect(csrf?.secure).toBe(true);
    expect(csrf?.httpOnly).toBe(true);
    // a form answered by a redirect leaves its notice in a Secure cookie too
    const reset = await t.app.inject({
      method: 'POST',
      url: '/mot-de-passe-oublie',
      headers: {
        ...https,
        cookie: `totem_csrf=${csrf?.value}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        email: uniqueEmail('nobody'),
        _csrf: tokenOf(form.body),
      }).toString(),
    });
    expect(reset.statusCode).toBe(303);
    const flash = reset.cookies.find((c) => c.name === 'totem_flash');
    expect(flash?.secure).toBe(true);
    // over plain HTTP, no such header (browsers would ignore it) and no Secure flag
    const plain = await t.app.inject({ url: '/connexion' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.cookies.find((c) => c.name === 'totem_csrf')?.secure).toBeFalsy();
  });
});

describe.each(engines())(
  'text no person types, and words that look like query syntax, on %s',
  (engine) => {
    let t: TestApp;
    let org: { id: string; slug: string };
    beforeAll(async () => {
      // the index answers searches even on this small register, so that both paths are tried
      t = await createTestApp(engine, { SEARCH_INDEX_MIN_ORGANISATIONS: '0' });
      org = await buildOrganisation(t.database.db, { name: 'Nœud Numérique' });
    });
    afterAll(async () => t?.close());

    it('answers a NUL in an address, a query or a form with 400 and a message, never a 500', async () => {
      const visitor = new TestClient(t.app);
      for (const url of [
        '/annuaire/%00',
        '/api/v1/organisations/%00',
        '/actualites?tag=%00',
        '/annuaire?q=a%00b',
        '/api/v1/organisations?q=%01',
        `/annuaire/${org.slug}?x=%1b`,
      ]) {
        const res = await visitor.get(url);
        expect(res.statusCode, url).toBe(400);
        expect(res.body, url).toMatch(/caractères non admis|not allowed/);
      }
      const api = await visitor.get('/api/v1/organisations/%00');
      expect(api.json().error.code).toBe('INVALID_TEXT');
    });

    it('stores nothing from a form whose fields hold a NUL', async () => {
      const name = 'Personne\u0000Nulle';
      const client = new TestClient(t.app);
      await client.get('/inscription');
      const res = await client.post('/inscription', {
        name,
        email: uniqueEmail('nul'),
        password: 'correct horse battery',
      });
      expect(res.statusCode).toBe(400);
      const users = await t.database.db
        .selectFrom('users')
        .select('id')
        .where('name', 'like', 'Personne%')
        .execute();
      expect(users).toEqual([]);
    });

    it('searches words that removing accents turns into query syntax', async () => {
      const visitor = new TestClient(t.app);
      for (const q of ['ŉ', '⑴', '㈱', 'ǅ (x', "l'ŉ ⑴ nœud", '\\', '!', ':*', '& |']) {
        const page = await visitor.get(`/annuaire?q=${encodeURIComponent(q)}`);
        expect(page.statusCode, q).toBe(200);
        const api = await visitor.get(`/api/v1/organisations?q=${encodeURIComponent(q)}`);
        expect(api.statusCode, q).toBe(200);
      }
      const found = await visitor.get(`/api/v1/organisations?q=${encodeURIComponent('nœud ŉ')}`);
      expect(found.statusCode).toBe(200);
      const named = await visitor.get('/api/v1/organisations?q=noeud');
      expect(named.json().items.map((i: { slug: string }) => i.slug)).toContain(org.slug);
    });
  },
);
