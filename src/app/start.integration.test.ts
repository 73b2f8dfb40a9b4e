import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyServerDatabase } from '../../test/support/engines.ts';
import { loadConfig } from '../kernel/config.ts';
import { start } from './start.ts';

async function countUsers(started: Awaited<ReturnType<typeof start>>) {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(
    started.database.db,
  );
  return r.rows[0]?.n;
}

describe('start on the embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'totem-start-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('creates the database, loads the demo hub and its accounts once, then reuses them', async () => {
    const lines: string[] = [];
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    const first = await start(config, (l) => lines.push(l));
    try {
      expect(existsSync(path.join(dataDir, 'db', 'PG_VERSION'))).toBe(true);
      const home = await fetch(`${first.url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('Digital Grenoble');
      expect(await countUsers(first)).toBe(4);
      const file = await readFile(path.join(dataDir, 'demo-accounts.txt'), 'utf8');
      for (const role of ['admin', 'staff', 'reviewer', 'member']) {
        expect(file).toMatch(
          new RegExp(`^${role}\\s+demo-${role}@totem\\.example\\s+\\S{16,}$`, 'm'),
        );
      }
      // the passwords were printed once, the same as in the file
      const adminLine = file.split('\n').find((l) => l.startsWith('admin'));
      expect(lines.join('\n')).toContain(adminLine);
      const hub = await (await fetch(`${first.url}/api/v1/hub`)).json();
      expect(hub.demo).toBe(true);
    } finally {
      await first.app.close();
    }

    const again: string[] = [];
    const second = await start(config, (l) => again.push(l));
    try {
      expect(second.database.created).toBe(false);
      expect(await countUsers(second)).toBe(4);
      expect(again.join('\n')).not.toContain('demo-admin');
    } finally {
      await second.app.close();
    }
  });

  it('starts empty with TOTEM_DEMO=0, with the default configuration all the same', async () => {
    const emptyDir = await mkdtemp(path.join(tmpdir(), 'totem-empty-'));
    const config = loadConfig({
      DATA_DIR: emptyDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      TOTEM_DEMO: '0',
    });
    const started = await start(config, () => {});
    try {
      expect(await countUsers(started)).toBe(0);
      expect(existsSync(path.join(emptyDir, 'demo-accounts.txt'))).toBe(false);
      const hub = await (await fetch(`${started.url}/api/v1/hub`)).json();
      expect(hub.demo).toBe(false);
      expect(hub.territory.map((e: { code: string }) => e.code)).toEqual([
        '200040715',
        '200018166',
      ]);
      expect(hub.fields).toHaveLength(4);
    } finally {
      await started.app.close();
      await rm(emptyDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('start on a PostgreSQL server', () => {
  it('loads no demo data, and runs two processes side by side on one database', async () => {
    const server = await createEmptyServerDatabase();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-pg-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: server.url,
    });
    // both start at the same moment: the advisory lock lets one migrate while the other waits
    const [a, b] = await Promise.all([start(config, () => {}), start(config, () => {})]);
    try {
      expect(a.database.kind).toBe('postgres');
      expect(await countUsers(a)).toBe(0);
      const migrations = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM schema_migrations`.execute(a.database.db);
      expect(migrations.rows[0]?.n).toBeGreaterThanOrEqual(2);
      const hub = await (await fetch(`${b.url}/api/v1/hub`)).json();
      expect(hub.demo).toBe(false);
      expect(existsSync(path.join(dataDir, 'demo-accounts.txt'))).toBe(false);
    } finally {
      await a.app.close();
      await b.app.close();
      await server.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
