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
import { usersRepository } from '../accounts/users.repository.ts';
import { membersService } from '../directory/members.service.ts';
import { PERSONAL_COLUMNS } from './privacy.registry.ts';
import { privacyRepository } from './privacy.repository.ts';
import { ERASED_NAME, privacyService } from './privacy.service.ts';

const PASSWORD = 'correct horse battery';

describe.each(engines())('a person’s data, exported and erased, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('lists every column that names an account: a new one fails here until the registry says what becomes of it', async () => {
    const repo = privacyRepository(t.database.db);
    const listed = new Set(PERSONAL_COLUMNS.map((c) => `${c.table}.${c.column}`));
    const keys = (await repo.foreignKeysToUsers()).map((k) => `${k.table}.${k.column}`);
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((k) => !listed.has(k))).toEqual([]);
    for (const entry of PERSONAL_COLUMNS) {
      expect(
        await repo.columnExists(entry.table, entry.column),
        `${entry.table}.${entry.column}`,
      ).toBe(true);
    }
  });

  it('exports the account and every row naming it, never a secret', async () => {
    const email = uniqueEmail('export');
    const me = await signUp(t.app, { email, name: 'Export Person' });
    await me.get('/compte');
    await me.post('/compte/jetons', { name: 'nightly' });
    const user = await usersRepository(t.database.db).findByEmail(email);
    const org = await buildOrganisation(t.database.db, { name: 'Exportée SAS' });
    await membersService(t.database.db).attach(org.id, user?.id ?? '');

    const data = await privacyService(t.database.db).exportOf(user?.id ?? '');
    expect(data?.account.email).toBe(email);
    expect(data?.account).not.toHaveProperty('password_hash');
    const tables = data?.tables.map((x) => x.table) ?? [];
    expect(tables).toEqual(
      expect.arrayContaining(['sessions', 'api_tokens', 'organisation_members']),
    );
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/"(id_hash|token_hash|password_hash)"/);
    expect(text).toContain('nightly');
  });

  it('erases the account: it cannot sign in, its sessions end, memberships go, what must stay names a pseudonym', async () => {
    const email = uniqueEmail('erase');
    const me = await signUp(t.app, { email, name: 'Erase Person' });
    const user = await usersRepository(t.database.db).findByEmail(email);
    const id = user?.id ?? '';
    const org = await buildOrganisation(t.database.db, { name: 'Effacée SAS' });
    await membersService(t.database.db).attach(org.id, id);

    expect(await privacyService(t.database.db).erase(id)).toBe(true);
    expect(await privacyService(t.database.db).erase(id)).toBe(false);

    const row = await usersRepository(t.database.db).findById(id);
    expect(row?.name).toBe(ERASED_NAME);
    expect(row?.email).not.toBe(email);
    expect(row?.email).toMatch(/@invalid$/);
    expect(row?.password_hash).toBeNull();
    expect(await usersRepository(t.database.db).findByEmail(email)).toBeUndefined();
    expect(await membersService(t.database.db).membershipsOf(id)).toEqual([]);
    const sessions = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', id)
      .execute();
    expect(sessions).toEqual([]);
    expect((await me.get('/compte')).statusCode).not.toBe(200);
    const again = new TestClient(t.app);
    await again.get('/connexion');
    expect((await again.post('/connexion', { email, password: PASSWORD })).statusCode).toBe(401);
    expect(await privacyService(t.database.db).exportOf(id)).toBeUndefined();
  });
});
