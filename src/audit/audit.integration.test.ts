import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyServerDatabase, engines, twoConnections } from '../../test/support/engines.ts';
import type { Database } from '../db/engine.ts';
import { openDatabase } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import { appendAudit, auditService } from './audit.service.ts';

const run = promisify(execFile);

async function appendMany(database: Database, count: number, tag: string) {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      database.db.transaction().execute((trx) =>
        appendAudit(trx, {
          actorId: null,
          subjectType: 'application',
          subjectId: `${tag}-${i}`,
          applicationId: i,
          action: 'state',
          before: { state: 'submitted' },
          after: { state: 'under_review', note: `é ${tag} “${i}”` },
        }),
      ),
    ),
  );
}

/** edits the log as someone with the database's keys would: past its guard */
async function tamper(database: Database, statement: ReturnType<typeof sql>) {
  await database.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only_trg`.execute(trx);
    await statement.execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only_trg`.execute(trx);
  });
}

describe.each(engines())('the audit log (%s)', (engine) => {
  let handles: Awaited<ReturnType<typeof twoConnections>>;
  beforeAll(async () => {
    handles = await twoConnections(engine);
  }, 60_000);
  afterAll(async () => handles?.close());

  it('stays one chain under 50 appends from two connections at once', async () => {
    await Promise.all([appendMany(handles.first, 25, 'a'), appendMany(handles.second, 25, 'b')]);
    const result = await auditService(handles.first.db).verify({ batchSize: 7 });
    expect(result).toMatchObject({ ok: true, count: 50 });
    const seqs = await handles.first.db
      .selectFrom('audit_log')
      .select('seq')
      .orderBy('seq')
      .execute();
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('refuses an update, a delete and a truncate through its guard', async () => {
    const db = handles.first.db;
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('finds an edited, a deleted and an inserted entry, each at its place', async () => {
    const database = handles.first;
    const audit = auditService(database.db);
    const row = async (seq: number) =>
      database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();

    const original = await row(10);
    await tamper(
      database,
      sql`UPDATE audit_log SET after = '{"state": "accepted"}' WHERE seq = 10`,
    );
    expect(await audit.verify()).toMatchObject({ ok: false, seq: 10, problem: 'hash', count: 9 });
    await tamper(
      database,
      sql`UPDATE audit_log SET after = ${JSON.stringify(original.after)}::jsonb WHERE seq = 10`,
    );
    expect(await audit.verify()).toMatchObject({ ok: true, count: 50 });

    await tamper(database, sql`DELETE FROM audit_log WHERE seq = 20`);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      seq: 21,
      problem: 'sequence',
      count: 19,
    });
    // renumbered to hide the gap: the link to the deleted entry's hash is still missing
    await tamper(database, sql`UPDATE audit_log SET seq = seq + 1000 WHERE seq > 20`);
    await tamper(database, sql`UPDATE audit_log SET seq = seq - 1001 WHERE seq > 1000`);
    expect(await audit.verify()).toMatchObject({ ok: false, seq: 20, problem: 'link', count: 19 });

    // slipped in at the end, with its hash computed the way the database does it
    const head = await row(49);
    await tamper(
      database,
      sql`INSERT INTO audit_log (seq, at, actor_id, subject_type, subject_id, application_id, action, before, after, prev_hash, hash)
          SELECT 50, now(), NULL, 'label', '1', NULL, 'withdrawn', NULL, NULL, ${original.hash},
            encode(sha256(convert_to(audit_entry_text(50, now(), NULL, 'label', '1', NULL, 'withdrawn', NULL, NULL, ${original.hash}), 'UTF8')), 'hex')`,
    );
    expect(head.seq).toBe(49);
    expect(await audit.verify()).toMatchObject({ ok: false, problem: 'link', seq: 20 });
  });
});

describe('totem audit verify', () => {
  it('exits 0 with the count, and 2 naming the first entry that does not hold', async () => {
    const server = process.env.TEST_DATABASE_URL ? await createEmptyServerDatabase() : undefined;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-audit-'));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      ...(server ? { DATABASE_URL: server.url } : {}),
    };
    try {
      const database = await openDatabase(
        server ? { databaseUrl: server.url } : { dataDir: path.join(dataDir, 'db') },
      );
      await migrate(database.db);
      await appendMany(database, 12, 'cli');
      await database.close();

      const good = await totem(['audit', 'verify'], env);
      expect(good.code).toBe(0);
      expect(good.stdout).toContain('12 entries');
      const head = /Last hash: ([0-9a-f]{64})/.exec(good.stdout)?.[1] ?? '';
      expect(head).toHaveLength(64);
      expect((await totem(['audit', 'verify', '--anchor', head], env)).code).toBe(0);
      const elsewhere = await totem(['audit', 'verify', '--anchor', 'f'.repeat(64)], env);
      expect(elsewhere.code).toBe(3);
      expect(elsewhere.stderr).toContain('no longer passes through');

      const again = await openDatabase(
        server ? { databaseUrl: server.url } : { dataDir: path.join(dataDir, 'db') },
      );
      await tamper(again, sql`UPDATE audit_log SET subject_id = 'forged' WHERE seq = 7`);
      await again.close();
      const bad = await totem(['audit', 'verify', '--json'], env);
      expect(bad.code).toBe(2);
      expect(JSON.parse(bad.stdout)).toMatchObject({
        ok: false,
        seq: 7,
        problem: 'hash',
        count: 6,
      });
      expect(bad.stderr).toContain('entry 7');
    } finally {
      await server?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

async function totem(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.resolve('bin/totem.js'), ...args],
      {
        env,
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
