import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import type { Role } from '../db/schema.ts';
import { mailQueueRepository } from '../mail/mail-queue.repository.ts';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

/** the value of one sample of the exposition text: a metric's name and some of its labels */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => present.includes(`${k}="${v}"`))) {
      return Number(match[3]);
    }
  }
  return null;
}

describe.each(engines())('/metrics and the failed jobs (%s)', (engine) => {
  let t: TestApp;
  const people = new Map<Role | 'visitor', TestClient>();
  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers });

  beforeAll(async () => {
    t = await createTestApp(engine, { METRICS_TOKEN: TOKEN });
    people.set('visitor', new TestClient(t.app));
    const users = usersRepository(t.database.db);
    for (const role of ['member', 'staff', 'admin'] as const) {
      const email = uniqueEmail(role);
      people.set(role, await signUp(t.app, { email }));
      const user = await users.findByEmail(email);
      if (!user) throw new Error('user not created');
      await users.setRole(user.id, role);
    }
  });
  afterAll(async () => t?.close());

  const as = (who: Role | 'visitor') => {
    const client = people.get(who);
    if (!client) throw new Error(who);
    return client;
  };

  it('are refused to a visitor (401) and to a member or staff (403), without a figure', async () => {
    for (const [who, status, code] of [
      ['visitor', 401, 'UNAUTHENTICATED'],
      ['member', 403, 'FORBIDDEN'],
      ['staff', 403, 'FORBIDDEN'],
    ] as const) {
      const res = await as(who).get('/metrics');
      expect(res.statusCode, who).toBe(status);
      expect(res.json().error.code, who).toBe(code);
      expect(res.body).not.toContain('totem_');
    }
  });

  it('are refused with a wrong token, or another scheme, even to an administrator', async () => {
    for (const authorization of [`Bearer ${TOKEN}x`, 'Bearer ', `Basic ${TOKEN}`, 'Bearer a']) {
      const res = await as('admin').get('/metrics', { authorization });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe('METRICS_TOKEN_INVALID');
      expect(res.body).not.toContain('totem_');
    }
  });

  it('are served to an administrator and to the token, in the Prometheus format', async () => {
    for (const res of [await as('admin').get('/metrics'), await scrape()]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
      expect(res.body).toContain('# TYPE totem_http_requests_total counter');
      expect(res.body).toContain('# TYPE totem_http_request_duration_seconds histogram');
      expect(sample(res.body, 'totem_db_engine_info', { engine })).toBe(1);
      expect(sample(res.body, 'totem_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      expect(sample(res.body, 'totem_db_pool_connections', { state: 'waiting' })).toBe(0);
      // the process's own figures
      expect(sample(res.body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(res.body).toContain('nodejs_eventloop_lag_seconds');
    }
  });

  it('count requests by route pattern, and every unknown address under one label', async () => {
    const key = { route: '/annuaire', method: 'GET', status: '200' };
    const before = sample((await scrape()).body, 'totem_http_requests_total', key) ?? 0;
    for (let i = 0; i < 3; i++) expect((await as('visitor').get('/annuaire')).statusCode).toBe(200);
    await as('visitor').get('/no-such-page-4f2a');
    const after = (await scrape()).body;
    expect(sample(after, 'totem_http_requests_total', key)).toBe(before + 3);
    const unmatched = { route: 'unmatched', method: 'GET', status: '404' };
    expect(sample(after, 'totem_http_requests_total', unmatched)).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain('no-such-page-4f2a');
    const bucket = { route: '/annuaire', status_class: '2xx', le: '+Inf' };
    expect(sample(after, 'totem_http_request_duration_seconds_bucket', bucket)).toBe(before + 3);
  });

  it('report the queues as the database holds them at the scrape', async () => {
    const db = t.database.db;
    const jobs = (text: string, queue: string, state: string) =>
      sample(text, 'totem_jobs', { queue, state });
    const before = (await scrape()).body;
    for (const queue of ['imports', 'news_jobs', 'observatory_runs', 'mail_queue']) {
      expect(jobs(before, queue, 'failed'), queue).not.toBeNull();
    }
    await sql`INSERT INTO imports (status, error, finished_at) VALUES ('failed', 'boom', now())`.execute(
      db,
    );
    const mail = await mailQueueRepository(db).insert({
      to: 'someone@example.org',
      subject: 'Waiting mail',
      text: 'Hello',
    });
    await sql`UPDATE mail_queue SET created_at = now() - interval '10 minutes' WHERE id = ${mail}`.execute(
      db,
    );
    const after = (await scrape()).body;
    expect(jobs(after, 'imports', 'failed')).toBe((jobs(before, 'imports', 'failed') ?? 0) + 1);
    expect(jobs(after, 'mail_queue', 'waiting')).toBe(
      (jobs(before, 'mail_queue', 'waiting') ?? 0) + 1,
    );
    const oldest = sample(after, 'totem_jobs_oldest_waiting_seconds', { queue: 'mail_queue' });
    expect(oldest).toBeGreaterThanOrEqual(600);
    expect(oldest).toBeLessThan(3600);
  });

  it('list a failed job with its error in the back office, to staff only', async () => {
    const db = t.database.db;
    await sql`INSERT INTO imports (status, error, files, finished_at) VALUES ('failed',
      'Colonne siret absente du fichier', ${JSON.stringify([
        { role: 'establishments', path: 'x', name: 'StockEtablissement_38.csv', bytes: 10 },
      ])}::jsonb, now())`.execute(db);
    const mail = await mailQueueRepository(db).insert({
      to: 'someone@example.org',
      subject: 'Confirmation de réservation',
      text: 'Bonjour',
    });
    await sql`UPDATE mail_queue SET status = 'failed', attempts = 6,
      last_error = 'Mailbox unavailable' WHERE id = ${mail}`.execute(db);

    const page = await as('staff').get('/admin/echecs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tâches en échec');
    expect(page.body).toContain('Colonne siret absente du fichier');
    expect(page.body).toContain('StockEtablissement_38.csv');
    expect(page.body).toContain('Mailbox unavailable');
    expect(page.body).toContain('Confirmation de réservation');
    expect(page.body).toContain('<td>6</td>');
    expect(page.body).not.toContain('someone@example.org');

    const english = await as('admin').get('/en/admin/failures');
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('Failed jobs');
    expect(english.body).toContain('Colonne siret absente du fichier');

    const home = await as('staff').get('/admin');
    expect(home.body).toContain('href="/admin/echecs"');
    expect(home.body).toMatch(/\d+ tâches en échec ces 7 derniers jours/);

    expect((await as('member').get('/admin/echecs')).statusCode).toBe(403);
    const visitor = await as('visitor').get('/admin/echecs');
    expect(visitor.statusCode).toBe(401);
    expect(visitor.body).not.toContain('Colonne siret absente du fichier');
  });
});

describe.each(engines())('/metrics and the page cache’s front door (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => t?.close());
  const scrape = (app: TestApp) =>
    app.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });

  it('count the kept pages answered before the framework as well', async () => {
    const app = t.app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/observatoire`;
    const key = { route: '/observatoire', method: 'GET', status: '200' };
    const before = sample((await scrape(t)).body, 'totem_http_requests_total', key) ?? 0;
    let atTheDoor = 0;
    app.onFrontAnswer(() => atTheDoor++);
    // rendered and kept, sent from the cache by the framework, then by the front door
    for (let i = 0; i < 4; i++) expect((await fetch(url)).status).toBe(200);
    expect(atTheDoor).toBeGreaterThan(0);
    expect(sample((await scrape(t)).body, 'totem_http_requests_total', key)).toBe(before + 4);
  });
});
