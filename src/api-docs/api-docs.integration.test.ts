import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TestClient } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

describe.each(engines())('the API reference on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('draws every operation of the OpenAPI document on the server, without a script', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const res = await new TestClient(t.app).get('/api/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).not.toMatch(/<script/);
    expect(res.body).not.toContain('swagger-ui-bundle');
    const text = plain(res.body);
    expect(text).toContain('Documentation de l’API');
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        expect(text).toContain(`${method.toUpperCase()} ${path}`);
      }
    }
  });

  it('shows parameters, request and response schemas, and the error codes', async () => {
    const res = await new TestClient(t.app).get('/api/docs');
    const text = plain(res.body);
    // a query parameter with its type and allowed values
    expect(res.body).toContain('id="get-api-v1-hub"');
    expect(text).toMatch(/lang .*requête/);
    // a request body's properties, and a response's
    expect(text).toContain('Corps de la requête');
    expect(text).toContain('Corps de la réponse 200');
    expect(text).toMatch(/request_id/);
    // the platform's and the capabilities' codes, with their status and French message
    expect(text).toMatch(/NOT_FOUND 404/);
    expect(text).toMatch(/CONTACT_UNAVAILABLE 409/);
    expect(text).toMatch(/OBJECTIVE_DELETED 410/);
  });

  it('answers in English at /en/api/docs, and keeps the interactive explorer apart', async () => {
    const visitor = new TestClient(t.app);
    const en = await visitor.get('/en/api/docs');
    expect(en.statusCode).toBe(200);
    expect(plain(en.body)).toContain('API documentation');
    expect(plain(en.body)).toContain('Request body');
    expect(en.body).toContain('lang="en"');
    const home = await visitor.get('/en');
    expect(home.body).toContain('href="/en/api/docs"');
    const explorer = await t.app.inject('/api/docs/explorer/');
    expect(explorer.statusCode).toBe(200);
  });
});
