import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { createTestDatabase, engines, twoConnections } from '../../test/support/engines.ts';
import { loadDemo } from '../app/demo.ts';
import type { Database } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import { ArchiveWriter } from './archive.ts';
import { backupError } from './backup.errors.ts';
import { listTables, withSession } from './backup.repository.ts';
import { codeSchemaVersion, createBackup, filesDir, restoreBackup } from './backup.service.ts';

/**
 * Every table of the public schema (read from the catalogue, so a new table is covered), each as
 * its rows in JSON, sorted; and every sequence's value.
 */
async function snapshot(db: Kysely<DB>): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const out: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`
      SELECT to_jsonb(t)::text AS row FROM ${sql.table(name)} t ORDER BY 1`.execute(db);
    out[name] = rows.rows.map((r) => r.row);
  }
  const sequences = await sql<{ name: string }>`
    SELECT relname AS name FROM pg_class
     WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace ORDER BY relname`.execute(db);
  for (const { name } of sequences.rows) {
    const r = await sql<{ v: string }>`
      SELECT last_value::text || '/' || is_called AS v FROM ${sql.table(name)}`.execute(db);
    out[`sequence ${name}`] = r.rows.map((x) => x.v);
  }
  return out;
}

/** every topic's page version now is past both the archive's and the one before the restore */
async function expectVersionsPast(
  db: Kysely<DB>,
  archived: string[],
  before: Map<string, number>,
): Promise<void> {
  const after = await pageVersionsOf(db);
  const inArchive = new Map(
    archived.map((row) => {
      const { topic, version } = JSON.parse(row) as { topic: string; version: number };
      return [topic, version];
    }),
  );
  expect([...after.keys()].sort()).toEqual([...inArchive.keys()].sort());
  for (const [topic, version] of after) {
    expect(version, topic).toBeGreaterThan(before.get(topic) ?? 0);
    expect(version, topic).toBeGreaterThan(inArchive.get(topic) ?? 0);
  }
}

async function pageVersionsOf(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await sql<{ topic: string; version: string }>`
    SELECT topic, version::text AS version FROM page_versions`.execute(db);
  return new Map(rows.rows.map((r) => [r.topic, Number(r.version)]));
}

/** every file under DATA_DIR/files, by key, with its SHA-256 */
async function filesOf(dataDir: string): Promise<Record<string, string>> {
  const root = filesDir(dataDir);
  const names = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const out: Record<string, string> = {};
  for (const entry of names) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(root, full)] = createHash('sha256')
      .update(await readFile(full))
      .digest('hex');
  }
  return out;
}

const count = async (db: Kysely<DB>, table: string) =>
  Number(
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db))
      .rows[0]?.n,
  );

/** changes in several tables and in the files: an insert, an update, a delete, a new file */
async function changeThings(t: TestApp): Promise<void> {
  const db = t.database.db;
  await sql`INSERT INTO instance_meta (key, value) VALUES ('after_backup', 'yes')`.execute(db);
  await sql`UPDATE organisations SET name = name || ' (changed)'`.execute(db);
  await sql`UPDATE hub SET name = 'Another hub'`.execute(db);
  await sql`DELETE FROM news_revisions`.execute(db);
  await sql`DELETE FROM organisation_relations`.execute(db);
  // a new row takes the next value of its identity column's sequence
  await sql`INSERT INTO organisation_relations (from_id, to_id, type)
            SELECT a.id, b.id, 'partner_of' FROM organisations a, organisations b
             WHERE a.id <> b.id LIMIT 1`.execute(db);
  await mkdir(path.join(filesDir(t.dataDir), 'news'), { recursive: true });
  await writeFile(path.join(filesDir(t.dataDir), 'news', 'added-after.pdf'), 'not in the backup');
}

async function refused(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!backupError.is(error)) throw error ?? new Error('not refused');
  return error.code;
}

/**
 * A well-formed backup, checksum and all, of empty tables, whose one file is named `key`: the
 * tables are truncated by the time its file is met.
 */
async function writeBackupNaming(database: Database, file: string, key: string): Promise<void> {
  const header = {
    format: 1,
    schema: codeSchemaVersion(),
    engine: database.kind,
    created_at: new Date().toISOString(),
  };
  const writer = await ArchiveWriter.create(file, header);
  const tables: Record<string, number> = {};
  for (const table of await withSession(database.db, listTables)) {
    tables[table.table] = await writer.table(table, Readable.from([]));
  }
  await writer.sequences([]);
  await writer.fileEntry({ key, bytes: 5 }, Readable.from([Buffer.from('hello')]));
  await writer.finish({ ...header, tables, sequences: 0, files: { count: 1, bytes: 5 } });
}

describe.each(engines())('backups on %s', (engine) => {
  let t: TestApp;
  let dir: string;
  let file: string;
  let before: Record<string, string[]>;
  let filesBefore: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    await loadDemo(t.database.db, t.app.capabilities, { withAccounts: true, dataDir: t.dataDir });
    dir = await mkdtemp(path.join(tmpdir(), 'totem-backups-'));
    file = path.join(dir, 'demo.backup');
    before = await snapshot(t.database.db);
    filesBefore = await filesOf(t.dataDir);
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores every table, every sequence and every file as they were at the backup', async () => {
    const manifest = await createBackup({ db: t.database.db, dataDir: t.dataDir, out: file });
    expect(manifest.schema).toBe(codeSchemaVersion());
    expect(manifest.engine).toBe(engine);
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.tables.organisations).toBe(before.organisations?.length);
    expect(manifest.tables.news_revisions).toBeGreaterThan(0);
    expect(manifest.tables.organisation_relations).toBeGreaterThan(0);
    expect(Object.keys(filesBefore).length).toBeGreaterThan(0);
    expect(manifest.files.count).toBe(Object.keys(filesBefore).length);

    await changeThings(t);
    expect(await snapshot(t.database.db)).not.toEqual(before);
    expect(await filesOf(t.dataDir)).not.toEqual(filesBefore);

    const versionsBefore = await pageVersionsOf(t.database.db);
    const restored = await restoreBackup({ db: t.database.db, dataDir: t.dataDir, from: file });
    expect(restored.sha256).toBe(manifest.sha256);
    // every table as it was, but the pages' versions: moved past both the archive's and those
    // before the restore, so that no page a server process kept is served after it
    const { page_versions: archived, ...rest } = before;
    const { page_versions: _now, ...restoredRest } = await snapshot(t.database.db);
    expect(restoredRest).toEqual(rest);
    await expectVersionsPast(t.database.db, archived ?? [], versionsBefore);
    expect(await filesOf(t.dataDir)).toEqual(filesBefore);
    // the audit log's triggers are back: it still refuses an edit
    await expect(sql`DELETE FROM audit_log`.execute(t.database.db)).rejects.toThrow();
    // and the foreign keys: a relation to no organisation is refused
    await expect(
      sql`UPDATE organisation_relations SET from_id = gen_random_uuid()`.execute(t.database.db),
    ).rejects.toThrow(/foreign key/);
  });

  it('refuses a damaged file and a truncated one, and changes nothing', async () => {
    await sql`INSERT INTO instance_meta (key, value) VALUES ('kept', 'yes')`.execute(t.database.db);
    const now = await snapshot(t.database.db);
    const filesNow = await filesOf(t.dataDir);
    const bytes = await readFile(file);

    const flipped = path.join(dir, 'flipped.backup');
    const damaged = Buffer.from(bytes);
    const at = Math.floor(damaged.length / 2);
    damaged[at] = (damaged[at] ?? 0) ^ 0x01;
    await writeFile(flipped, damaged);
    expect(
      await refused(restoreBackup({ db: t.database.db, dataDir: t.dataDir, from: flipped })),
    ).toBe('DAMAGED');

    const cut = path.join(dir, 'cut.backup');
    await writeFile(cut, bytes);
    await truncate(cut, Math.floor(bytes.length * 0.7));
    expect(await refused(restoreBackup({ db: t.database.db, dataDir: t.dataDir, from: cut }))).toBe(
      'DAMAGED',
    );

    expect(await snapshot(t.database.db)).toEqual(now);
    expect(await filesOf(t.dataDir)).toEqual(filesNow);
  });

  it('refuses a backup of a newer schema, an older one, and a file that is not a backup', async () => {
    const future = path.join(dir, 'future.backup');
    const writer = await ArchiveWriter.create(future, {
      format: 1,
      schema: '9999_from_the_future',
      engine,
      created_at: new Date().toISOString(),
    });
    await writer.finish({
      format: 1,
      schema: '9999_from_the_future',
      engine,
      created_at: new Date().toISOString(),
      tables: {},
      sequences: 0,
      files: { count: 0, bytes: 0 },
    });
    const rows = await count(t.database.db, 'organisations');
    const restore = (from: string) =>
      refused(restoreBackup({ db: t.database.db, dataDir: t.dataDir, from }));
    expect(await restore(future)).toBe('NEWER_SCHEMA');

    const past = path.join(dir, 'past.backup');
    const old = await ArchiveWriter.create(past, {
      format: 1,
      schema: '0001_init',
      engine,
      created_at: new Date().toISOString(),
    });
    await old.finish({
      format: 1,
      schema: '0001_init',
      engine,
      created_at: new Date().toISOString(),
      tables: {},
      sequences: 0,
      files: { count: 0, bytes: 0 },
    });
    expect(await restore(past)).toBe('OLDER_SCHEMA');

    const text = path.join(dir, 'notes.txt');
    await writeFile(text, 'these are not the data you are looking for\n');
    expect(await restore(text)).toBe('NOT_A_BACKUP');
    const { gzipSync } = await import('node:zlib');
    const gz = path.join(dir, 'other.gz');
    await writeFile(gz, gzipSync('PGDMP a dump of another tool\n'));
    expect(await restore(gz)).toBe('NOT_A_BACKUP');
    expect(await restore(path.join(dir, 'missing.backup'))).toBe('NOT_A_BACKUP');
    expect(await count(t.database.db, 'organisations')).toBe(rows);
  });

  it('rolls everything back when a backup goes wrong halfway, and writes no file outside its folder', async () => {
    const evil = path.join(dir, 'evil.backup');
    await writeBackupNaming(t.database, evil, '../escaped.txt');
    const now = await snapshot(t.database.db);
    const filesNow = await filesOf(t.dataDir);
    expect(
      await refused(restoreBackup({ db: t.database.db, dataDir: t.dataDir, from: evil })),
    ).toBe('DAMAGED');
    expect(await snapshot(t.database.db)).toEqual(now);
    expect(await filesOf(t.dataDir)).toEqual(filesNow);
    expect(await readdir(t.dataDir)).not.toContain('escaped.txt');
  });
});

/**
 * the snapshot but the migrations' record (applied at another time on each database) and the
 * pages' versions (a restore moves them past those of both databases)
 */
async function data(db: Kysely<DB>) {
  const { schema_migrations, page_versions, ...rest } = await snapshot(db);
  expect(schema_migrations?.length).toBeGreaterThan(0);
  expect(page_versions?.length).toBeGreaterThan(0);
  return rest;
}

describe.runIf(engines().includes('postgres'))('a backup of one engine', () => {
  let embedded: Database;
  let server: Database;
  let dir: string;
  beforeAll(async () => {
    embedded = await createTestDatabase('pglite');
    server = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'totem-cross-'));
  });
  afterAll(async () => {
    await embedded?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores on the other, both ways', async () => {
    await sql`INSERT INTO instance_meta (key, value) VALUES ('from', 'embedded')`.execute(
      embedded.db,
    );
    const embeddedDir = path.join(dir, 'embedded');
    const serverDir = path.join(dir, 'server');
    await mkdir(path.join(filesDir(embeddedDir), 'news'), { recursive: true });
    await writeFile(path.join(filesDir(embeddedDir), 'news', 'one.txt'), 'one');
    const out = path.join(dir, 'embedded.backup');
    await createBackup({ db: embedded.db, dataDir: embeddedDir, out });
    await restoreBackup({ db: server.db, dataDir: serverDir, from: out });
    expect(await data(server.db)).toEqual(await data(embedded.db));
    expect(await filesOf(serverDir)).toEqual(await filesOf(embeddedDir));

    await sql`UPDATE instance_meta SET value = 'server' WHERE key = 'from'`.execute(server.db);
    const back = path.join(dir, 'server.backup');
    await createBackup({ db: server.db, dataDir: serverDir, out: back });
    await restoreBackup({ db: embedded.db, dataDir: embeddedDir, from: back });
    expect(await data(embedded.db)).toEqual(await data(server.db));
  });
});

describe.runIf(engines().includes('postgres'))('a backup on a server that keeps writing', () => {
  let two: Awaited<ReturnType<typeof twoConnections>>;
  let copy: Database;
  let dir: string;
  beforeAll(async () => {
    two = await twoConnections('postgres');
    copy = await createTestDatabase('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'totem-live-'));
  });
  afterAll(async () => {
    await two?.close();
    await copy?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('holds one moment of the database, across its tables', async () => {
    // another process writes two tables far apart in the backup's order (tables are read by
    // name) in each transaction: a counter's row, and the last tick's number
    let ticks = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const tick = ticks + 1;
        await two.second.db.transaction().execute(async (trx) => {
          await sql`INSERT INTO auth_throttle (kind, key, attempts)
                    VALUES ('tick', ${String(tick)}, ${tick})`.execute(trx);
          await sql`INSERT INTO instance_meta (key, value) VALUES ('last_tick', ${String(tick)})
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(trx);
        });
        ticks = tick;
      }
    })();
    while (ticks < 20) await new Promise((r) => setTimeout(r, 5));
    const out = path.join(dir, 'live.backup');
    await createBackup({ db: two.first.db, dataDir: dir, out });
    const during = ticks;
    while (ticks < during + 20) await new Promise((r) => setTimeout(r, 5));
    writing = false;
    await writer;

    await restoreBackup({ db: copy.db, dataDir: path.join(dir, 'copy'), from: out });
    const counted = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM auth_throttle WHERE kind = 'tick'`.execute(copy.db);
    const last = await sql<{ value: string }>`
      SELECT value FROM instance_meta WHERE key = 'last_tick'`.execute(copy.db);
    const saved = counted.rows[0]?.n ?? 0;
    expect(saved).toBeGreaterThanOrEqual(20);
    expect(saved).toBeLessThan(ticks);
    // both tables come from the same moment
    expect(last.rows.map((r) => r.value)).toEqual([String(saved)]);
  });
});
