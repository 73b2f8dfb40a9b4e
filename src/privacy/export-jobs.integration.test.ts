import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp, uniqueEmail } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import { exportJobs } from './export-jobs.ts';
import { privacyService } from './privacy.service.ts';

const PASSWORD = 'correct horse battery';

describe.each(engines())('a person’s data as an archive, prepared as a job, on %s', (engine) => {
  let t: TestApp;
  let jobs: ReturnType<typeof exportJobs>;
  beforeAll(async () => {
    t = await createTestApp(engine);
    jobs = exportJobs({
      db: t.database.db,
      publicUrl: () => 'https://totem.example.org',
      hubName: async () => 'Digital Grenoble',
    });
  });
  afterAll(async () => t?.close());

  const userId = async (email: string) =>
    (await usersRepository(t.database.db).findByEmail(email))?.id ?? '';

  const mailsTo = async (email: string) =>
    t.database.db
      .selectFrom('mail_queue')
      .select(['subject', 'body'])
      .where('to_address', '=', email)
      .orderBy('id')
      .execute();

  it('is asked for on the page, prepared by a worker, announced by mail and downloaded by its person only', async () => {
    const email = uniqueEmail('archive');
    const me = await signUp(t.app, { email, name: 'Archive Person', password: PASSWORD });
    const before = await me.get('/compte/donnees');
    expect(before.body).toContain('Préparer une archive');

    const asked = await me.post('/compte/donnees/archive', {});
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe('/compte/donnees');
    // asking again while it waits makes no second job
    await me.post('/compte/donnees/archive', {});
    const waiting = await me.get('/compte/donnees');
    expect(waiting.body).toContain('en préparation');
    expect(waiting.body).not.toContain('Préparer une archive');
    const rows = await t.database.db
      .selectFrom('privacy_exports')
      .select(['id', 'status'])
      .where('user_id', '=', await userId(email))
      .execute();
    expect(rows).toEqual([{ id: expect.any(Number), status: 'queued' }]);

    const outcome = await jobs.runNext();
    expect(outcome).toEqual({ id: rows[0]?.id, outcome: 'done' });
    expect(await jobs.runNext()).toBeNull();

    const mail = (await mailsTo(email)).find((m) => m.subject.includes('vos données sont prêtes'));
    expect(mail?.body).toContain('https://totem.example.org/compte/donnees');
    expect(mail?.body).not.toContain(email.split('@')[0] ?? email);

    const ready = await me.get('/compte/donnees');
    const link = /href="(\/compte\/donnees\/archive\/\d+)"/.exec(ready.body)?.[1] ?? '';
    expect(link).toBe(`/compte/donnees/archive/${rows[0]?.id}`);
    const file = await me.get(link);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/^application\/json/);
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="mes-donnees-/);
    expect(file.headers['cache-control']).toBe('private, no-store');
    const data = JSON.parse(file.body) as { account: { email: string; name: string } };
    expect(data.account).toMatchObject({ email, name: 'Archive Person' });

    // someone else, and a visitor, cannot have it; a mistyped number is not found
    const other = await signUp(t.app, {
      email: uniqueEmail('other'),
      name: 'Other',
      password: PASSWORD,
    });
    expect((await other.get(link)).statusCode).toBe(404);
    expect((await me.get('/compte/donnees/archive/x1')).statusCode).toBe(404);
    expect((await me.get('/compte/donnees/archive/999999999')).statusCode).toBe(404);
  });

  it('never puts an earlier archive inside a new one', async () => {
    const email = uniqueEmail('twice');
    const me = await signUp(t.app, { email, name: 'Twice', password: PASSWORD });
    await me.post('/compte/donnees/archive', {});
    await jobs.runNext();
    await me.post('/compte/donnees/archive', {});
    await jobs.runNext();
    const data = await privacyService(t.database.db).exportOf(await userId(email));
    const exports = data?.tables.find((x) => x.table === 'privacy_exports');
    expect(exports?.rows).toHaveLength(2);
    for (const row of exports?.rows ?? []) expect(row).not.toHaveProperty('data');
  });

  it('fails, and says why, when the account was erased before its turn; erasure takes the archives', async () => {
    const email = uniqueEmail('gone');
    const me = await signUp(t.app, { email, name: 'Gone', password: PASSWORD });
    const id = await userId(email);
    await me.post('/compte/donnees/archive', {});
    await jobs.runNext();
    await me.post('/compte/donnees/archive', {});
    await privacyService(t.database.db).erase(id);
    const count = await t.database.db
      .selectFrom('privacy_exports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);

    // a job taken for an account erased meanwhile
    const other = uniqueEmail('erased-meanwhile');
    const person = await signUp(t.app, { email: other, name: 'Meanwhile', password: PASSWORD });
    await person.post('/compte/donnees/archive', {});
    await sql`UPDATE users SET erased_at = now() WHERE id = ${await userId(other)}`.execute(
      t.database.db,
    );
    const outcome = await jobs.runNext();
    expect(outcome).toMatchObject({ outcome: 'failed', error: 'the account no longer exists' });
    const failures = await jobs.queue.failures(5);
    expect(failures[0]).toMatchObject({ id: outcome?.id, error: 'the account no longer exists' });
  });

  it('takes again a job whose process died, and lets archives older than a week go', async () => {
    const email = uniqueEmail('stale');
    const me = await signUp(t.app, { email, name: 'Stale', password: PASSWORD });
    await me.post('/compte/donnees/archive', {});
    const id = await userId(email);
    await sql`UPDATE privacy_exports SET status = 'running', heartbeat_at = now() - interval '10 minutes'
      WHERE user_id = ${id}`.execute(t.database.db);
    expect(await jobs.runNext()).toMatchObject({ outcome: 'done' });
    await sql`UPDATE privacy_exports SET finished_at = now() - interval '8 days'
      WHERE user_id = ${id}`.execute(t.database.db);
    const page = await me.get('/compte/donnees');
    expect(page.body).not.toContain('/compte/donnees/archive/');
    const figures = await jobs.queue.figures();
    expect(figures.counts).toHaveProperty('done');
  });
});
