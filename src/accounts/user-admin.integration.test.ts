import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
  waitForMail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { Role } from '../db/schema.ts';
import { createMailer } from '../mail/mailer.ts';
import { accountsService } from './accounts.service.ts';
import { usersRepository } from './users.repository.ts';

const PASSWORD = 'correct horse battery';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

type Person = { client: TestClient; email: string; id: string; name: string };

/** a server of one engine, and people signed up on it with a role */
function useApp(engine: Parameters<typeof createTestApp>[0]) {
  const s = {
    t: undefined as unknown as TestApp,
    async person(role: Role = 'member', name = 'Compte Géré'): Promise<Person> {
      const email = uniqueEmail(role);
      const client = await signUp(s.t.app, { email, name, password: PASSWORD });
      const users = usersRepository(s.t.database.db);
      const user = await users.findByEmail(email);
      if (!user) throw new Error('not signed up');
      if (role !== 'member') await users.setRole(user.id, role);
      return { client, email, id: user.id, name };
    },
    /** the changes recorded on an account, oldest first */
    changes(userId: string) {
      return s.t.database.db
        .selectFrom('user_changes')
        .select(['actor_id', 'change', 'before', 'after', 'at'])
        .where('user_id', '=', userId)
        .orderBy('id')
        .execute();
    },
    /** a token made on the person's account page */
    async token(person: Person): Promise<string> {
      await person.client.get('/compte');
      const page = await person.client.follow(
        await person.client.post('/compte/jetons', { name: 'Script' }),
      );
      const secret = /totem_[\w-]{43}/.exec(page.body)?.[0];
      if (!secret) throw new Error('no token shown');
      return secret;
    },
    me(secret: string) {
      return s.t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } });
    },
  };
  beforeAll(async () => {
    s.t = await createTestApp(engine);
  });
  afterAll(async () => s.t?.close());
  return s;
}

describe.each(engines())('the users’ list in the back office on %s', (engine) => {
  const s = useApp(engine);

  it('is for administrators: a card on their back office home, refused to staff', async () => {
    const admin = await s.person('admin');
    const staff = await s.person('staff');
    expect((await admin.client.get('/admin')).body).toContain('href="/admin/utilisateurs"');
    expect((await staff.client.get('/admin')).body).not.toContain('/admin/utilisateurs');
    expect((await staff.client.get('/admin/utilisateurs')).statusCode).toBe(403);
    expect((await new TestClient(s.t.app).get('/admin/utilisateurs')).statusCode).toBe(401);
    const english = await admin.client.get('/en/admin/utilisateurs');
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('<h1>Users</h1>');
  });

  it('finds accounts by name, accents aside, or by address, a page at a time', async () => {
    const admin = await s.person('admin');
    const users = usersRepository(s.t.database.db);
    const tag = `lot${Date.now()}`;
    for (let i = 0; i < 53; i++) {
      await users.create({
        email: `${tag}.${String(i).padStart(2, '0')}@example.org`,
        name: `Élodie ${tag} ${String(i).padStart(2, '0')}`,
        passwordHash: null,
      });
    }
    const first = await admin.client.get(
      `/admin/utilisateurs?q=${encodeURIComponent(`elodie ${tag}`)}`,
    );
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('53 comptes');
    expect(first.body).toContain('Page 1 sur 2');
    expect(first.body).toContain(`${tag}.00@example.org`);
    expect(first.body).not.toContain(`${tag}.52@example.org`);
    const second = await admin.client.get(`/admin/utilisateurs?q=${tag}&page=2`);
    expect(second.body).toContain(`${tag}.52@example.org`);
    expect(second.body).toContain('Page 2 sur 2');
    const byAddress = await admin.client.get(`/admin/utilisateurs?q=${tag}.07@`);
    expect(byAddress.body).toContain('1 compte');
    // a wildcard is a character like another
    const none = await admin.client.get(`/admin/utilisateurs?q=${encodeURIComponent('%_%')}`);
    expect(none.body).toContain('Aucun compte ne correspond.');
    const beyond = await admin.client.get(`/admin/utilisateurs?q=${tag}&page=9`);
    expect(beyond.statusCode).toBe(200);
    for (const bad of ['page=abc', 'page=0', 'page=-1', `q=${'x'.repeat(201)}`]) {
      const res = await admin.client.get(`/admin/utilisateurs?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toContain('La requête est incorrecte.');
    }
  });

  it('answers 404 to an unknown account and 400 to an id that cannot be one', async () => {
    const admin = await s.person('admin');
    expect((await admin.client.get(`/admin/utilisateurs/${UNKNOWN_ID}`)).statusCode).toBe(404);
    expect((await admin.client.get('/admin/utilisateurs/not-an-id')).statusCode).toBe(400);
    await admin.client.get('/admin/utilisateurs');
    for (const path of ['role', 'desactiver', 'reactiver', 'organisations']) {
      const unknown = await admin.client.post(`/admin/utilisateurs/${UNKNOWN_ID}/${path}`, {
        role: 'staff',
        organisation: UNKNOWN_ID,
      });
      expect(unknown.statusCode, path).toBe(404);
      const malformed = await admin.client.post(`/admin/utilisateurs/1/${path}`, {
        role: 'staff',
        organisation: UNKNOWN_ID,
      });
      expect(malformed.statusCode, path).toBe(400);
    }
  });
});

describe.each(engines())('changing an account in the back office on %s', (engine) => {
  const s = useApp(engine);

  it('changes a role at once, records who and when, and shows it in the history', async () => {
    const admin = await s.person('admin', 'Ada Admin');
    const target = await s.person('member');
    const page = await admin.client.get(`/admin/utilisateurs/${target.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(target.email);
    expect(page.body).toContain('Aucune modification enregistrée.');

    const before = Date.now();
    const changed = await admin.client.post(`/admin/utilisateurs/${target.id}/role`, {
      role: 'reviewer',
    });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe(`/admin/utilisateurs/${target.id}`);
    const after = await admin.client.follow(changed);
    expect(after.body).toContain('Le rôle est changé.');
    expect(after.body).toContain(`Ada Admin &lt;${admin.email}&gt;`);
    // the person's next request has the new role
    expect((await target.client.get('/api/v1/me')).json().role).toBe('reviewer');

    const [record] = await s.changes(target.id);
    expect(record).toMatchObject({
      actor_id: admin.id,
      change: 'role',
      before: 'member',
      after: 'reviewer',
    });
    expect(record?.at.getTime()).toBeGreaterThanOrEqual(before - 5_000);

    const same = await admin.client.post(`/admin/utilisateurs/${target.id}/role`, {
      role: 'reviewer',
    });
    expect((await admin.client.follow(same)).body).toContain('Rien n’a changé');
    expect(await s.changes(target.id)).toHaveLength(1);
    const bad = await admin.client.post(`/admin/utilisateurs/${target.id}/role`, { role: 'boss' });
    expect(bad.statusCode).toBe(400);
    expect((await target.client.get('/api/v1/me')).json().role).toBe('reviewer');
  });

  it('records what totem admin create does, with the command line as author', async () => {
    const accounts = accountsService({
      db: s.t.database.db,
      mailer: createMailer({ dataDir: s.t.dataDir, from: 'totem@example.org' }),
      publicUrl: () => 'https://hub.example.org',
      hubName: async () => 'Hub',
    });
    const fresh = await accounts.createWithRole({ email: uniqueEmail('chief'), role: 'admin' });
    expect(await s.changes(fresh.user.id)).toMatchObject([
      { change: 'created', after: 'admin', actor_id: null },
    ]);
    const member = await s.person('member');
    await accounts.createWithRole({ email: member.email, role: 'admin' });
    await accounts.createWithRole({ email: member.email, role: 'admin' });
    expect(await s.changes(member.id)).toMatchObject([
      { change: 'role', before: 'member', after: 'admin', actor_id: null },
    ]);
  });

  it('refuses an administrator’s change of their own role or access, saying why', async () => {
    const admin = await s.person('admin');
    const own = await admin.client.get(`/admin/utilisateurs/${admin.id}`);
    expect(own.body).toContain('C’est votre compte');
    const demoted = await admin.client.post(`/admin/utilisateurs/${admin.id}/role`, {
      role: 'member',
    });
    expect(demoted.statusCode).toBe(409);
    expect(demoted.body).toContain('Vous ne pouvez pas changer votre propre rôle');
    const disabled = await admin.client.post(`/admin/utilisateurs/${admin.id}/desactiver`, {});
    expect(disabled.statusCode).toBe(409);
    expect(disabled.body).toContain('Vous ne pouvez pas désactiver votre propre compte.');
    expect((await admin.client.get('/api/v1/me')).json().role).toBe('admin');
    expect(await s.changes(admin.id)).toEqual([]);
  });

  it('attaches and detaches organisations found by name or SIREN, and records each', async () => {
    const admin = await s.person('admin');
    const target = await s.person('member');
    const org = await buildOrganisation(s.t.database.db, {
      name: 'Photonique Émeraude',
      siren: '732829320',
    });
    const base = `/admin/utilisateurs/${target.id}`;
    const bySiren = await admin.client.get(`${base}?organisation=732829320`);
    expect(bySiren.body).toContain('Photonique Émeraude (732\u202f829\u202f320)');
    expect(bySiren.body).toContain(`value="${org.id}"`);
    const byName = await admin.client.get(`${base}?organisation=emeraude`);
    expect(byName.body).toContain('Photonique Émeraude');
    const nothing = await admin.client.get(`${base}?organisation=zzzzqqq`);
    expect(nothing.body).toContain('Aucune organisation ne correspond.');

    const attached = await admin.client.post(`${base}/organisations`, { organisation: org.id });
    expect(attached.statusCode).toBe(303);
    expect((await admin.client.follow(attached)).body).toContain('Le compte est rattaché');
    // the person now speaks for it: their account page says so
    expect((await target.client.get('/compte')).body).toContain(`/annuaire/${org.slug}/modifier`);
    const twice = await admin.client.post(`${base}/organisations`, { organisation: org.id });
    expect((await admin.client.follow(twice)).body).toContain('Rien n’a changé');

    const unknown = await admin.client.post(`${base}/organisations`, { organisation: UNKNOWN_ID });
    expect(unknown.statusCode).toBe(404);
    const malformed = await admin.client.post(`${base}/organisations`, { organisation: 'x' });
    expect(malformed.statusCode).toBe(400);
    expect((await admin.client.post(`${base}/organisations`, {})).statusCode).toBe(400);

    const detached = await admin.client.post(`${base}/organisations/retirer`, {
      organisation: org.id,
    });
    expect(detached.statusCode).toBe(303);
    expect((await admin.client.follow(detached)).body).toContain('Le compte est retiré');
    expect((await target.client.get('/compte')).body).not.toContain(`/annuaire/${org.slug}`);
    const again = await admin.client.post(`${base}/organisations/retirer`, {
      organisation: org.id,
    });
    expect(again.statusCode).toBe(404);

    const history = await s.changes(target.id);
    expect(history.map((c) => [c.change, c.before, c.after, c.actor_id])).toEqual([
      ['organisation_added', null, 'Photonique Émeraude (732829320)', admin.id],
      ['organisation_removed', 'Photonique Émeraude (732829320)', null, admin.id],
    ]);
  });
});

describe.each(engines())('disabling an account on %s', (engine) => {
  const s = useApp(engine);

  it('stops its session and tokens at the next request, and its sign-in, until enabled again', async () => {
    const admin = await s.person('admin');
    const target = await s.person('member');
    const secret = await s.token(target);
    expect((await s.me(secret)).statusCode).toBe(200);

    await admin.client.get(`/admin/utilisateurs/${target.id}`);
    const disabled = await admin.client.post(`/admin/utilisateurs/${target.id}/desactiver`, {});
    expect(disabled.statusCode).toBe(303);
    const page = await admin.client.follow(disabled);
    expect(page.body).toContain('Le compte est désactivé');
    expect(page.body).toContain('Désactivé depuis le');

    expect((await target.client.get('/compte')).statusCode).toBe(401);
    const refused = await s.me(secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('API_TOKEN_INVALID');
    // signing in says what a wrong password says
    const again = new TestClient(s.t.app);
    await again.get('/connexion');
    const signIn = await again.post('/connexion', { email: target.email, password: PASSWORD });
    expect(signIn.statusCode).toBe(401);
    expect(signIn.body).toContain('Adresse e-mail ou mot de passe incorrect.');
    // nor is a reset link sent (the mails leave after the answers, in order: once the admin's
    // is out, the disabled account's turn has passed)
    await again.get('/mot-de-passe-oublie');
    await again.post('/mot-de-passe-oublie', { email: target.email });
    await again.post('/mot-de-passe-oublie', { email: admin.email });
    await waitForMail(
      s.t.app,
      (m) => m.to === admin.email && m.text.includes('/reinitialiser-mot-de-passe?token='),
    );
    const mails = await s.t.database.db
      .selectFrom('password_tokens')
      .select('token_hash')
      .where('user_id', '=', target.id)
      .where('purpose', '=', 'reset')
      .execute();
    expect(mails).toEqual([]);

    const enabled = await admin.client.post(`/admin/utilisateurs/${target.id}/reactiver`, {});
    expect((await admin.client.follow(enabled)).body).toContain('Le compte est réactivé.');
    expect(
      (await again.post('/connexion', { email: target.email, password: PASSWORD })).statusCode,
    ).toBe(303);
    expect((await s.me(secret)).statusCode).toBe(200);

    const history = await s.changes(target.id);
    expect(history.map((c) => [c.change, c.actor_id])).toEqual([
      ['disabled', admin.id],
      ['enabled', admin.id],
    ]);
    const shown = await admin.client.get(`/admin/utilisateurs/${target.id}`);
    expect(shown.body).toContain('Compte désactivé');
    expect(shown.body).toContain('Compte réactivé');
  });

  it('checks the account at every request, not only when the session began', async () => {
    const target = await s.person('member');
    const secret = await s.token(target);
    // disabled behind the application's back: the sessions are still in their table
    await s.t.database.db
      .updateTable('users')
      .set({ disabled_at: new Date() })
      .where('id', '=', target.id)
      .execute();
    const sessions = await s.t.database.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('user_id', '=', target.id)
      .execute();
    expect(sessions.length).toBeGreaterThan(0);
    expect((await target.client.get('/compte')).statusCode).toBe(401);
    expect((await s.me(secret)).statusCode).toBe(401);
  });
});
