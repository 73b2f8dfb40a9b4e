import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/accounts/passwords.ts';
import { usersRepository } from '../src/accounts/users.repository.ts';
import { openDatabase } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { createEmptyServerDatabase } from './support/engines.ts';
import { buildOrganisation } from './support/factories.ts';
import { HttpClient } from './support/http-client.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

/**
 * Totem as it runs behind a load balancer: two server processes on one PostgreSQL database. What
 * one process writes, the other shows at its next request — its search index included, which each
 * process keeps in its own memory and brings up to date from the database before each search.
 */
const serverUrl = process.env.TEST_DATABASE_URL;

type Found = { total: number; items: { slug: string; name: string }[] };

describe.skipIf(!serverUrl)('two server processes on one PostgreSQL database', () => {
  let database: { url: string; drop: () => Promise<void> };
  let first: ServerProcess;
  let second: ServerProcess;
  const staff = { email: 'staff.processes@example.org', password: 'two processes, one base' };
  let edited: { id: string; slug: string };
  let duplicate: { id: string; slug: string };
  let kept: { id: string; slug: string };

  const search = async (server: ServerProcess, q: string): Promise<Found> => {
    const res = await fetch(`${server.url}/api/v1/organisations?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Found;
  };

  beforeAll(async () => {
    database = await createEmptyServerDatabase();
    const db = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    try {
      await migrate(db.db);
      const user = await usersRepository(db.db).create({
        email: staff.email,
        name: 'Équipe',
        passwordHash: await hashPassword(staff.password),
        role: 'staff',
      });
      if (!user) throw new Error('staff account not created');
      edited = await buildOrganisation(db.db, { name: 'Lumière Quantique' });
      duplicate = await buildOrganisation(db.db, { name: 'Capteurs Nordiques Doublon' });
      kept = await buildOrganisation(db.db, { name: 'Capteurs Nordiques' });
    } finally {
      await db.close();
    }
    const env = { DATABASE_URL: database.url, SEARCH_INDEX_MIN_ORGANISATIONS: '0' };
    [first, second] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    // the second process answers from its index, built at its start
    await second.logged((l) => l.msg === 'directory search index built');
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.drop();
  });

  it('finds, through the second process, a profile edited through the first, at its next request', async () => {
    expect((await search(second, 'quantique')).items.map((i) => i.name)).toEqual([
      'Lumière Quantique',
    ]);
    expect((await search(second, 'zephyrine')).total).toBe(0);

    const browser = new HttpClient(first.url);
    await browser.get('/connexion');
    const signedIn = await browser.post('/connexion', staff);
    expect(signedIn.status).toBe(303);
    const form = await browser.get(`/annuaire/${edited.slug}/modifier`);
    expect(form.status).toBe(200);
    const version = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const saved = await browser.post(`/annuaire/${edited.slug}/modifier`, {
      version,
      name: 'Zéphyrine Quantique',
      acronym: '',
      kind: 'startup',
      status: 'active',
      description_fr: '',
      description_en: '',
      website: '',
      tags: '',
      headcount: '',
      headcount_year: '',
    });
    expect(saved.status).toBe(303);

    const found = await search(second, 'zephyrine');
    expect(found.items.map((i) => i.name)).toEqual(['Zéphyrine Quantique']);
    expect((await search(second, 'lumiere')).total).toBe(0);
  });

  it('forgets, through the second process, an organisation merged through the first', async () => {
    const before = await search(second, 'capteurs nordiques');
    expect(before.items.map((i) => i.slug).sort()).toEqual([duplicate.slug, kept.slug].sort());

    const browser = new HttpClient(first.url);
    await browser.get('/connexion');
    expect((await browser.post('/connexion', staff)).status).toBe(303);
    await browser.get(`/annuaire/${duplicate.slug}/modifier`);
    const merged = await browser.post(`/annuaire/${duplicate.slug}/fusionner`, {
      target: kept.slug,
    });
    expect(merged.status).toBe(303);

    const after = await search(second, 'capteurs nordiques');
    expect(after.items.map((i) => i.slug)).toEqual([kept.slug]);
    expect(after.total).toBe(1);
    // and its old address leads to the organisation kept, on either process
    const moved = await new HttpClient(second.url).get(`/annuaire/${duplicate.slug}`);
    expect(moved.status).toBe(301);
    expect(moved.location).toBe(`/annuaire/${kept.slug}`);
  });
});

describe.skipIf(!serverUrl)('two server processes starting together on a new database', () => {
  let database: { url: string; drop: () => Promise<void> };
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createEmptyServerDatabase();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  it('both start, and the demo data is loaded once', async () => {
    const env = { DATABASE_URL: database.url, TOTEM_DEMO: '1' };
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    for (const server of servers) {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    }
    const db = await openDatabase({ databaseUrl: database.url, poolSize: 1 });
    try {
      const seeded = await db.db
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('slug', '=', 'digital-grenoble')
        .executeTakeFirstOrThrow();
      expect(Number(seeded.n)).toBe(1);
      const news = await db.db
        .selectFrom('news_articles')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(news.n)).toBe(1);
    } finally {
      await db.close();
    }
  });
});
