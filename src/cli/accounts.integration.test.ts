import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyServerDatabase } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { openAppDatabase, serverPidFile } from '../app/app-database.ts';
import { buildServer } from '../app/server.ts';
import type { Database } from '../db/engine.ts';
import { loadConfig } from '../kernel/config.ts';
import { createMailer } from '../mail/mailer.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/totem.js');
const TOKEN_LINE = /^totem_[\w-]{43}\n$/;

async function totem(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** the database the commands wrote to, opened here once they are done */
async function withDatabase<T>(
  env: Record<string, string>,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const database = await openAppDatabase(config);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** what the commands left: the account, its organisations, its history; and its token at work */
async function inspect(env: Record<string, string>, email: string, token: string) {
  return withDatabase(env, async (database) => {
    const db = database.db;
    const user = await db
      .selectFrom('users')
      .select(['id', 'role', 'password_hash'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const organisations = await db
      .selectFrom('organisation_members as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select('o.siren')
      .where('m.user_id', '=', user.id)
      .execute();
    const changes = await db
      .selectFrom('user_changes')
      .select(['change', 'actor_id'])
      .where('user_id', '=', user.id)
      .orderBy('id')
      .execute();
    const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
    const app = await buildServer({
      config,
      database,
      mailer: createMailer({ dataDir: config.dataDir, from: config.mailFrom }),
    });
    try {
      const me = await app.inject({
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      });
      return { user, organisations, changes, me: { status: me.statusCode, body: me.json() } };
    } finally {
      await app.close();
    }
  });
}

describe('totem users add and totem tokens create on the embedded database', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'totem-users-'));
    env = { DATA_DIR: dataDir, PUBLIC_URL: 'https://hub.example.org' };
    expect((await totem(['db', 'migrate'], env)).code).toBe(0);
    await withDatabase(env, (database) =>
      buildOrganisation(database.db, { name: 'Lentilles Alpines', siren: '552100554' }),
    );
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('creates an account attached to an organisation, then a token that opens the API as it', async () => {
    const email = 'operator.made@example.org';
    const added = await totem(
      ['users', 'add', '--email', email, '--role', 'staff', '--organisation', '552100554'],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`Account created: ${email} (staff)`);
    expect(added.stdout).toContain('Attached to: Lentilles Alpines (552100554)');
    expect(added.stdout).toMatch(
      /https:\/\/hub\.example\.org\/reinitialiser-mot-de-passe\?token=[\w-]{40,}/,
    );

    const token = await totem(['tokens', 'create', '--email', email, '--name', 'sauvegarde'], env);
    expect(token.code, token.stderr).toBe(0);
    // the token and only the token on standard output; the words for people on the other
    expect(token.stdout).toMatch(TOKEN_LINE);
    expect(token.stderr).toContain('will not be shown again');

    const found = await inspect(env, email, token.stdout.trim());
    expect(found.user).toMatchObject({ role: 'staff', password_hash: null });
    expect(found.organisations).toEqual([{ siren: '552100554' }]);
    expect(found.changes).toEqual([
      { change: 'created', actor_id: null },
      { change: 'organisation_added', actor_id: null },
      { change: 'token_created', actor_id: null },
    ]);
    expect(found.me).toMatchObject({ status: 200, body: { email, role: 'staff' } });
  });

  it('changes nothing for a taken address, an unknown SIREN or an unknown account, and says so', async () => {
    const email = 'already.here@example.org';
    expect((await totem(['users', 'add', '--email', email, '--role', 'member'], env)).code).toBe(0);
    const twice = await totem(
      ['users', 'add', '--email', email.toUpperCase(), '--role', 'admin'],
      env,
    );
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('An account already exists with the address');
    expect(twice.stdout).toBe('');

    const stranger = 'no.organisation@example.org';
    const unknown = await totem(
      ['users', 'add', '--email', stranger, '--role', 'member', '--organisation', '999999999'],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No organisation of the directory has the SIREN 999999999');
    const malformed = await totem(
      ['users', 'add', '--email', stranger, '--role', 'member', '--organisation', '12345'],
      env,
    );
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('A SIREN is nine digits');

    const noAccount = await totem(['tokens', 'create', '--email', stranger], env);
    expect(noAccount.code).toBe(1);
    expect(noAccount.stdout).toBe('');
    expect(noAccount.stderr).toContain(`No account has the address ${stranger}`);

    await withDatabase(env, async ({ db }) => {
      const rows = await db.selectFrom('users').select(['email', 'role']).execute();
      expect(rows.find((r) => r.email === email)?.role).toBe('member');
      expect(rows.find((r) => r.email === stranger)).toBeUndefined();
    });
  });

  it('exports the data of an account that asks by post, then erases it: it can no longer be found', async () => {
    const email = 'by.post@example.org';
    expect((await totem(['users', 'add', '--email', email, '--role', 'member'], env)).code).toBe(0);
    expect(
      (await totem(['tokens', 'create', '--email', email, '--name', 'posted'], env)).code,
    ).toBe(0);
    const exported = await totem(['users', 'export', '--email', email], env);
    expect(exported.code, exported.stderr).toBe(0);
    const data = JSON.parse(exported.stdout) as {
      account: { email: string };
      tables: { table: string; rows: { name?: string }[] }[];
    };
    expect(data.account.email).toBe(email);
    const tokens = data.tables.find((x) => x.table === 'api_tokens');
    expect(tokens?.rows.map((r) => r.name)).toEqual(['posted']);
    expect(exported.stdout).not.toContain('token_hash');

    const erased = await totem(['users', 'erase', '--email', email], env);
    expect(erased.code, erased.stderr).toBe(0);
    expect(erased.stdout).toContain(`Account of ${email} erased.`);
    const again = await totem(['users', 'export', '--email', email], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No account has the address ${email}`);
    await withDatabase(env, async ({ db }) => {
      const tokensLeft = await db
        .selectFrom('api_tokens')
        .select('name')
        .where('name', '=', 'posted')
        .execute();
      expect(tokensLeft).toEqual([]);
    });
  });

  it('refuses while a server uses the embedded database', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    // this test's own process stands for the running server
    await writeFile(serverPidFile(config), String(process.pid));
    try {
      const res = await totem(['tokens', 'create', '--email', 'operator.made@example.org'], env);
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain('is using the embedded database');
    } finally {
      await rm(serverPidFile(config), { force: true });
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'totem users add and totem tokens create on DATABASE_URL',
  () => {
    let server: Awaited<ReturnType<typeof createEmptyServerDatabase>>;
    let env: Record<string, string>;
    let dataDir: string;
    beforeAll(async () => {
      server = await createEmptyServerDatabase();
      dataDir = await mkdtemp(path.join(tmpdir(), 'totem-users-pg-'));
      env = { DATABASE_URL: server.url, DATA_DIR: dataDir };
      await withDatabase(env, (database) =>
        buildOrganisation(database.db, { name: 'Serveur Organisé', siren: '123456782' }),
      );
    });
    afterAll(async () => {
      await server?.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('creates the account and its token in the server’s database', async () => {
      const email = 'on.server@example.org';
      const added = await totem(
        ['users', 'add', '--email', email, '--role', 'reviewer', '--organisation', '123456782'],
        env,
      );
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain('Attached to: Serveur Organisé (123456782)');
      const token = await totem(['tokens', 'create', '--email', email], env);
      expect(token.code, token.stderr).toBe(0);
      expect(token.stdout).toMatch(TOKEN_LINE);
      const again = await totem(['users', 'add', '--email', email, '--role', 'admin'], env);
      expect(again.code).toBe(1);

      const found = await inspect(env, email, token.stdout.trim());
      expect(found.user.role).toBe('reviewer');
      expect(found.organisations).toEqual([{ siren: '123456782' }]);
      expect(found.me).toMatchObject({ status: 200, body: { email, role: 'reviewer' } });
    });
  },
);
