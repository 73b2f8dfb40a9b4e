import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersRepository } from '../src/accounts/users.repository.ts';
import type { Role } from '../src/db/schema.ts';
import { createTestApp, signUp, type TestApp, TestClient, uniqueEmail } from './support/app.ts';
import { buildOrganisation } from './support/factories.ts';

/**
 * Every route against every role. A route added without a line here fails the first test, so
 * nobody adds a page or an endpoint without deciding who may use it.
 *
 * ok: the route serves this role (any answer but 401/403: a form may answer 422 to an empty post)
 * login: a visitor is asked to sign in (401)
 * deny: refused (403)
 */
type Outcome = 'ok' | 'login' | 'deny';
type Who = 'visitor' | Role;
const WHO: Who[] = ['visitor', 'member', 'reviewer', 'staff', 'admin'];

const everyone: Record<Who, Outcome> = {
  visitor: 'ok',
  member: 'ok',
  reviewer: 'ok',
  staff: 'ok',
  admin: 'ok',
};
const signedInOnly: Record<Who, Outcome> = { ...everyone, visitor: 'login' };
const staffOnly: Record<Who, Outcome> = {
  visitor: 'login',
  member: 'deny',
  reviewer: 'deny',
  staff: 'ok',
  admin: 'ok',
};
const adminOnly: Record<Who, Outcome> = {
  visitor: 'login',
  member: 'deny',
  reviewer: 'deny',
  staff: 'deny',
  admin: 'ok',
};

const MATRIX: Record<string, Record<Who, Outcome>> = {
  'GET /': everyone,
  'GET /favicon.ico': everyone,
  'GET /healthz': everyone,
  'GET /readyz': everyone,
  'GET /api/openapi.json': everyone,
  'GET /api/v1/hub': everyone,
  'GET /api/v1/me': signedInOnly,
  'GET /connexion': everyone,
  'POST /connexion': everyone,
  'GET /inscription': everyone,
  'POST /inscription': everyone,
  'POST /deconnexion': signedInOnly,
  'GET /mot-de-passe-oublie': everyone,
  'POST /mot-de-passe-oublie': everyone,
  'GET /reinitialiser-mot-de-passe': everyone,
  'POST /reinitialiser-mot-de-passe': everyone,
  'GET /compte': signedInOnly,
  'GET /annuaire': everyone,
  'GET /annuaire/:slug': everyone,
  'GET /api/v1/organisations': everyone,
  'GET /api/v1/organisations.csv': everyone,
  'GET /api/v1/organisations.json': everyone,
  'GET /api/v1/organisations/:slug': everyone,
  'GET /admin': staffOnly,
  'GET /annuaire/:slug/modifier': signedInOnly,
  'POST /annuaire/:slug/modifier': signedInOnly,
  'POST /annuaire/:slug/revendiquer': signedInOnly,
  'POST /annuaire/:slug/fusionner': staffOnly,
  // relations and funding rounds: signed-in people reach them; membership is checked per organisation
  'GET /annuaire/:slug/relations': signedInOnly,
  'POST /annuaire/:slug/relations': signedInOnly,
  'GET /annuaire/:slug/relations/:id': signedInOnly,
  'POST /annuaire/:slug/relations/:id': signedInOnly,
  'POST /annuaire/:slug/relations/:id/supprimer': signedInOnly,
  'GET /annuaire/:slug/levees': signedInOnly,
  'POST /annuaire/:slug/levees': signedInOnly,
  'GET /annuaire/:slug/levees/:id': signedInOnly,
  'POST /annuaire/:slug/levees/:id': signedInOnly,
  'POST /annuaire/:slug/levees/:id/supprimer': signedInOnly,
  'GET /admin/revendications': staffOnly,
  'GET /admin/imports': staffOnly,
  'GET /admin/parametres': staffOnly,
  'POST /admin/parametres': staffOnly,
  'POST /admin/imports': staffOnly,
  'POST /admin/revendications/:id': staffOnly,
  // news
  'GET /actualites': everyone,
  'GET /actualites/flux.rss': everyone,
  'GET /actualites/flux.atom': everyone,
  'GET /actualites/:slug': everyone,
  'GET /actualites/fichiers/:id/:name': everyone,
  'GET /sitemap.xml': everyone,
  'GET /robots.txt': everyone,
  'GET /actualites/proposer': signedInOnly,
  'POST /actualites/proposer': signedInOnly,
  'GET /admin/actualites': staffOnly,
  'GET /admin/actualites/nouveau': staffOnly,
  'POST /admin/actualites/nouveau': staffOnly,
  'GET /admin/actualites/:id/:lang': staffOnly,
  'POST /admin/actualites/:id/:lang': staffOnly,
  'GET /admin/actualites/:id/:lang/apercu': staffOnly,
  'POST /admin/actualites/:id/:lang/reessayer': staffOnly,
  'POST /admin/actualites/:id/refuser': staffOnly,
  'GET /admin/actualites/:id/revisions': staffOnly,
  'GET /admin/actualites/:id/revisions/:version': staffOnly,
  'POST /admin/actualites/:id/revisions/:version/restaurer': staffOnly,
  'POST /admin/actualites/:id/fichiers': staffOnly,
  'POST /admin/actualites/:id/fichiers/:file/supprimer': staffOnly,
  // observatory
  'GET /observatoire': everyone,
  'GET /observatoire/objectifs/:id': everyone,
  'GET /observatoire/objectifs/:id/historique.csv': everyone,
  'GET /observatoire/objectifs/:id/organisations.csv': everyone,
  'GET /observatoire/donnees/:chart': everyone,
  'GET /observatoire/organisations': everyone,
  'GET /observatoire/organisations.csv': everyone,
  'GET /observatoire/feuille-de-route': everyone,
  'GET /api/v1/objectives': everyone,
  'GET /api/v1/objectives/:id': everyone,
  'GET /api/v1/indicators/per-year': everyone,
  'GET /admin/observatoire': staffOnly,
  'POST /admin/observatoire/recalculer': staffOnly,
  'GET /admin/observatoire/objectifs/nouveau': staffOnly,
  'POST /admin/observatoire/objectifs/nouveau': staffOnly,
  'GET /admin/observatoire/objectifs/:id': staffOnly,
  'POST /admin/observatoire/objectifs/:id': staffOnly,
  'GET /admin/observatoire/objectifs/:id/supprimer': staffOnly,
  'POST /admin/observatoire/objectifs/:id/supprimer': staffOnly,
  'GET /admin/observatoire/jalons/nouveau': staffOnly,
  'POST /admin/observatoire/jalons/nouveau': staffOnly,
  'GET /admin/observatoire/jalons/:id': staffOnly,
  'POST /admin/observatoire/jalons/:id': staffOnly,
  'GET /admin/observatoire/jalons/:id/supprimer': staffOnly,
  'POST /admin/observatoire/jalons/:id/supprimer': staffOnly,
  'GET /admin/outbox': adminOnly,
  'GET /admin/outbox/:id': adminOnly,
};

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
};
const namesAnOrganisation = (url: string) =>
  url.startsWith('/annuaire/:slug') || url.startsWith('/api/v1/organisations/:slug');

/** routes served by plugins (static files, the API's documentation): public, not in the matrix */
const isPluginRoute = (url: string) => url.startsWith('/assets/') || url.startsWith('/api/docs');

describe('every route against every role', () => {
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
    t = await createTestApp('pglite');
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
        if (method === 'POST') await client.get('/mot-de-passe-oublie');
        const res = method === 'GET' ? await client.get(concrete) : await client.post(concrete, {});
        expect(res.statusCode, `${route} as ${who}`).toBeLessThan(500);
        seen[who] = res.statusCode === 401 ? 'login' : res.statusCode === 403 ? 'deny' : 'ok';
        // signing out (or in) changes who the client is: the next route gets a fresh one
        if (method === 'POST') clients.set(who, await clientFor(who));
      }
      expect(seen).toEqual(expected);
    });
  }
});

describe('every route at a merged organisation’s address, against every role', () => {
  let t: TestApp;
  const clients = new Map<Who, TestClient>();
  let duplicate: { id: string; slug: string };
  let kept: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestApp('pglite');
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
});
