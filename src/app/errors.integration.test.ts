import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { anyone } from '../kernel/policy.ts';

describe.each(engines())('the HTTP shell on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
    // a route that fails the way a bug would, to see the 500 answer
    t.app.get('/test-only/boom', { config: { access: anyone } }, async () => {
      throw new Error('kaboom: internal detail');
    });
    t.app.get('/api/v1/test-only/boom', { config: { access: anyone } }, async () => {
      throw new Error('kaboom: internal detail');
    });
  });
  afterAll(async () => t?.close());

  it('answers /healthz and /readyz as JSON', async () => {
    const health = await t.app.inject('/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', database: engine });
  });

  it('has an icon, linked from every page and at the address browsers ask first', async () => {
    const home = await t.app.inject('/');
    expect(home.body).toMatch(
      /<link rel="icon" href="\/assets\/favicon\.svg\?v=[\w-]{12}" type="image\/svg\+xml"\/>/,
    );
    const ico = await t.app.inject('/favicon.ico');
    expect(ico.statusCode).toBe(301);
    expect(ico.headers.location).toBe('/assets/favicon.svg');
    const svg = await t.app.inject('/assets/favicon.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
  });

  it('serves a 404 page in the visitor’s language', async () => {
    const fr = await t.app.inject('/nulle-part');
    expect(fr.statusCode).toBe(404);
    expect(fr.headers['content-type']).toContain('text/html');
    expect(fr.body).toContain('Page introuvable');
    expect(fr.body).toContain('<html lang="fr"');
    const en = await t.app.inject('/en/nowhere');
    expect(en.statusCode).toBe(404);
    expect(en.body).toContain('Page not found');
    expect(en.body).toContain('<html lang="en"');
  });

  it('answers API errors as {"error": {"code", "message"}}', async () => {
    const res = await t.app.inject({
      url: '/api/v1/nothing',
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('does not exist') },
    });
    const bad = await t.app.inject('/api/v1/hub?lang=de');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('hides an unexpected error behind a 500 with a request id', async () => {
    const page = await t.app.inject('/test-only/boom');
    expect(page.statusCode).toBe(500);
    expect(page.body).toContain('Erreur du serveur');
    expect(page.body).not.toContain('kaboom');
    const requestId = String(page.headers['x-request-id']);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.body).toContain(`<code>${requestId}</code>`);
    const api = await t.app.inject('/api/v1/test-only/boom');
    expect(api.statusCode).toBe(500);
    const body = api.json();
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toContain('kaboom');
  });

  it('refuses a body that is too large with 413, and broken JSON with 400', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/connexion',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${'a'.repeat(1_100_000)}`,
    });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('Envoi trop volumineux');
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('BAD_REQUEST');
  });

  it('sends the security headers: CSP without inline scripts, nosniff, frame-ancestors, referrer policy', async () => {
    const res = await t.app.inject('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('renders the home page in French and English with the same structure', async () => {
    const fr = await new TestClient(t.app).get('/');
    expect(fr.statusCode).toBe(200);
    expect(fr.body).toContain('Digital Grenoble');
    expect(fr.body).toContain('Champs de développement');
    expect(fr.body).toContain('Objets connectés');
    expect(fr.body).toContain('12 novembre 2014');
    expect(fr.body).toContain('Grenoble-Alpes-Métropole');
    expect(fr.body).toContain('href="#main"');
    expect(fr.body).toContain('href="/en"');
    const en = await new TestClient(t.app).get('/en');
    expect(en.body).toContain('Fields of development');
    expect(en.body).toContain('Connected objects');
    expect(en.body).toContain('12 November 2014');
    expect(en.body).toContain('href="/"');
  });

  it('keeps the current page when switching language', async () => {
    const en = await t.app.inject('/en/connexion');
    expect(/<a href="([^"]+)"[^>]*class="lang-switch"/.exec(en.body)?.[1]).toBe('/connexion');
    const fr = await t.app.inject('/mot-de-passe-oublie?x=1');
    expect(/<a href="([^"]+)"[^>]*class="lang-switch"/.exec(fr.body)?.[1]).toBe(
      '/en/mot-de-passe-oublie?x=1',
    );
  });

  it('publishes an OpenAPI 3 document generated from the schemas, and readable docs', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/hub', '/api/v1/me']));
    expect(doc.paths['/api/v1/hub'].get.parameters[0].name).toBe('lang');
    expect(Object.keys(doc.paths)).not.toContain('/connexion');
    const explorer = await t.app.inject('/api/docs/explorer/');
    expect(explorer.statusCode).toBe(200);
    expect(explorer.body).toContain('swagger');
  });
});
