/**
 * Backups that restore: the whole database (every table of the public schema and its sequences)
 * and the uploaded files, in one file of Totem's own format (archive.ts), the same on both
 * engines. See README.md.
 */

import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { listMigrations } from '../db/migrate.ts';
import type { DB } from '../db/schema.ts';
import { ArchiveError, ArchiveWriter, type Manifest, readArchive } from './archive.ts';
import { backupError } from './backup.errors.ts';
import {
  addForeignKey,
  begin,
  commit,
  dropForeignKey,
  enabledTriggers,
  foreignKeys,
  listTables,
  movePageVersionsPast,
  pageVersions,
  readSequences,
  rollback,
  type Session,
  schemaVersion,
  setTrigger,
  truncateAll,
  withSession,
  writeSequences,
} from './backup.repository.ts';

/** where the uploaded files live under the data folder */
export const filesDir = (dataDir: string) => path.join(dataDir, 'files');

/**
 * Writes a backup of the database and of `DATA_DIR/files` to `out`. The tables are read in one
 * REPEATABLE READ, READ ONLY transaction (one snapshot: the server keeps running and writing
 * meanwhile); the files are copied after it, so every file a backed-up row names already exists.
 */
export async function createBackup(options: {
  db: Kysely<DB>;
  dataDir: string;
  out: string;
  now?: Date;
}): Promise<Manifest> {
  const { db, dataDir, out } = options;
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  return withSession(db, async (session) => {
    await begin(session, true);
    let writer: ArchiveWriter | undefined;
    try {
      const schema = await schemaVersion(session);
      if (!schema) throw new Error('the database has no migration applied: nothing to back up');
      const header = {
        format: 1,
        schema,
        engine: session.kind,
        created_at: (options.now ?? new Date()).toISOString(),
      };
      writer = await ArchiveWriter.create(out, header);
      const tables: Record<string, number> = {};
      for (const table of await listTables(session)) {
        tables[table.table] = await writer.table(table, session.copyOut(table));
      }
      const sequences = await readSequences(session);
      await writer.sequences(sequences);
      await commit(session);
      const files = await writeFiles(writer, filesDir(dataDir));
      return await writer.finish({ ...header, tables, sequences: sequences.length, files });
    } catch (error) {
      await rollback(session).catch(() => {});
      await writer?.abort();
      throw error;
    }
  });
}

/** the uploaded files, in name order; a file being written (`.part`) is not one yet */
async function listFiles(root: string): Promise<{ key: string; bytes: number }[]> {
  let names: string[];
  try {
    names = await readdir(root, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: { key: string; bytes: number }[] = [];
  for (const name of names.sort()) {
    if (name.endsWith('.part')) continue;
    const info = await lstat(path.join(root, name)).catch(() => null);
    if (info?.isFile()) files.push({ key: name.split(path.sep).join('/'), bytes: info.size });
  }
  return files;
}

async function writeFiles(
  writer: ArchiveWriter,
  root: string,
): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  for (const file of await listFiles(root)) {
    const content =
      file.bytes === 0
        ? Readable.from([])
        : createReadStream(path.join(root, file.key), { end: file.bytes - 1 });
    await writer.fileEntry(file, content);
    count++;
    bytes += file.bytes;
  }
  return { count, bytes };
}

/** the last migration of this version of Totem */
export function codeSchemaVersion(): string {
  const last = listMigrations().at(-1);
  if (!last) throw new Error('no migration found');
  return last.name;
}

/**
 * Reads the whole file and checks it: a Totem backup, undamaged (the checksum of its content
 * matches its manifest), of the schema this version of Totem has. Changes nothing.
 */
export async function verifyBackup(file: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = await readArchive(file);
  } catch (error) {
    throw archiveRefusal(error);
  }
  const code = codeSchemaVersion();
  if (manifest.schema !== code) {
    const newer = manifest.schema.slice(0, 4) > code.slice(0, 4);
    throw backupError(
      newer ? 'NEWER_SCHEMA' : 'OLDER_SCHEMA',
      `the backup's schema is ${manifest.schema}; this version of Totem's is ${code}` +
        (newer
          ? ': upgrade Totem, then restore it'
          : ': restore it with the version of Totem that made it, then upgrade'),
    );
  }
  return manifest;
}

function archiveRefusal(error: unknown): unknown {
  if (error instanceof ArchiveError) {
    return backupError(
      error.problem === 'not_a_backup' ? 'NOT_A_BACKUP' : 'DAMAGED',
      error.message,
    );
  }
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return backupError('NOT_A_BACKUP', `no such file: ${(error as NodeJS.ErrnoException).path}`);
  }
  return error;
}

/**
 * Restores a backup over the database and the uploaded files. The file is read twice: once to
 * check it whole (nothing changes if it is damaged, of another schema, or not a backup), then
 * to load it in ONE transaction — every table truncated, foreign keys and the application's
 * triggers set aside, each table loaded by COPY, sequences set, triggers back, foreign keys added
 * again (PostgreSQL checks every row) — so it never half-restores. The files are unpacked beside
 * `DATA_DIR/files` meanwhile and take its place once the transaction committed.
 */
export async function restoreBackup(options: {
  db: Kysely<DB>;
  dataDir: string;
  from: string;
}): Promise<Manifest> {
  const manifest = await verifyBackup(options.from);
  const root = filesDir(options.dataDir);
  const staging = `${root}.restoring-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await withSession(options.db, async (session) => {
      const tables = await listTables(session);
      await checkTarget(session, manifest, tables);
      const known = new Map(tables.map((t) => [t.table, t]));
      await begin(session, false);
      try {
        const keys = await foreignKeys(session);
        for (const key of keys) await dropForeignKey(session, key);
        const triggers = await enabledTriggers(session);
        for (const trigger of triggers) await setTrigger(session, trigger, false);
        const versions = await pageVersions(session);
        await truncateAll(session, tables);
        await readArchive(options.from, {
          table: async (record, data) => {
            if (!known.has(record.table)) throw backupError('SCHEMA_MISMATCH');
            await session.copyIn(record, data);
          },
          sequences: (values) => writeSequences(session, values),
          file: (record, content) => unpack(staging, record.key, content),
        });
        for (const trigger of triggers) await setTrigger(session, trigger, true);
        for (const key of keys) await addForeignKey(session, key);
        await movePageVersionsPast(session, versions);
        await commit(session);
      } catch (error) {
        await rollback(session).catch(() => {});
        throw archiveRefusal(error);
      }
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const replaced = `${root}.replaced-${process.pid}`;
  await rename(root, replaced).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staging, root);
  await rm(replaced, { recursive: true, force: true });
  return manifest;
}

async function checkTarget(
  session: Session,
  manifest: Manifest,
  tables: { table: string }[],
): Promise<void> {
  const schema = await schemaVersion(session);
  if (schema !== manifest.schema) {
    throw backupError(
      schema && schema > manifest.schema ? 'OLDER_SCHEMA' : 'NEWER_SCHEMA',
      `the database's schema is ${schema ?? 'empty'}; the backup's is ${manifest.schema}`,
    );
  }
  const here = tables.map((t) => t.table).sort();
  const there = Object.keys(manifest.tables).sort();
  if (here.join() !== there.join()) {
    const missing = there.filter((t) => !here.includes(t));
    const extra = here.filter((t) => !there.includes(t));
    throw backupError(
      'SCHEMA_MISMATCH',
      `tables only in the backup: ${missing.join(', ') || 'none'}; only in the database: ${extra.join(', ') || 'none'}`,
    );
  }
}

/** writes a file of the backup under the staging folder, never outside it */
async function unpack(root: string, key: string, content: AsyncIterable<Buffer>): Promise<void> {
  const segments = key.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'))) {
    throw new ArchiveError('damaged', `the backup names a file outside the files folder: ${key}`);
  }
  const target = path.resolve(root, ...segments);
  if (!target.startsWith(path.resolve(root) + path.sep)) {
    throw new ArchiveError('damaged', `the backup names a file outside the files folder: ${key}`);
  }
  await mkdir(path.dirname(target), { recursive: true });
  await pipeline(Readable.from(content), createWriteStream(target));
}
