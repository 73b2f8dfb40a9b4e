import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { type Database, openDatabase } from '../db/engine.ts';
import { filesystemStorage } from '../kernel/file-storage.ts';
import type { Actor } from '../kernel/policy.ts';
import { newsError } from './news.errors.ts';
import type { NewsService } from './news.service.ts';
import { articleInput, newsServiceTestbed } from './news-service.testing.ts';
import { type JobOutcome, startPublicationWorker } from './publication.worker.ts';

const quiet = { info() {}, error() {} };
const input = articleInput;

describe.each(engines())('scheduled publication on %s', (engine) => {
  const bed = newsServiceTestbed(engine);
  const { worker, stateOf } = bed;
  let database: Database;
  let filesDir: string;
  let news: NewsService;
  let staff: Actor;
  beforeAll(() => {
    ({ database, filesDir, news, staff } = bed);
  });

  it('leaves a version whose time has not come, and publishes it once it has', async () => {
    const id = await news.create(
      staff,
      'fr',
      input({ publish_at: new Date(Date.now() + 3_600_000) }),
    );
    expect(await worker().drain()).toEqual([]);
    expect(await stateOf(id)).toBe('scheduled');
    const jobs = (await news.forEditing(id)).jobs;
    expect(jobs.map((j) => j.status)).toEqual(['waiting']);
    // the hour passes (while the server is down, say): the next start publishes it
    await database.db
      .updateTable('news_jobs')
      .set({ run_at: new Date(Date.now() - 1000) })
      .where('article_id', '=', id)
      .execute();
    await database.db
      .updateTable('news_versions')
      .set({ publish_at: new Date(Date.now() - 1000) })
      .where('article_id', '=', id)
      .execute();
    const started = startPublicationWorker(database.db, filesystemStorage(filesDir), quiet, {
      everyMs: 60_000,
    });
    await expect.poll(() => stateOf(id), { timeout: 10_000 }).toBe('published');
    await started.stop();
    const after = await news.forEditing(id);
    expect(after.jobs[0]).toMatchObject({ status: 'done', attempts: 1, error: null });
    expect(after.versions[0]?.published_at).toBeInstanceOf(Date);
  });

  it('publishes the French version without the English one', async () => {
    const id = await news.create(staff, 'fr', input());
    await news.save(
      staff,
      id,
      'en',
      input({ version: 1, state: 'scheduled', publish_at: new Date(Date.now() + 3_600_000) }),
    );
    await worker().drain();
    expect(await stateOf(id, 'fr')).toBe('published');
    expect(await stateOf(id, 'en')).toBe('scheduled');
  });

  it('drops the job of a version taken back to draft', async () => {
    const id = await news.create(
      staff,
      'fr',
      input({ publish_at: new Date(Date.now() + 3_600_000) }),
    );
    await news.save(staff, id, 'fr', input({ version: 1, state: 'draft', publish_at: null }));
    await database.db
      .updateTable('news_jobs')
      .set({ run_at: new Date(0) })
      .where('article_id', '=', id)
      .execute();
    expect(await worker().drain()).toEqual([]);
    expect(await stateOf(id)).toBe('draft');
  });
});

describe.each(engines())('failed and concurrent publication on %s', (engine) => {
  const bed = newsServiceTestbed(engine);
  const { worker, stateOf } = bed;
  let database: Database;
  let filesDir: string;
  let news: NewsService;
  let staff: Actor;
  beforeAll(() => {
    ({ database, filesDir, news, staff } = bed);
  });

  it('fails visibly with the reason, and a retry publishes once the cause is fixed', async () => {
    const id = await news.create(staff, 'fr', input());
    // the body emptied behind the editor's back (an import, a manual fix): it cannot go out empty
    await database.db
      .updateTable('news_versions')
      .set({ body_md: '' })
      .where('article_id', '=', id)
      .execute();
    const [outcome] = await worker().drain();
    expect(outcome).toMatchObject({ articleId: id, outcome: 'failed', reason: 'bodyRequired' });
    expect(await stateOf(id)).toBe('scheduled');
    expect((await news.forEditing(id)).jobs[0]).toMatchObject({
      status: 'failed',
      error: 'bodyRequired',
    });
    // a retry before the fix fails again, with the same reason
    await news.retry(staff, id, 'fr');
    expect((await worker().drain())[0]).toMatchObject({ outcome: 'failed' });
    await database.db
      .updateTable('news_versions')
      .set({ body_md: 'Rétabli.' })
      .where('article_id', '=', id)
      .execute();
    await news.retry(staff, id, 'fr');
    expect((await worker().drain())[0]).toMatchObject({ outcome: 'published' });
    expect(await stateOf(id)).toBe('published');
    // nothing left to retry
    const nothing = await news.retry(staff, id, 'fr').catch((error: unknown) => error);
    expect(newsError.is(nothing, 'NOTHING_TO_RETRY')).toBe(true);
    expect(nothing).toMatchObject({ code: 'NOTHING_TO_RETRY', status: 409 });
  });

  it('answers "slug taken" to the second of two saves of one slug at once, never a crash', async () => {
    const slug = `meme-adresse-${Date.now()}`;
    const results = await Promise.allSettled([
      news.create(staff, 'fr', input({ slug, state: 'draft', publish_at: null })),
      news.create(staff, 'fr', input({ slug, state: 'draft', publish_at: null })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({
      code: 'VALIDATION_FAILED',
      problems: { slug: 'slugTaken' },
    });
  });

  it('two workers racing publish each version exactly once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await news.create(staff, 'fr', input()));
    // on the server, each worker has its own connections, as separate processes would
    const second: Database =
      engine === 'postgres'
        ? await openDatabase({ databaseUrl: await serverUrl(database), poolSize: 3 })
        : database;
    try {
      const a = startPublicationWorker(database.db, filesystemStorage(filesDir), quiet, {
        autostart: false,
      });
      const b = startPublicationWorker(second.db, filesystemStorage(filesDir), quiet, {
        autostart: false,
      });
      const results: JobOutcome[][] = await Promise.all([
        a.drain(),
        b.drain(),
        a.drain(),
        b.drain(),
      ]);
      const published = results.flat().filter((r) => r.outcome === 'published');
      const mine = published.filter((r) => ids.includes(r.articleId));
      expect(mine.map((r) => r.articleId).sort((x, y) => x - y)).toEqual(ids);
      for (const id of ids) expect(await stateOf(id)).toBe('published');
      const jobs = await database.db
        .selectFrom('news_jobs')
        .select(['status', sql<number>`count(*)::int`.as('n')])
        .where('article_id', 'in', ids)
        .groupBy('status')
        .execute();
      expect(jobs).toEqual([{ status: 'done', n: 12 }]);
    } finally {
      if (second !== database) await second.close();
    }
  });
});

/** the URL of the test database the server engine opened (its pool knows it) */
async function serverUrl(database: Database): Promise<string> {
  const row = await sql<{ db: string }>`SELECT current_database() AS db`.execute(database.db);
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  url.pathname = `/${row.rows[0]?.db}`;
  return url.toString();
}
