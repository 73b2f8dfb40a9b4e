/**
 * All the SQL of backups: the catalogue (tables, columns, sequences, foreign keys, triggers) and
 * the COPY streams, through one session of the engine — the server's pool connection, or PGlite's
 * single one, held for the whole backup or restore so that nothing else runs in between.
 */

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { rawEngineOf } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import type { SequenceValue, TableRecord } from './archive.ts';

/** One connection to the engine, with its COPY streams. */
export type Session = {
  kind: 'pglite' | 'postgres';
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  /** a table's rows in COPY text format, in pieces */
  copyOut(table: TableRecord): AsyncIterable<Buffer>;
  /** loads COPY text (pieces cut anywhere) into a table */
  copyIn(table: TableRecord, data: AsyncIterable<Buffer>): Promise<void>;
};

/** quotes a name from the catalogue for SQL */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

const columnList = (t: TableRecord) => t.columns.map(ident).join(', ');

/** Runs `work` on one connection of the database's engine, held until it ends. */
export async function withSession<T>(
  db: Kysely<DB>,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const raw = rawEngineOf(db);
  if (!raw) throw new Error('a backup needs a database opened by openDatabase');
  const client = await raw.pool.connect();
  let failure: Error | undefined;
  try {
    return await work(
      raw.kind === 'postgres' ? serverSession(client) : embeddedSession(raw.pglite),
    );
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // a server connection whose COPY failed is destroyed, never reused
    client.release(raw.kind === 'postgres' ? failure : undefined);
  }
}

function serverSession(client: pg.PoolClient): Session {
  return {
    kind: 'postgres',
    async query<R>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as R[];
    },
    copyOut(table) {
      return client.query(copyTo(`COPY ${ident(table.table)} (${columnList(table)}) TO STDOUT`));
    },
    async copyIn(table, data) {
      const stream = client.query(
        copyFrom(`COPY ${ident(table.table)} (${columnList(table)}) FROM STDIN`),
      );
      await pipeline(Readable.from(data), stream);
    },
  };
}

/** pages of a table read by one COPY on PGlite, which hands a COPY's whole output at once */
const PAGES_PER_READ = 1024;
/** bytes given to one COPY on PGlite */
const BYTES_PER_LOAD = 8 * 1_048_576;

/**
 * PGlite's session. Its COPY reads from and writes to a blob in memory ('/dev/blob'), so a table
 * is read a range of pages at a time (a TID range scan) and loaded a few megabytes at a time, cut
 * at a line's end: memory stays bounded whatever the table's size.
 */
function embeddedSession(pglite: PGlite): Session {
  return {
    kind: 'pglite',
    async query<R>(text: string, params: unknown[] = []) {
      return (await pglite.query<R>(text, params)).rows;
    },
    async *copyOut(table) {
      const size = await pglite.query<{ pages: number }>(
        `SELECT (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int AS pages`,
        [ident(table.table)],
      );
      const pages = size.rows[0]?.pages ?? 0;
      for (let first = 0; first < pages; first += PAGES_PER_READ) {
        const result = await pglite.query(
          `COPY (SELECT ${columnList(table)} FROM ${ident(table.table)}
                 WHERE ctid >= '(${first},0)'::tid AND ctid < '(${first + PAGES_PER_READ},0)'::tid)
           TO '/dev/blob'`,
        );
        if (result.blob && result.blob.size > 0) yield Buffer.from(await result.blob.arrayBuffer());
      }
    },
    async copyIn(table, data) {
      const statement = `COPY ${ident(table.table)} (${columnList(table)}) FROM '/dev/blob'`;
      const load = (lines: Buffer) =>
        pglite.query(statement, [], { blob: new Blob([lines as Uint8Array<ArrayBuffer>]) });
      let pending: Buffer[] = [];
      let size = 0;
      for await (const piece of data) {
        pending.push(piece);
        size += piece.length;
        if (size < BYTES_PER_LOAD) continue;
        const joined = Buffer.concat(pending);
        const cut = joined.lastIndexOf(10) + 1;
        if (cut === 0) continue;
        await load(joined.subarray(0, cut));
        pending = [joined.subarray(cut)];
        size = joined.length - cut;
      }
      const rest = Buffer.concat(pending);
      if (rest.length > 0) await load(rest);
    },
  };
}

/** the last migration applied, or null on a database never migrated */
export async function schemaVersion(session: Session): Promise<string | null> {
  const rows = await session.query<{ name: string }>(
    'SELECT name FROM schema_migrations ORDER BY version DESC LIMIT 1',
  );
  return rows[0]?.name ?? null;
}

/** the tables a backup holds */
export const NOT_BACKED_UP = new Set(['schema_migrations']);

/**
 * Every table of the public schema with the columns a COPY writes (generated ones are computed
 * again), in name order. Read from the catalogue, so that a new table is always backed up.
 */
export async function listTables(session: Session): Promise<TableRecord[]> {
  const rows = await session.query<{ table_name: string; columns: string[] | string }>(
    `SELECT c.table_name, json_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
       FROM information_schema.columns c
       JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER'
      GROUP BY c.table_name
      ORDER BY c.table_name`,
  );
  return rows
    .filter((r) => !NOT_BACKED_UP.has(r.table_name))
    .map((r) => ({
      table: r.table_name,
      columns: typeof r.columns === 'string' ? JSON.parse(r.columns) : r.columns,
    }));
}

/** every sequence of the public schema (identity columns' included) and where it stands */
export async function readSequences(session: Session): Promise<SequenceValue[]> {
  const names = await session.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class
      WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace ORDER BY relname`,
  );
  const values: SequenceValue[] = [];
  for (const { name } of names) {
    const [row] = await session.query<{ last_value: string | number; is_called: boolean }>(
      `SELECT last_value, is_called FROM ${ident(name)}`,
    );
    if (row) values.push({ name, value: String(row.last_value), called: row.is_called });
  }
  return values;
}

export async function writeSequences(session: Session, values: SequenceValue[]): Promise<void> {
  for (const v of values) {
    await session.query('SELECT setval($1::regclass, $2::bigint, $3)', [
      ident(v.name),
      String(v.value),
      v.called,
    ]);
  }
}

export type ForeignKey = { table: string; name: string; definition: string };

export async function foreignKeys(session: Session): Promise<ForeignKey[]> {
  return session.query<ForeignKey>(
    `SELECT cl.relname AS table, co.conname AS name, pg_get_constraintdef(co.oid) AS definition
       FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
      WHERE co.contype = 'f' AND co.connamespace = 'public'::regnamespace
      ORDER BY cl.relname, co.conname`,
  );
}

export async function dropForeignKey(session: Session, key: ForeignKey): Promise<void> {
  await session.query(`ALTER TABLE ${ident(key.table)} DROP CONSTRAINT ${ident(key.name)}`);
}

/** adds a foreign key back: PostgreSQL checks every row against it */
export async function addForeignKey(session: Session, key: ForeignKey): Promise<void> {
  await session.query(
    `ALTER TABLE ${ident(key.table)} ADD CONSTRAINT ${ident(key.name)} ${key.definition}`,
  );
}

export type Trigger = { table: string; name: string };

/** the enabled triggers written for the application (an audit's, a facet count's…) */
export async function enabledTriggers(session: Session): Promise<Trigger[]> {
  return session.query<Trigger>(
    `SELECT cl.relname AS table, tg.tgname AS name
       FROM pg_trigger tg JOIN pg_class cl ON cl.oid = tg.tgrelid
      WHERE NOT tg.tgisinternal AND tg.tgenabled <> 'D'
        AND cl.relnamespace = 'public'::regnamespace
      ORDER BY cl.relname, tg.tgname`,
  );
}

export async function setTrigger(session: Session, t: Trigger, on: boolean): Promise<void> {
  await session.query(
    `ALTER TABLE ${ident(t.table)} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${ident(t.name)}`,
  );
}

/** each topic's page version (migration 0043), as they stand before a restore */
export async function pageVersions(
  session: Session,
): Promise<{ topic: string; version: string }[]> {
  return session.query('SELECT topic, version::text AS version FROM page_versions');
}

/**
 * Moves every topic's page version past both what the archive held and what it stood at before
 * the restore (`before`), and says so to every process: a page a server process kept before the
 * restore, under versions the archive may hold again, is never served after it.
 */
export async function movePageVersionsPast(
  session: Session,
  before: readonly { topic: string; version: string }[],
): Promise<void> {
  await session.query(
    `UPDATE page_versions p SET version = greatest(p.version, b.version::bigint) + 1
       FROM unnest($1::text[], $2::text[]) AS b (topic, version) WHERE p.topic = b.topic`,
    [before.map((v) => v.topic), before.map((v) => v.version)],
  );
  await session.query(
    `SELECT pg_notify('page_versions', string_agg(topic, ',' ORDER BY topic)) FROM page_versions`,
  );
}

export async function truncateAll(session: Session, tables: TableRecord[]): Promise<void> {
  if (tables.length === 0) return;
  await session.query(`TRUNCATE ${tables.map((t) => ident(t.table)).join(', ')}`);
}

export const begin = (session: Session, readOnly: boolean) =>
  session.query(
    readOnly
      ? 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY'
      : 'BEGIN ISOLATION LEVEL SERIALIZABLE',
  );
export const commit = (session: Session) => session.query('COMMIT');
export const rollback = (session: Session) => session.query('ROLLBACK');

/** the scheduled backup's days: one row claimed by the process that makes the day's copy */
export function backupRuns(db: Kysely<DB>) {
  return {
    /**
     * Claims the day for this process: true when it got it — a new day, or a claim left
     * unfinished since before `staleBefore` (its process died) — false when another has it.
     */
    async claim(day: string, staleBefore: Date): Promise<boolean> {
      const row = await db
        .insertInto('backup_runs')
        .values({ day })
        .onConflict((oc) =>
          oc
            .column('day')
            .doUpdateSet({ started_at: new Date() })
            .where('backup_runs.finished_at', 'is', null)
            .where('backup_runs.started_at', '<', staleBefore),
        )
        .returning('day')
        .executeTakeFirst();
      return row !== undefined;
    },
    async finish(day: string, file: string, bytes: number): Promise<void> {
      await db
        .updateTable('backup_runs')
        .set({ finished_at: new Date(), file, bytes })
        .where('day', '=', day)
        .execute();
    },
    /** gives the day back after a failure, for the next round to try again */
    async release(day: string): Promise<void> {
      await db
        .deleteFrom('backup_runs')
        .where('day', '=', day)
        .where('finished_at', 'is', null)
        .execute();
    },
  };
}
