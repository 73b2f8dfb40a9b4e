import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { USER_COLUMNS_JOINED, type UserRow } from './users.repository.ts';

export function sessionsRepository(db: Kysely<DB>) {
  return {
    async create(input: {
      idHash: string;
      userId: string;
      expiresAt: Date;
      userAgent: string | null;
    }): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          id_hash: input.idHash,
          user_id: input.userId,
          expires_at: input.expiresAt,
          user_agent: input.userAgent,
        })
        .execute();
    },

    /** the user of a live session, unless the account is disabled */
    findUser(idHash: string): Promise<UserRow | undefined> {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([...USER_COLUMNS_JOINED])
        .where('sessions.id_hash', '=', idHash)
        .where('sessions.expires_at', '>', sql<Date>`now()`)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    async delete(idHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    async deleteForUser(userId: string): Promise<void> {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    async deleteExpired(): Promise<number> {
      const result = await db
        .deleteFrom('sessions')
        .where('expires_at', '<=', sql<Date>`now()`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function passwordTokensRepository(db: Kysely<DB>) {
  return {
    async create(input: {
      tokenHash: string;
      userId: string;
      purpose: 'reset' | 'invite';
      expiresAt: Date;
    }): Promise<void> {
      await db
        .insertInto('password_tokens')
        .values({
          token_hash: input.tokenHash,
          user_id: input.userId,
          purpose: input.purpose,
          expires_at: input.expiresAt,
        })
        .execute();
    },

    /** the user of a live token, without using it up */
    async peek(tokenHash: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('password_tokens')
        .select('user_id')
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return row?.user_id;
    },

    /** uses a live token up, atomically: of two concurrent calls, only one gets the user */
    async consume(tokenHash: string): Promise<string | undefined> {
      const row = await db
        .updateTable('password_tokens')
        .set({ used_at: sql`now()` })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .returning('user_id')
        .executeTakeFirst();
      return row?.user_id;
    },
  };
}
