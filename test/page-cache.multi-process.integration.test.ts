import { sql } from 'kysely';
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
 * Two server processes, each with its page cache, on one PostgreSQL database: a page the second
 * keeps for visitors shows, at its next request, what was written through the first (or straight
 * into the database, as an import's merge does).
 */
const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('kept pages across two server processes', () => {
  let database: { url: string; drop: () => Promise<void> };
  let first: ServerProcess;
  let second: ServerProcess;
  const staff = { email: 'staff.cache@example.org', password: 'two processes, one cache' };
  let org: { id: string; slug: string };

  beforeAll(async () => {
    database = await createEmptyServerDatabase();
    const db = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    try {
      await migrate(db.db);
      await usersRepository(db.db).create({
        email: staff.email,
        name: 'Équipe',
        passwordHash: await hashPassword(staff.password),
        role: 'staff',
      });
      org = await buildOrganisation(db.db, { name: 'Lumière Gardée' });
    } finally {
      await db.close();
    }
    const env = { DATABASE_URL: database.url };
    [first, second] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.drop();
  });

  const visit = (path: string) => new HttpClient(second.url).get(path);

  it('shows a profile edited through the first process at the next visit of the second', async () => {
    const path = `/annuaire/${org.slug}`;
    expect((await visit(path)).body).toContain('Lumière Gardée');
    // kept: the same answer again, from the cache (the framework's), then from its front door
    for (let i = 0; i < 2; i++) {
      const kept = await fetch(`${second.url}${path}`);
      expect(kept.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=10');
      expect(await kept.text()).toContain('Lumière Gardée');
    }

    const browser = new HttpClient(first.url);
    await browser.get('/connexion');
    expect((await browser.post('/connexion', staff)).status).toBe(303);
    const form = await browser.get(`${path}/modifier`);
    const version = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const saved = await browser.post(`${path}/modifier`, {
      version,
      name: 'Lumière Changée',
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

    const after = await visit(path);
    expect(after.body).toContain('Lumière Changée');
    expect(after.body).not.toContain('Lumière Gardée');
    expect((await visit('/annuaire')).body).toContain('Lumière Changée');
  });

  it('shows an article published through the first process on the second', async () => {
    expect((await visit('/actualites')).body).not.toContain('Publiée ailleurs');
    const browser = new HttpClient(first.url);
    await browser.get('/connexion');
    await browser.post('/connexion', staff);
    await browser.get('/admin/actualites/nouveau');
    const created = await browser.post('/admin/actualites/nouveau', {
      version: '0',
      title: 'Publiée ailleurs',
      slug: 'publiee-ailleurs',
      summary: 'Le chapeau.',
      body_md: 'Le texte.',
      category: 'actualites',
      tags: '',
      organisations: '',
      cover_file: '',
      cover_alt: '',
      state: 'published',
      publish_at: '',
    });
    expect(created.status).toBe(303);
    expect((await visit('/actualites')).body).toContain('Publiée ailleurs');
    expect((await visit('/actualites/publiee-ailleurs')).status).toBe(200);
  });

  it('shows a write made straight into the database (an import merge) at the next visit', async () => {
    const before = await visit('/annuaire');
    expect(before.body).not.toContain('Arrivée Par Import');
    const db = await openDatabase({ databaseUrl: database.url, poolSize: 1 });
    try {
      await db.db.transaction().execute(async (trx) => {
        await buildOrganisation(trx, { name: 'Arrivée Par Import' });
        await sql`UPDATE organisations SET updated_at = now() WHERE false`.execute(trx);
      });
    } finally {
      await db.close();
    }
    expect((await visit('/annuaire')).body).toContain('Arrivée Par Import');
  });

  it('never serves the signed-in staff a visitor’s kept page', async () => {
    for (let i = 0; i < 3; i++) await visit('/annuaire');
    const browser = new HttpClient(second.url);
    await browser.get('/connexion');
    expect((await browser.post('/connexion', staff)).status).toBe(303);
    const mine = await browser.get('/annuaire');
    expect(mine.body).toContain('action="/deconnexion"');
  });
});
