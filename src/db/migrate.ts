import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/**
 * Any constant shared by every Totem process: the advisory lock that serialises migrations, and
 * the first start's work that follows them (the demo data).
 */
export const MIGRATION_LOCK = 7_307_001;

export type Migration = { version: string; name: string; sql: string; checksum: string };

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ''),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies the pending migrations in order, each in its own transaction, under an advisory lock so
 * that two processes starting together apply each file once. Returns the names applied.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema
export async function migrate(db: Kysely<any>, migrations = listMigrations()) {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`.execute(conn);
      const done = await sql<{ version: string; name: string; checksum: string }>`
        SELECT version, name, checksum FROM schema_migrations`.execute(conn);
      const applied = new Map(done.rows.map((r) => [r.version, r]));
      const ran: string[] = [];
      for (const m of migrations) {
        const previous = applied.get(m.version);
        if (previous) {
          if (previous.checksum !== m.checksum) {
            throw new MigrationError(
              `Migration ${m.name} changed after it was applied; add a new migration instead.`,
            );
          }
          continue;
        }
        await sql`BEGIN`.execute(conn);
        try {
          await sql.raw(m.sql).execute(conn);
          await sql`INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (${m.version}, ${m.name}, ${m.checksum})`.execute(conn);
          await sql`COMMIT`.execute(conn);
        } catch (error) {
          await sql`ROLLBACK`.execute(conn);
          throw new MigrationError(`Migration ${m.name} failed: ${(error as Error).message}`);
        }
        ran.push(m.name);
      }
      return ran;
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
