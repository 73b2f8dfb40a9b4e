import type { Kysely } from 'kysely';
import type { DB, MailKind } from '../db/schema.ts';

/** The kinds of mail a person turned off (mail_opt_outs: one row per kind turned off). */
export function mailChoicesRepository(db: Kysely<DB>) {
  return {
    async turnedOff(userId: string): Promise<MailKind[]> {
      const rows = await db
        .selectFrom('mail_opt_outs')
        .select('kind')
        .where('user_id', '=', userId)
        .execute();
      return rows.map((r) => r.kind);
    },

    async turnOff(userId: string, kind: MailKind): Promise<void> {
      await db
        .insertInto('mail_opt_outs')
        .values({ user_id: userId, kind })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doNothing())
        .execute();
    },

    async turnOn(userId: string, kind: MailKind): Promise<void> {
      await db
        .deleteFrom('mail_opt_outs')
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .execute();
    },
  };
}
