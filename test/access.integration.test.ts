import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersRepository } from '../src/accounts/users.repository.ts';
import { PLATFORM_ACCESS } from '../src/app/server.ts';
import { type AccessLine, type Outcome, WHO, type Who } from '../src/kernel/access.ts';
import { createTestApp, signUp, type TestApp, TestClient, uniqueEmail } from './support/app.ts';
import { engines } from './support/engines.ts';
import { buildOrganisation } from './support/factories.ts';
import { declaredModules } from './support/modules.ts';

/**
 * Every route against every role. A route added without a line in its capability's module
 * (`access`) fails the first test, so nobody adds a page or an endpoint without deciding who may
 * use it. The outcomes are those of src/kernel/access.ts.
 */
/** the whole matrix: the platform's lines, then each capability's (see src/kernel/access.ts) */
const MATRIX: Record<string, AccessLine> = Object.assign(
  { ...PLATFORM_ACCESS },
  ...declaredModules().map((m) => m.access ?? {}),
);

/**
 * The same routes at the address of a merged organisation: every role is led to the organisation
 * kept before any access rule runs, a page by 301 to the same page there, a form by 303 to its
 * profile (nothing written). A new route under an organisation's address needs a line here too.
 */
const MERGED: Record<string, 301 | 303> = {
  'GET /annuaire/:slug': 301,
  'GET /api/v1/organisations/:slug': 301,
  'GET /annuaire/:slug/modifier': 301,
  'POST /annuaire/:slug/modifier': 303,
  'POST /annuaire/:slug/revendiquer': 303,
  'POST /annuaire/:slug/revendications/:id/revoquer': 303,
  'POST /annuaire/:slug/fusionner': 303,
  'GET /annuaire/:slug/relations': 301,
  'POST /annuaire/:slug/relations': 303,
  'GET /annuaire/:slug/relations/:id': 301,
  'POST /annuaire/:slug/relations/:id': 303,
  'POST /annuaire/:slug/relations/:id/supprimer': 303,
  'GET /annuaire/:slug/levees': 301,
  'POST /annuaire/:slug/levees': 303,
  'GET /annuaire/:slug/levees/:id': 301,
  'POST /annuaire/:slug/levees/:id': 303,
  'POST /annuaire/:slug/levees/:id/supprimer': 303,
  'GET /api/v1/organisations/:slug/relations': 301,
  'POST /api/v1/organisations/:slug/relations': 303,
};
const namesAnOrganisation = (url: string) =>
  url.startsWith('/annuaire/:slug') || url.startsWith('/api/v1/organisations/:slug');

/** routes served by plugins (static files, the API's documentation): public, not in the matrix */
const isPluginRoute = (url: string) =>
  url.startsWith('/assets/') || url.startsWith('/api/docs/explorer');

describe.each(engines())('every route against every role (%s)', (engine) => {
  let t: TestApp;
  const clients = new Map<Who, TestClient>();

  async function clientFor(who: Who): Promise<TestClient> {
    if (who === 'visitor') return new TestClient(t.app);
    const email = uniqueEmail(who);
    const client = await signUp(t.app, { email });
    const users = usersRepository(t.database.db);
    const user = await users.findByEmail(email);
    if (!user) throw new Error('user not created');
    await users.setRole(user.id, who);
    return client;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    for (const who of WHO) clients.set(who, await clientFor(who));
  });
  afterAll(async () => t?.close());

  it('has a decision for every route the server knows', () => {
    const routes = new Set(
      t.app.routeTable.filter((r) => !isPluginRoute(r.url)).map((r) => `${r.method} ${r.url}`),
    );
    expect(routes.size).toBeGreaterThan(10);
    const missing = [...routes].filter((r) => !(r in MATRIX));
    const stale = Object.keys(MATRIX).filter((r) => !routes.has(r));
    expect(missing, 'routes without a line in the access matrix').toEqual([]);
    expect(stale, 'matrix lines for routes that no longer exist').toEqual([]);
  });

  for (const [route, expected] of Object.entries(MATRIX)) {
    it(route, async () => {
      const [method, url] = route.split(' ') as [string, string];
      const concrete = url
        .replace(':id', '2026-01-01T00-00-00-000Z_00000000')
        .replace(':slug', 'no-such-organisation');
      const seen: Record<string, Outcome> = {};
      for (const who of WHO) {
        const client = clients.get(who);
        if (!client) throw new Error(who);
        // a page with a form first, so that a POST carries a valid CSRF token
        if (method !== 'GET') await client.get('/mot-de-passe-oublie');
        // a form to a page, JSON (with the session's CSRF header) to the API
        const res =
          method === 'GET'
            ? await client.get(concrete)
            : method === 'POST' && !url.startsWith('/api/')
              ? await client.post(concrete, {})
              : await client.json(method as 'PATCH', concrete, {});
        expect(res.statusCode, `${route} as ${who}`).toBeLessThan(500);
        seen[who] = res.statusCode === 401 ? 'login' : res.statusCode === 403 ? 'deny' : 'ok';
        // signing out (or in) changes who the client is: the next route gets a fresh one
        if (method !== 'GET') clients.set(who, await clientFor(who));
      }
      expect(seen).toEqual(expected);
    });
  }
});

describe.each(engines())(
  'every route at a merged organisation’s address, against every role (%s)',
  (engine) => {
    let t: TestApp;
    const clients = new Map<Who, TestClient>();
    let duplicate: { id: string; slug: string };
    let kept: { id: string; slug: string };

    beforeAll(async () => {
      t = await createTestApp(engine);
      duplicate = await buildOrganisation(t.database.db, { name: 'Doublon Matrice' });
      kept = await buildOrganisation(t.database.db, { name: 'Fiche Matrice' });
      await t.database.db
        .updateTable('organisations')
        .set({ merged_into: kept.id })
        .where('id', '=', duplicate.id)
        .execute();
      for (const who of WHO) {
        if (who === 'visitor') {
          clients.set(who, new TestClient(t.app));
          continue;
        }
        const email = uniqueEmail(who);
        const client = await signUp(t.app, { email });
        const users = usersRepository(t.database.db);
        const user = await users.findByEmail(email);
        if (!user) throw new Error('user not created');
        await users.setRole(user.id, who);
        clients.set(who, client);
      }
    });
    afterAll(async () => t?.close());

    it('has a decision for every route under an organisation’s address', () => {
      const routes = t.app.routeTable
        .filter((r) => namesAnOrganisation(r.url))
        .map((r) => `${r.method} ${r.url}`);
      expect(new Set(routes)).toEqual(new Set(Object.keys(MERGED)));
    });

    for (const [route, expected] of Object.entries(MERGED)) {
      it(route, async () => {
        const [method, url] = route.split(' ') as [string, string];
        const at = (slug: string) => url.replace(':id', '1').replace(':slug', slug);
        const before = await t.database.db
          .selectFrom('organisations')
          .selectAll()
          .where('id', '=', duplicate.id)
          .executeTakeFirstOrThrow();
        for (const who of WHO) {
          const client = clients.get(who);
          if (!client) throw new Error(who);
          if (method === 'POST') await client.get('/mot-de-passe-oublie');
          const res =
            method === 'GET'
              ? await client.get(`${at(duplicate.slug)}?vue=1`)
              : await client.post(at(duplicate.slug), { description_fr: 'écrit au doublon' });
          expect(res.statusCode, `${route} as ${who}`).toBe(expected);
          expect(res.headers.location, `${route} as ${who}`).toBe(
            method === 'GET' ? `${at(kept.slug)}?vue=1` : `/annuaire/${kept.slug}`,
          );
        }
        const after = await t.database.db
          .selectFrom('organisations')
          .selectAll()
          .where('id', '=', duplicate.id)
          .executeTakeFirstOrThrow();
        expect(after).toEqual(before);
      });
    }
  },
);
