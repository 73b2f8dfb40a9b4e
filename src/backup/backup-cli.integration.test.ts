import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyServerDatabase, engines } from '../../test/support/engines.ts';
import { startServerProcess } from '../../test/support/server-process.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/totem.js');

async function totem(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('totem backup and totem restore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'totem-backup-cli-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('on the embedded database: the running server makes the daily copy; the commands wait for it to stop', {
    timeout: 300_000,
  }, async () => {
    const env = {
      DATA_DIR: path.join(dir, 'data'),
      BACKUP_DIR: path.join(dir, 'daily'),
      BACKUP_HOUR: '0',
    };
    const server = await startServerProcess({ ...env, TOTEM_DEMO: '1' });
    let daily: string;
    try {
      await server.logged((line) => line.msg === 'daily backup written');
      const [name] = await readdir(env.BACKUP_DIR);
      expect(name).toMatch(/^totem-\d{4}-\d{2}-\d{2}\.backup$/);
      daily = path.join(env.BACKUP_DIR, name ?? '');
      // the database is the server's: both commands refuse, saying why
      const backup = await totem(['backup', '--out', path.join(dir, 'now.backup')], env);
      expect(backup.code).toBe(4);
      expect(backup.stderr).toContain('is using the embedded database');
      const restore = await totem(['restore', '--from', daily], env);
      expect(restore.code).toBe(4);
      expect(restore.stderr).toContain('stop it before restoring');
    } finally {
      await server.stop();
    }
    const restored = await totem(['restore', '--from', daily], env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Restored .* tables, \d+ rows, \d+ files/);

    const out = path.join(dir, 'stopped.backup');
    const made = await totem(['backup', '--out', out], env);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`Backup written to ${out}`);

    const bytes = await readFile(out);
    const at = Math.floor(bytes.length / 3);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    await writeFile(path.join(dir, 'damaged.backup'), bytes);
    const damaged = await totem(['restore', '--from', path.join(dir, 'damaged.backup')], env);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain('This backup is damaged or incomplete');
    await writeFile(path.join(dir, 'notes.txt'), 'hello\n');
    const other = await totem(['restore', '--from', path.join(dir, 'notes.txt')], env);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('This file is not a Totem backup.');
  });

  it.runIf(engines().includes('postgres'))(
    'on a PostgreSQL server',
    { timeout: 300_000 },
    async () => {
      const database = await createEmptyServerDatabase();
      try {
        const env = { DATABASE_URL: database.url, DATA_DIR: path.join(dir, 'server-data') };
        const out = path.join(dir, 'server.backup');
        const made = await totem(['backup', '--out', out], env);
        expect(made.stderr).toBe('');
        expect(made.code).toBe(0);
        const restored = await totem(['restore', '--from', out], env);
        expect(restored.code).toBe(0);
        expect(restored.stdout).toContain('from the postgres engine');
      } finally {
        await database.drop();
      }
    },
  );
});
