import { execFile, spawn } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
      timeout: 240_000,
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

  it('tells a failed import in JSON with --json, naming the missing columns, and writes nothing', async () => {
    const file = path.join(dataDir, 'no-communes.csv');
    await writeFile(
      file,
      'siren,siret,etatAdministratifEtablissement\n552100554,55210055400012,A\n',
    );
    const env = { DATA_DIR: path.join(dataDir, 'never-created') };
    const res = await totem(['import', 'sirene', '--establishments', file, '--json'], env);
    expect(res.code).toBe(1);
    const { error } = JSON.parse(res.stdout);
    expect(error.code).toBe('MISSING_COLUMNS');
    expect(error.missing).toContain('codeCommuneEtablissement');
    expect(res.stderr).toContain('codeCommuneEtablissement');
    // without --json, the same failure is a message for a person
    const plain = await totem(['import', 'sirene', '--establishments', file], env);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain('missing required column');
    const none = await totem(['import', 'sirene', '--json'], env);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).error).toMatchObject({ code: 'IMPORT_FAILED' });
    // the headers are read before anything else: no database was even created
    await expect(access(env.DATA_DIR)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('tells a file that is not a SIRENE stock by its code, run after run', async () => {
    const { writeNationalEstablishments } = await import('../sirene/sample/national.ts');
    const file = await writeNationalEstablishments({
      base: path.join(dataDir, 'all-rejected'),
      rows: 3000,
      badSirenEvery: 1,
    });
    const env = { DATA_DIR: path.join(dataDir, 'rejections') };
    const res = await totem(['import', 'sirene', '--establishments', file.path, '--json'], env);
    expect(res.code).toBe(1);
    const { error } = JSON.parse(res.stdout);
    expect(error.code).toBe('TOO_MANY_REJECTIONS');
    expect(error.message).toContain('ce fichier ne ressemble pas à un stock SIRENE : 100 %');
    // the stopped import was closed as failed: the next run stops the same way
    const again = await totem(['import', 'sirene', '--establishments', file.path, '--json'], env);
    expect(JSON.parse(again.stdout).error.code).toBe('TOO_MANY_REJECTIONS');
  });

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

describe.skipIf(!process.env.TEST_DATABASE_URL)('an import killed mid-way', () => {
  it('leaves the register untouched, and the same command completes it', {
    timeout: 300_000,
  }, async () => {
    const { createEmptyServerDatabase } = await import('../../test/support/engines.ts');
    const { writeSireneSample } = await import('../sirene/sample/sample.ts');
    const pg = (await import('pg')).default;
    const server = await createEmptyServerDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'totem-kill-'));
    const client = new pg.Client({ connectionString: server.url });
    try {
      const sample = await writeSireneSample({ directory: dir, rows: 40_000, seed: 11 });
      const args = [
        'import',
        'sirene',
        '--establishments',
        sample.establishmentsPath,
        '--units',
        sample.unitsPath,
      ];
      const env = {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'silent',
        DATABASE_URL: server.url,
        DATA_DIR: dir,
      };
      const child = spawn(process.execPath, [BIN, ...args], { env, stdio: 'ignore' });
      await client.connect();
      // wait until it is reading the files, then kill it without warning
      for (let i = 0; i < 600; i++) {
        const r = await client
          .query<{ n: string }>(
            "SELECT coalesce(max(rows_read), 0) AS n FROM imports WHERE status = 'running'",
          )
          .catch(() => ({ rows: [{ n: '0' }] }));
        if (Number(r.rows[0]?.n) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      // the command runs the import in a process of its own (a bounded heap): that one stops too,
      // and with it every connection but this test's
      const others = async () =>
        Number(
          (
            await client.query<{ n: string }>(
              'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
            )
          ).rows[0]?.n,
        );
      await expect.poll(others, { timeout: 10_000, interval: 100 }).toBe(0);
      const orgs = await client.query<{ n: string }>('SELECT count(*) AS n FROM organisations');
      expect(Number(orgs.rows[0]?.n)).toBe(0);

      const again = await totem([...args, '--json'], env);
      expect(again.code, again.stderr).toBe(0);
      const summary = JSON.parse(again.stdout);
      expect(summary.organisationsCreated).toBeGreaterThan(100);
      const after = await client.query<{ n: string }>('SELECT count(*) AS n FROM organisations');
      expect(Number(after.rows[0]?.n)).toBe(summary.organisationsCreated);
      const states = await client.query<{ status: string }>(
        'SELECT status FROM imports ORDER BY id',
      );
      expect(states.rows.map((r) => r.status)).toEqual(['failed', 'done']);
    } finally {
      await client.end().catch(() => {});
      await server.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
