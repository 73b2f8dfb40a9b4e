import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The register's tables a merge writes in bulk. */
export type BulkTable = 'organisations' | 'establishments' | 'headcount_observations';

/** Below this many rows written, keeping the indexes up to date costs less than building them. */
export const BULK_MIN_ROWS = 10_000;

export type DroppedIndex = { table: BulkTable; name: string; definition: string };

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Whether a write of `incoming` rows into `table` is large enough, against what the table holds
 * (the planner's estimate, kept by ANALYZE), to build its indexes again after it rather than update
 * them row by row: at least `minRows`, and at least as many rows as the table has.
 */
export async function isBulkWrite(
  trx: Kysely<DB>,
  table: BulkTable,
  incoming: number,
  minRows = BULK_MIN_ROWS,
): Promise<boolean> {
  if (incoming < minRows) return false;
  const r = await sql<{ rows: number }>`
    SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = ${table}::regclass
  `.execute(trx);
  return incoming >= (r.rows[0]?.rows ?? 0);
}

/**
 * Drops the table's indexes that no constraint, uniqueness or conflict target needs, inside the
 * caller's transaction, and returns their definitions for `rebuildIndexes`. The drop holds the
 * table locked until the transaction ends: readers wait for the merge, which a bulk write (a
 * first import, a register that doubles) makes worth it.
 */
export async function dropSecondaryIndexes(
  trx: Kysely<DB>,
  table: BulkTable,
): Promise<DroppedIndex[]> {
  const found = await sql<{ name: string; definition: string }>`
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = ${table}::regclass AND NOT i.indisunique AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    ORDER BY c.relname
  `.execute(trx);
  for (const index of found.rows) {
    await sql.raw(`DROP INDEX ${quoted(index.name)}`).execute(trx);
  }
  return found.rows.map((r) => ({ table, ...r }));
}

/** Builds again, each in one pass over its table, the indexes `dropSecondaryIndexes` dropped. */
export async function rebuildIndexes(trx: Kysely<DB>, dropped: DroppedIndex[]): Promise<void> {
  for (const index of dropped) await sql.raw(index.definition).execute(trx);
}
