import type { Kysely } from 'kysely';
import type { DB, UserChange } from '../db/schema.ts';

/** one change of an account, with who made it (null: the command line) */
export type UserChangeRow = {
  id: string;
  change: UserChange;
  before: string | null;
  after: string | null;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
};

export function userChangesRepository(db: Kysely<DB>) {
  return {
    async record(input: {
      userId: string;
      actorId: string | null;
      change: UserChange;
      before?: string | null;
      after?: string | null;
    }): Promise<void> {
      await db
        .insertInto('user_changes')
        .values({
          user_id: input.userId,
          actor_id: input.actorId,
          change: input.change,
          before: input.before ?? null,
          after: input.after ?? null,
        })
        .execute();
    },

    /** the changes of an account, newest first */
    listFor(userId: string, limit = 200): Promise<UserChangeRow[]> {
      return db
        .selectFrom('user_changes as c')
        .leftJoin('users as a', 'a.id', 'c.actor_id')
        .select([
          'c.id',
          'c.change',
          'c.before',
          'c.after',
          'c.at',
          'c.actor_id',
          'a.name as actor_name',
          'a.email as actor_email',
        ])
        .where('c.user_id', '=', userId)
        .orderBy('c.at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
