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
] as const;

export function usersRepository(db: Kysely<DB>) {
  return {
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

    async setRole(id: string, role: Role): Promise<void> {
      await db
        .updateTable('users')
        .set({ role, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
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

export type UsersRepository = ReturnType<typeof usersRepository>;
