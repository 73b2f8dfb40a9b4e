import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';

const PASSWORD = 'correct horse battery';

/**
 * What a browser does with a Location header: resolves it against the page's address. A value
 * that lands on another host, or that a browser would read as another host once it drops tabs
 * and newlines and turns backslashes into slashes, is a way out of the site.
 */
function staysOnSite(location: string): boolean {
  if (/[\p{Cc}\\\s]/u.test(location)) return false;
  const site = 'https://hub.example';
  return new URL(location, site).origin === site && !location.startsWith('//');
}

/** `next` values that try to leave the site after the sign-in, each in its own way */
const HOSTILE: [label: string, next: string][] = [
  ['a tab', '/\t/evil.example'],
  ['an encoded tab', '/%09/evil.example'],
  ['a newline', '/\n/evil.example'],
  ['CRLF', '/\r\nLocation: https://evil.example'],
  ['an encoded CRLF', '/%0d%0aSet-Cookie:%20x=1'],
  ['an ideographic space', '/\u3000/evil.example'],
  ['a backslash after the slash', '/\\evil.example'],
  ['two backslashes', '\\\\evil.example'],
  ['a backslash then a slash', '\\/evil.example'],
  ['an encoded backslash', '/%5Cevil.example'],
  ['two slashes', '//evil.example'],
  ['three slashes', '///evil.example'],
  ['encoded slashes', '/%2F%2Fevil.example'],
  ['encoded slashes twice', '/%252F%252Fevil.example'],
  ['mixed encodings', '/%2F\\evil.example'],
  ['an absolute address', 'https://evil.example'],
  ['a scheme-relative address with a tab', '/\t\\evil.example/'],
  ['javascript:', 'javascript:alert(document.domain)'],
  ['a data: address', 'data:text/html,<script>alert(1)</script>'],
  ['a relative path', 'evil.example'],
  ['a broken encoding', '/%E0%A4%A'],
  ['a zero-width space', '/\u200b/evil.example'],
];

describe.each(engines())('where a sign-in leads on %s', (engine) => {
  let t: TestApp;
  let email: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    email = uniqueEmail('next');
    await signUp(t.app, { email });
  });
  afterAll(async () => t?.close());

  async function signInWith(next: string, prefix = '') {
    const client = new TestClient(t.app);
    await client.get(`${prefix}/connexion`);
    return client.post(`${prefix}/connexion`, { email, password: PASSWORD, next });
  }

  it.each(HOSTILE)('stays on the site after %s, and on the account page', async (_label, next) => {
    const res = await signInWith(next);
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(staysOnSite(location), JSON.stringify(location)).toBe(true);
    expect(location).toBe('/compte');
  });

  it('refuses a next holding NUL at the edge, as any text with it, and leads nowhere', async () => {
    const res = await signInWith('/\u0000/evil.example');
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toMatch(/caractères non admis/);
  });

  it('stays on the site when the hostile address comes in the sign-in page’s own link', async () => {
    const client = new TestClient(t.app);
    const page = await client.get(`/connexion?next=${encodeURIComponent('/\t/evil.example')}`);
    expect(page.statusCode).toBe(200);
    const res = await client.post('/connexion', { email, password: PASSWORD, next: '/\t/evil' });
    expect(res.headers.location).toBe('/compte');
  });

  it.each([
    ['/annuaire/acme', '/annuaire/acme'],
    ['/admin/utilisateurs?q=jean%20dupont&page=2', '/admin/utilisateurs?q=jean%20dupont&page=2'],
    ['/annuaire?q=caf%C3%A9#resultats', '/annuaire?q=caf%C3%A9#resultats'],
    ['/annuaire/./acme/../acme', '/annuaire/acme'],
  ])('follows a page of the site, %s', async (next, expected) => {
    const res = await signInWith(next);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(expected);
  });

  it('keeps the language of the sign-in page, whatever the page named', async () => {
    expect((await signInWith('/en/annuaire/acme', '/en')).headers.location).toBe(
      '/en/annuaire/acme',
    );
    expect((await signInWith('/en/annuaire/acme')).headers.location).toBe('/annuaire/acme');
    expect((await signInWith('/\t/evil.example', '/en')).headers.location).toBe('/en/account');
  });
});
