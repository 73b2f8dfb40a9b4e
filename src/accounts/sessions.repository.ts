import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { USER_COLUMNS_JOINED, type UserRow } from './users.repository.ts';

export type SessionRow = {
  id: number;
  id_hash: string;
  created_at: Date;
  last_seen_at: Date | null;
  user_agent: string | null;
  network: string | null;
};

export function sessionsRepository(db: Kysely<DB>) {
  return {
    async create(input: {
      idHash: string;
      userId: string;
      expiresAt: Date;
      userAgent: string | null;
      network: string | null;
    }): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          id_hash: input.idHash,
          user_id: input.userId,
          expires_at: input.expiresAt,
          user_agent: input.userAgent,
          network: input.network,
          last_seen_at: sql`now()`,
        })
        .execute();
    },

    /** the user of a live session, unless the account is disabled, and when it was last seen */
    findUser(idHash: string): Promise<(UserRow & { last_seen_at: Date | null }) | undefined> {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([...USER_COLUMNS_JOINED, 'sessions.last_seen_at'])
        .where('sessions.id_hash', '=', idHash)
        .where('sessions.expires_at', '>', sql<Date>`now()`)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    async touch(idHash: string, network: string | null): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: sql`now()`, network })
        .where('id_hash', '=', idHash)
        .execute();
    },

    /** the live sessions of an account, the latest used first */
    listForUser(userId: string): Promise<SessionRow[]> {
      return db
        .selectFrom('sessions')
        .select(['id', 'id_hash', 'created_at', 'last_seen_at', 'user_agent', 'network'])
        .where('user_id', '=', userId)
        .where('expires_at', '>', sql<Date>`now()`)
        .orderBy(sql`coalesce(last_seen_at, created_at)`, 'desc')
        .execute();
    },

    /** ends one session of an account; false when it is not one of its live sessions */
    async deleteOne(userId: string, id: number): Promise<boolean> {
      const result = await db
        .deleteFrom('sessions')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** ends every session of an account but one (the one asking) */
    async deleteOthers(userId: string, keepHash: string): Promise<number> {
      const result = await db
        .deleteFrom('sessions')
        .where('user_id', '=', userId)
        .where('id_hash', '<>', keepHash)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
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

export type LinkPurpose = 'reset' | 'invite' | 'verify' | 'email_change';

/** what a used link gives: whose it is, what it was for, and the address it was sent for */
export type UsedLink = { userId: string; purpose: LinkPurpose; email: string | null };

export function passwordTokensRepository(db: Kysely<DB>) {
  return {
    async create(input: {
      tokenHash: string;
      userId: string;
      purpose: LinkPurpose;
      email: string;
      expiresAt: Date;
    }): Promise<void> {
      await db
        .insertInto('password_tokens')
        .values({
          token_hash: input.tokenHash,
          user_id: input.userId,
          purpose: input.purpose,
          email: input.email,
          expires_at: input.expiresAt,
        })
        .execute();
    },

    /** the user of a live link of one of these kinds, and its address, without using it up */
    async peek(
      tokenHash: string,
      purposes: LinkPurpose[],
    ): Promise<{ user_id: string; email: string | null } | undefined> {
      return db
        .selectFrom('password_tokens')
        .select(['user_id', 'email'])
        .where('token_hash', '=', tokenHash)
        .where('purpose', 'in', purposes)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
    },

    /** uses a live link of one of these kinds up, atomically: of two concurrent calls, one wins */
    async consume(tokenHash: string, purposes: LinkPurpose[]): Promise<UsedLink | undefined> {
      const row = await db
        .updateTable('password_tokens')
        .set({ used_at: sql`now()` })
        .where('token_hash', '=', tokenHash)
        .where('purpose', 'in', purposes)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .returning(['user_id', 'purpose', 'email'])
        .executeTakeFirst();
      return row ? { userId: row.user_id, purpose: row.purpose, email: row.email } : undefined;
    },

    /** ends every live link of these kinds of an account (a newer one replaces them, or one was used) */
    async revokeLive(userId: string, purposes: LinkPurpose[]): Promise<number> {
      const result = await db
        .updateTable('password_tokens')
        .set({ used_at: sql`now()` })
        .where('user_id', '=', userId)
        .where('purpose', 'in', purposes)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
