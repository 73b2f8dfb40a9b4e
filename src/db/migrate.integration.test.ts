import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createEmptyServerDatabase, engines } from '../../test/support/engines.ts';
import { openDatabase } from './engine.ts';
import { listMigrations, migrate } from './migrate.ts';

async function withMigrations(files: Record<string, string>, run: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'totem-mig-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function open(engine: 'pglite' | 'postgres') {
  if (engine === 'pglite')
    return { database: await openDatabase({ dataDir: 'memory://' }), drop: async () => {} };
  const server = await createEmptyServerDatabase();
  return { database: await openDatabase({ databaseUrl: server.url }), drop: server.drop };
}

describe('migration files', () => {
  it('are numbered, in order, and each applies once', () => {
    const list = listMigrations();
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list.map((m) => m.version)).toEqual([...list.map((m) => m.version)].sort());
    expect(new Set(list.map((m) => m.version)).size).toBe(list.length);
  });
});

describe.each(engines())('migrations on %s', (engine) => {
  it('apply in order, are recorded, and are not applied twice', async () => {
    const { database, drop } = await open(engine);
    try {
      await withMigrations(
        {
          '0001_a.sql': 'CREATE TABLE a (id int);',
          '0002_b.sql': 'INSERT INTO a VALUES (1); CREATE TABLE b (id int);',
        },
        async (dir) => {
          expect(await migrate(database.db, listMigrations(dir))).toEqual(['0001_a', '0002_b']);
          expect(await migrate(database.db, listMigrations(dir))).toEqual([]);
          const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM a`.execute(
            database.db,
          );
          expect(rows.rows[0]?.n).toBe(1);
        },
      );
    } finally {
      await database.close();
      await drop();
    }
  });

  it('roll a failing migration back whole and name it', async () => {
    const { database, drop } = await open(engine);
    try {
      await withMigrations(
        {
          '0001_ok.sql': 'CREATE TABLE ok (id int);',
          '0002_bad.sql': 'CREATE TABLE half (id int); SELECT nope FROM nowhere;',
        },
        async (dir) => {
          await expect(migrate(database.db, listMigrations(dir))).rejects.toThrow(/0002_bad/);
          const half = await sql<{
            t: string | null;
          }>`SELECT to_regclass('half')::text AS t`.execute(database.db);
          expect(half.rows[0]?.t).toBeNull();
          const ok = await sql<{ t: string | null }>`SELECT to_regclass('ok')::text AS t`.execute(
            database.db,
          );
          expect(ok.rows[0]?.t).toBe('ok');
        },
      );
    } finally {
      await database.close();
      await drop();
    }
  });

  it('refuse a migration edited after it was applied', async () => {
    const { database, drop } = await open(engine);
    try {
      await withMigrations({ '0001_a.sql': 'CREATE TABLE a (id int);' }, async (dir) => {
        await migrate(database.db, listMigrations(dir));
        await writeFile(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (id bigint);');
        await expect(migrate(database.db, listMigrations(dir))).rejects.toThrow(
          /changed after it was applied/,
        );
      });
    } finally {
      await database.close();
      await drop();
    }
  });
});

function fail(): never {
  throw new Error('no runner');
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('migrations from several processes', () => {
  it('apply each file once when four runners start at the same moment', async () => {
    const server = await createEmptyServerDatabase();
    const runners = await Promise.all(
      [1, 2, 3, 4].map(() => openDatabase({ databaseUrl: server.url, poolSize: 2 })),
    );
    try {
      const results = await Promise.all(runners.map((r) => migrate(r.db)));
      const applied = results.flat();
      expect(applied).toEqual(listMigrations().map((m) => m.name));
      const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM hub_fields`.execute(
        (runners[0] ?? runners[1])?.db ?? fail(),
      );
      expect(rows.rows[0]?.n).toBe(4);
    } finally {
      await Promise.all(runners.map((r) => r.close()));
      await server.drop();
    }
  });
});
