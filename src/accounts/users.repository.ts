import { type Kysely, sql } from 'kysely';
import type { DB, Role } from '../db/schema.ts';

export type UserRow = {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  role: Role;
  locale: 'fr' | 'en';
  is_demo: boolean;
  created_at: Date;
  /** set when an administrator disabled the account */
  disabled_at: Date | null;
  /** when the owner proved the address by opening a link sent to it; null: not yet */
  email_verified_at: Date | null;
};

const columns = [
  'id',
  'email',
  'name',
  'password_hash',
  'role',
  'locale',
  'is_demo',
  'created_at',
  'disabled_at',
  'email_verified_at',
] as const;

/** the same columns, named after the table, for statements that join `users` to another */
export const USER_COLUMNS_JOINED = [
  'users.id',
  'users.email',
  'users.name',
  'users.password_hash',
  'users.role',
  'users.locale',
  'users.is_demo',
  'users.created_at',
  'users.disabled_at',
  'users.email_verified_at',
] as const;

export const USERS_PER_PAGE = 50;

/** a LIKE pattern matching the text anywhere, its wildcards taken literally */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function usersRepository(db: Kysely<DB>) {
  return {
    ...ownChanges(db),
    findByEmail(email: string): Promise<UserRow | undefined> {
      return db
        .selectFrom('users')
        .select(columns)
        .where(sql`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst();
    },

    findById(id: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();
    },

    /** undefined when the address is taken (the unique index decides, also under a race) */
    async create(input: {
      email: string;
      name: string;
      passwordHash: string | null;
      role?: Role;
      locale?: 'fr' | 'en';
      isDemo?: boolean;
      /** the address is proved already (demo accounts) */
      verified?: boolean;
    }): Promise<UserRow | undefined> {
      return db
        .insertInto('users')
        .values({
          email: input.email,
          name: input.name,
          password_hash: input.passwordHash,
          role: input.role ?? 'member',
          locale: input.locale ?? 'fr',
          is_demo: input.isDemo ?? false,
          email_verified_at: input.verified ? sql`now()` : null,
        })
        .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
        .returning(columns)
        .executeTakeFirst();
    },

    async setPassword(id: string, passwordHash: string): Promise<void> {
      await db
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Marks the address verified, when it is still the one the link was sent to; the account, or
     * undefined when the address changed since (or the account is gone).
     */
    async markVerified(id: string, email: string): Promise<UserRow | undefined> {
      return db
        .updateTable('users')
        .set({ email_verified_at: sql`coalesce(email_verified_at, now())`, updated_at: sql`now()` })
        .where('id', '=', id)
        .where(sql`lower(email)`, '=', email.toLowerCase())
        .returning(columns)
        .executeTakeFirst();
    },

    /** holds the account's row until the transaction ends (one link of a kind at a time) */
    async lock(id: string): Promise<void> {
      await db.selectFrom('users').select('id').where('id', '=', id).forUpdate().execute();
    },

    /** the active accounts of these roles, for the mails the team receives */
    withRoles(roles: Role[]): Promise<UserRow[]> {
      return db
        .selectFrom('users')
        .select(columns)
        .where('role', 'in', roles)
        .where('disabled_at', 'is', null)
        .orderBy('email')
        .execute();
    },

    async setRole(id: string, role: Role): Promise<void> {
      await db
        .updateTable('users')
        .set({ role, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    /** sets or clears the disabled mark; false when the account does not exist */
    async setDisabled(id: string, disabled: boolean): Promise<boolean> {
      const result = await db
        .updateTable('users')
        .set({ disabled_at: disabled ? sql`now()` : null, updated_at: sql`now()` })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** accounts whose name or address contains the text (accents and case aside), a page of them */
    async search(text: string, page: number): Promise<{ rows: UserRow[]; total: number }> {
      const pattern = containing(text.trim());
      const matching = db
        .selectFrom('users')
        .$if(text.trim() !== '', (q) =>
          q.where((eb) =>
            eb.or([
              eb(sql`unaccent(name)`, 'ilike', sql`unaccent(${pattern})`),
              eb('email', 'ilike', pattern),
            ]),
          ),
        );
      const [rows, count] = await Promise.all([
        matching
          .select(columns)
          .orderBy(sql`lower(name)`)
          .orderBy('email')
          .limit(USERS_PER_PAGE)
          .offset((page - 1) * USERS_PER_PAGE)
          .execute(),
        matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** what the account's owner changes: name, a proved new address, the unsubscribe links' key */
function ownChanges(db: Kysely<DB>) {
  return {
    async setName(id: string, name: string): Promise<void> {
      await db
        .updateTable('users')
        .set({ name, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    /**
     * The account's new address, proved by the link that was mailed to it; undefined when another
     * account has taken the address since (the unique index decides, also under a race).
     */
    async setVerifiedEmail(id: string, email: string): Promise<UserRow | undefined> {
      try {
        return await db
          .updateTable('users')
          .set({ email, email_verified_at: sql`now()`, updated_at: sql`now()` })
          .where('id', '=', id)
          .returning(columns)
          .executeTakeFirst();
      } catch (error) {
        if ((error as { code?: string }).code === '23505') return undefined;
        throw error;
      }
    },

    /** the key of the account's unsubscribe links, made once */
    async unsubscribeKey(id: string, fresh: string): Promise<string> {
      await db
        .updateTable('users')
        .set({ unsubscribe_key: fresh })
        .where('id', '=', id)
        .where('unsubscribe_key', 'is', null)
        .execute();
      const row = await db
        .selectFrom('users')
        .select('unsubscribe_key')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return row.unsubscribe_key ?? fresh;
    },

    findByUnsubscribeKey(key: string): Promise<UserRow | undefined> {
      return db
        .selectFrom('users')
        .select(columns)
        .where('unsubscribe_key', '=', key)
        .executeTakeFirst();
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
