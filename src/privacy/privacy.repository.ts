import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type PersonalColumn, SECRET_COLUMN } from './privacy.registry.ts';

/** a table's rows naming a person, at most this many per column (an export stays a file) */
const EXPORT_LIMIT = 10_000;

type Row = Record<string, unknown>;

const withoutSecrets = (row: Row): Row =>
  Object.fromEntries(Object.entries(row).filter(([name]) => !SECRET_COLUMN.test(name)));

/**
 * The statements of a person's data, over the columns the registry lists (their names come from
 * the registry, never from a request). The registry's tables belong to their capabilities; this
 * is the one place that reads and erases across them, because a person's rights do.
 */
export function privacyRepository(db: Kysely<DB>) {
  return {
    /** the foreign keys to `users` the database holds: table and column */
    async foreignKeysToUsers(): Promise<{ table: string; column: string }[]> {
      const result = await sql<{ table: string; column: string }>`
        SELECT c.conrelid::regclass::text AS table, a.attname AS column
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass
        ORDER BY 1, 2`.execute(db);
      return result.rows;
    },

    /** whether a column exists (the registry's entries that are not foreign keys) */
    async columnExists(table: string, column: string): Promise<boolean> {
      const result = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table} AND column_name = ${column}`.execute(
        db,
      );
      return (result.rows[0]?.n ?? 0) > 0;
    },

    async account(userId: string): Promise<Row | undefined> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirst();
      return row ? withoutSecrets(row as Row) : undefined;
    },

    async rowsNaming(entry: PersonalColumn, userId: string): Promise<Row[]> {
      const result = await sql<Row>`
        SELECT * FROM ${sql.table(entry.table)}
        WHERE ${sql.ref(entry.column)}::text = ${userId}
        LIMIT ${EXPORT_LIMIT}`.execute(db);
      const omitted = new Set(entry.omit ?? []);
      return result.rows
        .map(withoutSecrets)
        .map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !omitted.has(k))));
    },

    /** the mails queued or sent to the address (the queue keeps no account) */
    async mailsTo(email: string): Promise<Row[]> {
      const rows = await db
        .selectFrom('mail_queue')
        .select(['to_address', 'subject', 'body', 'status', 'created_at', 'sent_at'])
        .where(sql`lower(to_address)`, '=', email.toLowerCase())
        .orderBy('id')
        .limit(EXPORT_LIMIT)
        .execute();
      return rows as Row[];
    },

    async deleteMailsTo(email: string): Promise<void> {
      await db
        .deleteFrom('mail_queue')
        .where(sql`lower(to_address)`, '=', email.toLowerCase())
        .execute();
    },

    /** applies the registry's erasure for one column */
    async erase(entry: PersonalColumn, userId: string): Promise<void> {
      const where = sql`${sql.ref(entry.column)}::text = ${userId}`;
      const { erasure } = entry;
      if (erasure.do === 'delete') {
        await sql`DELETE FROM ${sql.table(entry.table)} WHERE ${where}`.execute(db);
      } else if (erasure.do === 'anonymise') {
        const sets = Object.entries(erasure.set).map(
          ([column, value]) => sql`${sql.ref(column)} = ${value}`,
        );
        if (erasure.unlink) sets.push(sql`${sql.ref(entry.column)} = NULL`);
        await sql`UPDATE ${sql.table(entry.table)} SET ${sql.join(sets)} WHERE ${where}`.execute(
          db,
        );
      }
    },

    /**
     * The account becomes a pseudonym: no name, an address that reaches no one, no password, no
     * unsubscribe key, disabled — its id stays, for what must keep pointing to someone.
     */
    async pseudonymise(userId: string, name: string): Promise<void> {
      await db
        .updateTable('users')
        .set({
          name,
          email: `erased-${userId}@invalid`,
          password_hash: null,
          unsubscribe_key: null,
          email_verified_at: null,
          disabled_at: sql`coalesce(disabled_at, now())`,
          erased_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('id', '=', userId)
        .execute();
    },
  };
}
