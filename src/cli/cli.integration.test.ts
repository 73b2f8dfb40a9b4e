import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve('bin/totem.js');

async function totem(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the totem command', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'totem-cli-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('lists its commands', async () => {
    const res = await totem(['--help'], {});
    expect(res.code).toBe(0);
    for (const command of ['serve', 'db', 'admin']) expect(res.stdout).toContain(command);
  });

  it('stops on a wrong setting, naming the variable', async () => {
    const res = await totem(['db', 'migrate'], { DATA_DIR: dataDir, PORT: 'eighty' });
    expect(res.code).toBe(78);
    expect(res.stderr).toContain('PORT');
    const url = await totem(['db', 'migrate'], { DATA_DIR: dataDir, DATABASE_URL: 'mysql://x' });
    expect(url.code).toBe(78);
    expect(url.stderr).toContain('DATABASE_URL');
  });

  it('migrates, then creates an administrator with a one-time link', async () => {
    const migrated = await totem(['db', 'migrate'], { DATA_DIR: dataDir });
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('0001_foundation');
    const again = await totem(['db', 'migrate'], { DATA_DIR: dataDir });
    expect(again.stdout).toContain('up to date');

    const created = await totem(['admin', 'create', '--email', 'chief@example.org'], {
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://hub.example.org',
    });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Administrator created: chief@example.org');
    expect(created.stdout).toMatch(
      /https:\/\/hub\.example\.org\/reinitialiser-mot-de-passe\?token=[\w-]{40,}/,
    );

    const bad = await totem(['admin', 'create', '--email', 'not an address'], {
      DATA_DIR: dataDir,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Not an e-mail address');
  });
});
