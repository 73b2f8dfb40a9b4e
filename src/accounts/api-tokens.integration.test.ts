import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import type { Role } from '../db/schema.ts';
import { hashSecret } from './passwords.ts';
import { SESSION_COOKIE } from './session.hooks.ts';
import { usersRepository } from './users.repository.ts';

const SECRET = /totem_[\w-]{43}/;

/** an API call with a personal token, as a script makes it: no cookie, no CSRF token */
function withToken(
  app: FastifyInstance,
  token: string,
  request: { method?: 'GET' | 'POST'; url: string; payload?: object; cookie?: string },
) {
  return app.inject({
    method: request.method ?? 'GET',
    url: request.url,
    payload: request.payload,
    headers: {
      authorization: `Bearer ${token}`,
      ...(request.cookie ? { cookie: request.cookie } : {}),
    },
  });
}

/** a token made on the account page: its secret, as the page shows it once */
async function createOnPage(client: TestClient, name: string): Promise<string> {
  await client.get('/compte');
  const created = await client.post('/compte/jetons', { name });
  expect(created.statusCode).toBe(303);
  expect(created.headers.location).toBe('/compte');
  const page = await client.follow(created);
  const secret = SECRET.exec(page.body)?.[0];
  if (!secret) throw new Error(`no token shown on the account page:\n${page.body.slice(0, 500)}`);
  return secret;
}

function useApp(engine: Parameters<typeof createTestApp>[0]) {
  const ref: {
    t: TestApp;
    person(role?: Role): Promise<{ client: TestClient; email: string; id: string }>;
  } = {
    t: undefined as unknown as TestApp,
    async person(role: Role = 'member') {
      const email = uniqueEmail('token');
      const client = await signUp(ref.t.app, { email, name: 'Script Owner' });
      const users = usersRepository(ref.t.database.db);
      const user = await users.findByEmail(email);
      if (!user) throw new Error('not signed up');
      if (role !== 'member') await users.setRole(user.id, role);
      return { client, email, id: user.id };
    },
  };
  beforeAll(async () => {
    ref.t = await createTestApp(engine);
  });
  afterAll(async () => ref.t?.close());
  return ref;
}

describe.each(engines())('API tokens on the account page on %s', (engine) => {
  const s = useApp(engine);

  it('creates a named token, shows its secret once with a warning, and lists it', async () => {
    const { client, id } = await s.person();
    const empty = await client.get('/compte');
    expect(empty.body).toContain('Jetons d’API');
    expect(empty.body).toContain('Aucun jeton pour le moment.');

    const secret = await createOnPage(client, 'Export <nocturne>');
    const shown = await client.get('/compte');
    // the redirect's page showed it; this one, the next, does not
    expect(shown.body).not.toContain(secret);
    expect(shown.body).toContain('Export &lt;nocturne&gt;');
    expect(shown.body).toContain(`${secret.slice(0, 12)}…`);
    expect(shown.body).toContain('Jamais');

    // only a hash and the first characters are stored
    const rows = await s.t.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashSecret(secret));
    expect(rows[0]?.prefix).toBe(secret.slice(0, 12));
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('says the warning once, in the person’s language, and explains an empty name', async () => {
    const { client } = await s.person();
    await client.get('/en/account');
    const created = await client.post('/en/account/jetons', { name: 'Nightly' });
    expect(created.headers.location).toBe('/en/account');
    const page = await client.follow(created);
    expect(page.body).toContain('Your new token “Nightly”');
    expect(page.body).toContain('it will not be shown again');
    expect(page.body).toMatch(SECRET);

    const french = await client.get('/compte');
    expect(french.body).not.toMatch(SECRET);
    const blank = await client.post('/compte/jetons', { name: '   ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.body).toContain('Ce champ est obligatoire.');
    const long = await client.post('/compte/jetons', { name: 'x'.repeat(101) });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Ce texte est trop long.');
  });

  it('revokes a token from the page: it stops at once and leaves the list', async () => {
    const { client } = await s.person();
    const secret = await createOnPage(client, 'À révoquer');
    expect((await withToken(s.t.app, secret, { url: '/api/v1/me' })).statusCode).toBe(200);
    const listed = await client.get('/compte');
    const action = /action="(\/compte\/jetons\/\d+\/revoquer)"/.exec(listed.body)?.[1];
    expect(action).toBeDefined();
    const revoked = await client.post(action ?? '', {});
    expect(revoked.statusCode).toBe(303);
    const after = await client.follow(revoked);
    expect(after.body).toContain('Le jeton est révoqué');
    expect(after.body).not.toContain('À révoquer');
    const refused = await withToken(s.t.app, secret, { url: '/api/v1/me' });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('API_TOKEN_INVALID');
  });

  it('answers 400 to an id that is not one, 404 to another person’s or an unknown token', async () => {
    const owner = await s.person();
    const other = await s.person();
    const secret = await createOnPage(owner.client, 'Le mien');
    const [row] = await s.t.database.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', owner.id)
      .execute();
    await other.client.get('/compte');
    const theirs = await other.client.post(`/compte/jetons/${row?.id}/revoquer`, {});
    expect(theirs.statusCode).toBe(404);
    expect((await withToken(s.t.app, secret, { url: '/api/v1/me' })).statusCode).toBe(200);
    expect((await other.client.post('/compte/jetons/999999/revoquer', {})).statusCode).toBe(404);
    const malformed = await other.client.post('/compte/jetons/abc/revoquer', {});
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('La requête est incorrecte.');
  });
});

describe.each(engines())('API tokens on the API on %s', (engine) => {
  const s = useApp(engine);

  it('acts as its owner, with the owner’s role as it is now, and records the last use once a minute', async () => {
    const { client, email, id } = await s.person();
    const secret = await createOnPage(client, 'Script');
    const me = await withToken(s.t.app, secret, { url: '/api/v1/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id, email, role: 'member' });

    const lastUse = async () =>
      (
        await s.t.database.db
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('user_id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    const first = await lastUse();
    expect(first).toBeInstanceOf(Date);
    await withToken(s.t.app, secret, { url: '/api/v1/me' });
    expect(await lastUse()).toEqual(first);
    // a minute later, the next use is recorded
    await s.t.database.db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(Date.now() - 90_000) })
      .where('user_id', '=', id)
      .execute();
    const old = await lastUse();
    await withToken(s.t.app, secret, { url: '/api/v1/me' });
    expect((await lastUse())?.getTime()).toBeGreaterThan(old?.getTime() ?? 0);
    const page = await client.get('/compte');
    expect(page.body).not.toContain('Jamais');

    await usersRepository(s.t.database.db).setRole(id, 'staff');
    expect((await withToken(s.t.app, secret, { url: '/api/v1/me' })).json().role).toBe('staff');
  });

  it('revokes by a POST with the token and no CSRF token; a token cannot make tokens', async () => {
    const { client } = await s.person();
    const secret = await createOnPage(client, 'Principal');
    const spare = await createOnPage(client, 'De secours');
    const list = await withToken(s.t.app, secret, { url: '/api/v1/me/tokens' });
    expect(list.statusCode).toBe(200);
    const tokens = list.json().tokens as { id: number; name: string; token?: string }[];
    expect(tokens.map((x) => x.name)).toEqual(['De secours', 'Principal']);
    expect(JSON.stringify(tokens)).not.toContain(secret);

    const spareId = tokens[0]?.id;
    const revoked = await withToken(s.t.app, secret, {
      method: 'POST',
      url: `/api/v1/me/tokens/${spareId}/revoke`,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: spareId, name: 'De secours' });
    expect((await withToken(s.t.app, spare, { url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await withToken(s.t.app, secret, { url: '/api/v1/me' })).statusCode).toBe(200);

    const minted = await withToken(s.t.app, secret, {
      method: 'POST',
      url: '/api/v1/me/tokens',
      payload: { name: 'Copie' },
    });
    expect(minted.statusCode).toBe(403);
    expect(minted.json().error.code).toBe('API_TOKEN_SESSION_REQUIRED');

    const again = await withToken(s.t.app, secret, {
      method: 'POST',
      url: `/api/v1/me/tokens/${spareId}/revoke`,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await withToken(s.t.app, secret, {
      method: 'POST',
      url: '/api/v1/me/tokens/abc/revoke',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toContain('abc');
  });

  it('creates a token from a session with its CSRF token, and refuses the same POST without', async () => {
    const { client } = await s.person();
    await client.get('/compte');
    const cookie = `${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}; totem_csrf=${client.cookies.get('totem_csrf')}`;
    const forged = await s.t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      payload: { name: 'Sans jeton CSRF' },
      headers: { cookie },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_INVALID');

    const created = await client.post('/api/v1/me/tokens', { name: 'Depuis la session' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ name: 'Depuis la session', last_used_at: null });
    expect(body.token).toMatch(SECRET);
    expect(body.prefix).toBe(body.token.slice(0, 12));
    expect((await withToken(s.t.app, body.token, { url: '/api/v1/me' })).statusCode).toBe(200);
    // a script in the browser: the header instead of the field, JSON, or no body at all
    const page = await client.get('/compte');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const headers = { cookie, 'x-csrf-token': csrf, 'accept-language': 'en' };
    const bare = await s.t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers });
    expect(bare.statusCode).toBe(201);
    expect(bare.json().name).toBe('API token');
    const json = await s.t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers,
      payload: { name: 'En JSON' },
    });
    expect(json.statusCode).toBe(201);
    expect(json.json().name).toBe('En JSON');
    const named = await client.post('/api/v1/me/tokens', { name: 'x'.repeat(101) });
    expect(named.statusCode).toBe(400);
    expect(named.json().error.code).toBe('BAD_REQUEST');
  });

  it('answers 401 in JSON to an unknown, empty or revoked token, never falling back to the cookie', async () => {
    const { client } = await s.person();
    const cookie = `${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}`;
    expect((await s.t.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);
    for (const token of ['totem_unknown', '', 'not-even-ours', 'x'.repeat(500)]) {
      const res = await withToken(s.t.app, token, { url: '/api/v1/me', cookie });
      expect(res.statusCode, token).toBe(401);
      const { error } = res.json();
      expect(error.code).toBe('API_TOKEN_INVALID');
      expect(error.message).toContain('jeton');
      expect(error.request_id).toBe(res.headers['x-request-id']);
    }
    const english = await s.t.app.inject({
      url: '/api/v1/me',
      headers: { authorization: 'Bearer totem_nope', 'accept-language': 'en' },
    });
    expect(english.json().error.message).toContain('API token');
    // tokens open the API only: on a page the header is not read
    const secret = await createOnPage(client, 'Pas pour les pages');
    const page = await s.t.app.inject({
      url: '/compte',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(page.statusCode).toBe(401);
  });
});
