import { sql } from 'kysely';
import type { Database } from './engine.ts';

/**
 * Runs `work` while this process holds a PostgreSQL advisory lock, so that processes starting
 * together do it one after the other. The lock is held on a connection of its own, and `work`
 * uses the pool's others. The embedded engine has a single connection and a single process (the
 * data folder belongs to one server at a time): there the work simply runs.
 */
export async function withAdvisoryLock<T>(
  database: Database,
  key: number,
  work: () => Promise<T>,
): Promise<T> {
  if (database.kind === 'pglite') return work();
  return database.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${key})`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}
