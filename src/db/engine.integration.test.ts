import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createEmptyServerDatabase } from '../../test/support/engines.ts';
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
