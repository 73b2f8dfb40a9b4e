import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  createEmptyServerDatabase,
  createTestDatabase,
  engines,
} from '../../test/support/engines.ts';
import { bulkCopyOf, copyLine } from './bulk-copy.ts';
import { openDatabase } from './engine.ts';

// the server alone can end a connection from outside; PGlite has no other session
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('the server engine', () => {
  it('survives the server ending its idle connections, and answers again', async () => {
    const server = await createEmptyServerDatabase();
    const database = await openDatabase({ databaseUrl: server.url, poolSize: 2 });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      // two connections, both idle afterwards
      await Promise.all([
        sql`SELECT pg_sleep(0.05)`.execute(database.db),
        sql`SELECT pg_sleep(0.05)`.execute(database.db),
      ]);
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      const ended = await admin.query(
        'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1',
        [new URL(server.url).pathname.slice(1)],
      );
      await admin.end();
      expect(ended.rows.length).toBe(2);
      await expect.poll(() => warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings[0]).toContain('an idle database connection ended');
      const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
      expect(again.rows).toEqual([{ one: 1 }]);
    } finally {
      process.off('warning', onWarning);
      await database.close();
      await server.drop();
    }
  });
});

describe('the embedded engine', () => {
  it('takes settings for one process only, and leaves the data folder’s own as they were', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-engine-'));
    const setting = async (database: Awaited<ReturnType<typeof openDatabase>>) =>
      (await sql<{ work_mem: string }>`SHOW work_mem`.execute(database.db)).rows[0]?.work_mem;
    try {
      const lean = await openDatabase({ dataDir, embeddedSettings: { work_mem: '2MB' } });
      expect(await setting(lean)).toBe('2MB');
      await lean.close();
      const plain = await openDatabase({ dataDir });
      expect(await setting(plain)).toBe('4MB');
      const zone = await sql<{ TimeZone: string }>`SHOW timezone`.execute(plain.db);
      expect(zone.rows[0]?.TimeZone).toBe('UTC');
      await plain.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(engines())('bulk copy on %s', (engine) => {
  it('writes odd text exactly, reports a bad row, and the database answers after it', async () => {
    const database = await createTestDatabase(engine);
    try {
      await sql`CREATE TABLE copied (label text, amount float8, done boolean)`.execute(database.db);
      const copy = bulkCopyOf(database.db);
      if (!copy) throw new Error('no bulk copy');
      const target = { table: 'copied', columns: ['label', 'amount', 'done'] };
      const odd = 'tab\there, line\nbreak, back\\slash, « guillemets », \\N';
      const rows = await copy(target, copyLine([odd, 1.5, true]) + copyLine([null, null, false]));
      expect(rows).toBe(2);
      // a value the column refuses: the whole COPY is refused, with PostgreSQL's reason
      await expect(copy(target, copyLine(['x', 'not a number', true]))).rejects.toThrow(
        /double precision/,
      );
      const back = await sql<{ label: string | null; amount: number | null; done: boolean }>`
        SELECT label, amount, done FROM copied ORDER BY done DESC`.execute(database.db);
      expect(back.rows).toEqual([
        { label: odd, amount: 1.5, done: true },
        { label: null, amount: null, done: false },
      ]);
      await expect(copy({ table: 'copied; DROP', columns: ['label'] }, '')).rejects.toThrow(
        /plain SQL name/,
      );
    } finally {
      await database.close();
    }
  });
});
