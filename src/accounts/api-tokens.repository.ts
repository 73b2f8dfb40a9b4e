import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { USER_COLUMNS_JOINED, type UserRow } from './users.repository.ts';

/** a token as its owner sees it: never its secret, nor its hash */
export type ApiTokenRow = {
  id: number;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
};

const listed = ['id', 'name', 'prefix', 'created_at', 'last_used_at'] as const;

export function apiTokensRepository(db: Kysely<DB>) {
  return {
    create(input: {
      userId: string;
      name: string;
      tokenHash: string;
      prefix: string;
    }): Promise<ApiTokenRow> {
      return db
        .insertInto('api_tokens')
        .values({
          user_id: input.userId,
          name: input.name,
          token_hash: input.tokenHash,
          prefix: input.prefix,
        })
        .returning(listed)
        .executeTakeFirstOrThrow();
    },

    /** the live (not revoked) tokens of a person, newest first */
    listFor(userId: string): Promise<ApiTokenRow[]> {
      return db
        .selectFrom('api_tokens')
        .select(listed)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    /** one live token of a person, by the hash of its secret */
    findLive(userId: string, tokenHash: string): Promise<ApiTokenRow | undefined> {
      return db
        .selectFrom('api_tokens')
        .select(listed)
        .where('user_id', '=', userId)
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },

    /**
     * The token of a secret's hash with its owner, when the token is live and the account is not
     * disabled: read at every request that carries it.
     */
    findUser(
      tokenHash: string,
    ): Promise<(UserRow & { token_id: number; last_used_at: Date | null }) | undefined> {
      return db
        .selectFrom('api_tokens as t')
        .innerJoin('users', 'users.id', 't.user_id')
        .select([...USER_COLUMNS_JOINED, 't.id as token_id', 't.last_used_at'])
        .where('t.token_hash', '=', tokenHash)
        .where('t.revoked_at', 'is', null)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
    },

    /** records a use, unless one was recorded less than a minute ago (also under a race) */
    async touch(id: number): Promise<void> {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: sql`now()` })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb('last_used_at', 'is', null),
            eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
          ]),
        )
        .execute();
    },

    /** marks a live token of a person revoked; undefined when there is none with that id */
    revoke(userId: string, id: number): Promise<ApiTokenRow | undefined> {
      return db
        .updateTable('api_tokens')
        .set({ revoked_at: sql`now()` })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .returning(listed)
        .executeTakeFirst();
    },
  };
}
