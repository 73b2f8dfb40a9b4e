import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, uniqueEmail } from '../../test/support/app.ts';
import { createEmptyServerDatabase, engines } from '../../test/support/engines.ts';
import { buildServer } from '../app/server.ts';
import { type EngineKind, openDatabase } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import type { DB } from '../db/schema.ts';
import { loadConfig } from '../kernel/config.ts';
import { createMailer } from '../mail/mailer.ts';
import { hashPassword } from './passwords.ts';
import { throttleCleaning, throttleService } from './throttle.service.ts';
import { usersRepository } from './users.repository.ts';

const PASSWORD = 'the right password';

/**
 * The servers the limits are tried on: on PostgreSQL, two servers with their own connections to
 * one database, as two processes behind a load balancer; on PGlite, which one process holds, one.
 */
type Servers = { apps: FastifyInstance[]; db: Kysely<DB>; close(): Promise<void> };

async function servers(engine: EngineKind): Promise<Servers> {
  if (engine === 'pglite') {
    const t = await createTestApp('pglite');
    return { apps: [t.app], db: t.database.db, close: () => t.close() };
  }
  const server = await createEmptyServerDatabase();
  const first = await openDatabase({ databaseUrl: server.url, poolSize: 3 });
  await migrate(first.db);
  const second = await openDatabase({ databaseUrl: server.url, poolSize: 3 });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-throttle-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0' });
  const mailer = createMailer({ dataDir, from: config.mailFrom });
  const apps = [
    await buildServer({ config, database: first, mailer }),
    await buildServer({ config, database: second, mailer }),
  ];
  return {
    apps,
    db: first.db,
    async close() {
      for (const app of apps) await app.close();
      await first.close();
      await second.close();
      await server.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let address = 0;
/** a client from an address of its own (another documentation range than the test clients') */
const anotherAddress = () => `198.51.100.${(address++ % 250) + 1}`;

/** a form post from a client at an address, on one of the servers, after a page with a form */
async function postForm(
  app: FastifyInstance,
  remote: string,
  page: string,
  form: Record<string, string>,
  shownFirst = page,
): Promise<LightMyRequestResponse> {
  const client = new TestClient(app, remote);
  await client.get(shownFirst);
  return client.post(page, form);
}

const signIn = (app: FastifyInstance, remote: string, email: string, password: string) =>
  postForm(app, remote, '/connexion', { email, password });

/** the page without what differs from one request to the next (its token, what was typed) */
const stripped = (body: string) => body.replace(/value="[^"]*"/g, 'value=""');

/** what a refusal must say: the seconds to wait, the same words whoever the address is */
function expectRefused(res: LightMyRequestResponse, most: number) {
  expect(res.statusCode).toBe(429);
  const wait = Number(res.headers['retry-after']);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(most);
  expect(res.body).toContain('Trop de tentatives en peu de temps');
  expect(res.body).not.toContain('Adresse e-mail ou mot de passe incorrect');
}

/** the servers of one engine for a describe, and what its tests share */
function limited(engine: EngineKind) {
  const h = {
    s: undefined as unknown as Servers,
    app: (i: number) => h.s.apps[i % h.s.apps.length] as FastifyInstance,
    async account(): Promise<string> {
      const email = uniqueEmail('limited');
      await usersRepository(h.s.db).create({
        email,
        name: 'Limited',
        passwordHash: await hashPassword(PASSWORD),
        verified: true,
      });
      return email;
    },
    /** as if the wait were over: every closed door of that kind opens */
    async waitOver(kind: string) {
      await h.s.db
        .updateTable('auth_throttle')
        .set({ blocked_until: sql`now() - interval '1 second'` })
        .where('kind', '=', kind)
        .where('blocked_until', 'is not', null)
        .execute();
    },
  };
  beforeAll(async () => {
    h.s = await servers(engine);
  });
  afterAll(async () => h.s?.close());
  return h;
}

describe.each(engines())('limits on signing in, in the database, on %s', (engine) => {
  const h = limited(engine);
  const { app, account, waitOver } = h;

  it('slows the guesses at one account down after five, whichever server and client they come from', async () => {
    const real = await account();
    const ghost = uniqueEmail('ghost');
    const refusals: LightMyRequestResponse[] = [];
    for (const email of [real, ghost]) {
      for (let i = 0; i < 5; i++) {
        const res = await signIn(app(i), anotherAddress(), email, `guess ${i}`);
        expect(res.statusCode, `guess ${i} at ${email}`).toBe(401);
      }
      // the sixth is not even heard, the right password neither
      const sixth = await signIn(app(5), anotherAddress(), email, PASSWORD);
      expectRefused(sixth, 2);
      refusals.push(sixth);
    }
    // a refusal says nothing of whether the account exists
    const [forReal, forGhost] = refusals as [LightMyRequestResponse, LightMyRequestResponse];
    expect(stripped(forReal.body)).toBe(stripped(forGhost.body));
    expect(forReal.headers['retry-after']).toBe(forGhost.headers['retry-after']);

    // each further guess waits twice as long: 2 s, then 4, then 8
    for (const most of [4, 8]) {
      await waitOver('sign-in:account');
      expect((await signIn(app(1), anotherAddress(), real, 'again')).statusCode).toBe(401);
      expectRefused(await signIn(app(0), anotherAddress(), real, PASSWORD), most);
    }
    // once the wait is over, the right password opens the account, and its count starts again
    await waitOver('sign-in:account');
    expect((await signIn(app(0), anotherAddress(), real, PASSWORD)).statusCode).toBe(303);
    for (let i = 0; i < 5; i++) {
      expect((await signIn(app(i), anotherAddress(), real, `later ${i}`)).statusCode).toBe(401);
    }
    expectRefused(await signIn(app(1), anotherAddress(), real, PASSWORD), 2);
  });

  it('slows one client down after thirty failures, on every account and every server', async () => {
    const client = anotherAddress();
    for (let i = 0; i < 30; i++) {
      const res = await signIn(app(i), client, uniqueEmail(`spray${i}`), 'Winter2025!');
      expect(res.statusCode, `attempt ${i}`).toBe(401);
    }
    const real = await account();
    expectRefused(await signIn(app(1), client, real, PASSWORD), 2);
    // another client signs in to that account at once
    expect((await signIn(app(0), anotherAddress(), real, PASSWORD)).statusCode).toBe(303);
  });
});

describe.each(engines())('limits on the other account forms, in the database, on %s', (engine) => {
  const h = limited(engine);
  const { app, account } = h;

  it('limits the sign-up, forgotten-password and reset forms, alike for known and unknown addresses', async () => {
    const real = await account();
    const ghost = uniqueEmail('ghost');
    const pages: string[] = [];
    for (const email of [real, ghost]) {
      for (let i = 0; i < 3; i++) {
        const res = await postForm(app(i), anotherAddress(), '/mot-de-passe-oublie', { email });
        expect(res.statusCode).toBe(303);
      }
      const fourth = await postForm(app(3), anotherAddress(), '/mot-de-passe-oublie', { email });
      expectRefused(fourth, 2);
      pages.push(stripped(fourth.body));
    }
    expect(pages[0]).toBe(pages[1]);

    for (let i = 0; i < 3; i++) {
      const res = await postForm(app(i), anotherAddress(), '/inscription', {
        name: 'Again',
        email: real,
        password: 'a long enough password',
      });
      expect(res.statusCode).toBe(303);
    }
    const signUp = await postForm(app(1), anotherAddress(), '/inscription', {
      name: 'Again',
      email: real,
      password: 'a long enough password',
    });
    expectRefused(signUp, 2);

    const client = anotherAddress();
    const guess = { token: 'x'.repeat(43), password: 'a new password', confirm: 'a new password' };
    const reset = (i: number) =>
      postForm(app(i), client, '/reinitialiser-mot-de-passe', guess, '/mot-de-passe-oublie');
    for (let i = 0; i < 10; i++) expect((await reset(i)).statusCode).toBe(400);
    expectRefused(await reset(10), 2);
  });

  it('drops the counters of quiet windows, and no other', async () => {
    const row = (key: string, lastAt: string, blockedUntil: string | null) => ({
      kind: 'test:cleaning',
      key,
      attempts: 9,
      last_at: sql<Date>`now() - ${lastAt}::interval`,
      blocked_until: blockedUntil === null ? null : sql<Date>`now() + ${blockedUntil}::interval`,
    });
    const insert = () =>
      h.s.db
        .insertInto('auth_throttle')
        .values([
          row('quiet', '1 hour', null),
          row('quiet, door opened', '20 minutes', '-5 minutes'),
          row('recent', '1 minute', null),
          row('still closed', '20 minutes', '5 minutes'),
        ])
        .execute();
    const left = async () =>
      (
        await h.s.db
          .selectFrom('auth_throttle')
          .select('key')
          .where('kind', '=', 'test:cleaning')
          .orderBy('key')
          .execute()
      ).map((r) => r.key);
    await insert();
    expect(await throttleService(h.s.db).cleanUp()).toBeGreaterThanOrEqual(2);
    expect(await left()).toEqual(['recent', 'still closed']);

    // every server process cleans at its start, then now and then
    await h.s.db.deleteFrom('auth_throttle').where('kind', '=', 'test:cleaning').execute();
    await insert();
    const task = throttleCleaning(throttleService(h.s.db));
    task.start({ error: () => undefined } as never);
    await task.stop();
    expect(await left()).toEqual(['recent', 'still closed']);
  });
});
