import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { type ApiTokenRow, apiTokensRepository } from './api-tokens.repository.ts';
import { hashSecret, newSecret } from './passwords.ts';
import type { UserRow } from './users.repository.ts';

export type { ApiTokenRow };

/** every token starts so, so that a leaked one is recognised (by people and secret scanners) */
export const API_TOKEN_PREFIX = 'totem_';
/** the characters of a token shown in lists: the marker and six of the secret's */
const SHOWN = API_TOKEN_PREFIX.length + 6;
/** a use is recorded at most this often per token */
const TOUCH_EVERY_MS = 60_000;

/** a new token: the secret, given once; the hash, stored; the first characters, shown */
export function newApiToken(): { secret: string; hash: string; prefix: string } {
  const secret = `${API_TOKEN_PREFIX}${newSecret().secret}`;
  return { secret, hash: hashSecret(secret), prefix: secret.slice(0, SHOWN) };
}

/** Personal API tokens: a person's scripts act as that person, with that person's role. */
export function apiTokensService(db: Kysely<DB>) {
  const tokens = apiTokensRepository(db);
  return {
    /** the token, and its secret: shown once, never stored */
    async create(userId: string, name: string): Promise<{ token: ApiTokenRow; secret: string }> {
      const { secret, hash, prefix } = newApiToken();
      const token = await tokens.create({ userId, name, tokenHash: hash, prefix });
      return { token, secret };
    },

    list: (userId: string) => tokens.listFor(userId),

    /** a live token of this person, by its secret (what the account page shows once) */
    findOwn(userId: string, secret: string): Promise<ApiTokenRow | undefined> {
      if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) {
        return Promise.resolve(undefined);
      }
      return tokens.findLive(userId, hashSecret(secret));
    },

    /** 404 when this person has no live token with that id */
    async revoke(userId: string, id: number): Promise<ApiTokenRow> {
      const revoked = await tokens.revoke(userId, id);
      if (!revoked) throw coreError('NOT_FOUND');
      return revoked;
    },

    /**
     * Who a request's token speaks for: undefined when it is unknown, revoked, or its account is
     * disabled (checked at every request). Records the use, at most once a minute.
     */
    async userFor(secret: string): Promise<UserRow | undefined> {
      if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return undefined;
      const found = await tokens.findUser(hashSecret(secret));
      if (!found) return undefined;
      const { token_id, last_used_at, ...user } = found;
      if (!last_used_at || Date.now() - last_used_at.getTime() >= TOUCH_EVERY_MS) {
        await tokens.touch(token_id);
      }
      return user;
    },
  };
}

export type ApiTokensService = ReturnType<typeof apiTokensService>;
