import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DB } from './schema.ts';

/** A table and the columns a COPY fills, in the order of each line's values. */
export type CopyTarget = { table: string; columns: readonly string[] };

/**
 * Loads lines in PostgreSQL's COPY text format (see `copyLine`) into a table, outside any
 * transaction, and returns how many rows went in. PostgreSQL's fastest way in: no statement per
 * row, no parameters, rows written in bulk.
 */
export type BulkCopy = (target: CopyTarget, lines: string) => Promise<number>;

const copiers = new WeakMap<Kysely<DB>, BulkCopy>();

const NAME = /^[a-z_][a-z0-9_]*$/;

function copyStatement(target: CopyTarget, source: string): string {
  // names come from the code, never from input; checked anyway, as they are spliced in
  for (const name of [target.table, ...target.columns]) {
    if (!NAME.test(name)) throw new Error(`not a plain SQL name: ${name}`);
  }
  return `COPY ${target.table} (${target.columns.join(', ')}) FROM ${source}`;
}

/** On the server: COPY … FROM STDIN on a connection of the pool. */
export function serverBulkCopy(pool: pg.Pool): BulkCopy {
  return async (target, lines) => {
    const client = await pool.connect();
    // a connection whose COPY failed midway goes back to the pool destroyed, never reused
    let failure: Error | undefined;
    try {
      const stream = client.query(copyFrom(copyStatement(target, 'STDIN')));
      await pipeline(Readable.from([lines]), stream);
      return stream.rowCount;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(failure);
    }
  };
}

/**
 * On PGlite: COPY … FROM '/dev/blob', its way of reading a client's data. PGlite has one session,
 * so the pool's single connection is held meanwhile: no transaction of another caller is open
 * while the COPY runs, and none starts.
 */
export function embeddedBulkCopy(pglite: PGlite, pool: pg.Pool): BulkCopy {
  return async (target, lines) => {
    const client = await pool.connect();
    try {
      const result = await pglite.query(copyStatement(target, "'/dev/blob'"), [], {
        blob: new Blob([lines]),
      });
      return result.affectedRows ?? 0;
    } finally {
      client.release();
    }
  };
}

export function registerBulkCopy(db: Kysely<DB>, copy: BulkCopy): void {
  copiers.set(db, copy);
}

/** The engine's bulk copy for this handle, when the database was opened by `openDatabase`. */
export function bulkCopyOf(db: Kysely<DB>): BulkCopy | undefined {
  return copiers.get(db);
}

/** What a COPY line holds: text, numbers, booleans, nulls. */
export type CopyValue = string | number | boolean | null | undefined;

/** One value in COPY text format: `\N` for null; backslash, tab, newline and return escaped. */
function copyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** One row as a line of COPY text format, newline included. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    line += copyValue(values[i]);
  }
  return `${line}\n`;
}
