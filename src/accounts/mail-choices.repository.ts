import type { Kysely } from 'kysely';
import type { DB, MailKind, OptInKind, OptOutKind } from '../db/schema.ts';

/** the kinds that are off unless the person turns them on (a newsletter needs consent) */
export const OPT_IN_KINDS: readonly OptInKind[] = ['news_digest'];

export function isOptIn(kind: MailKind): kind is OptInKind {
  return (OPT_IN_KINDS as readonly string[]).includes(kind);
}

/**
 * The mails a person chose: mail_opt_outs holds one row per kind turned off (the reminders, on
 * unless turned off), mail_opt_ins one row per kind turned on (the news digest, off unless turned
 * on). Callers speak of kinds and received or not; which table answers is this file's business.
 */
export function mailChoicesRepository(db: Kysely<DB>) {
  return {
    /** the kinds this person receives, among those given */
    async received(userId: string, kinds: readonly MailKind[]): Promise<MailKind[]> {
      const [off, on] = await Promise.all([
        db.selectFrom('mail_opt_outs').select('kind').where('user_id', '=', userId).execute(),
        db.selectFrom('mail_opt_ins').select('kind').where('user_id', '=', userId).execute(),
      ]);
      const turnedOff = new Set<string>(off.map((r) => r.kind));
      const turnedOn = new Set<string>(on.map((r) => r.kind));
      return kinds.filter((k) => (isOptIn(k) ? turnedOn.has(k) : !turnedOff.has(k)));
    },

    async turnOff(userId: string, kind: MailKind): Promise<void> {
      if (isOptIn(kind)) {
        await db
          .deleteFrom('mail_opt_ins')
          .where('user_id', '=', userId)
          .where('kind', '=', kind)
          .execute();
        return;
      }
      await db
        .insertInto('mail_opt_outs')
        .values({ user_id: userId, kind: kind as OptOutKind })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doNothing())
        .execute();
    },

    async turnOn(userId: string, kind: MailKind): Promise<void> {
      if (isOptIn(kind)) {
        await db
          .insertInto('mail_opt_ins')
          .values({ user_id: userId, kind })
          .onConflict((oc) => oc.columns(['user_id', 'kind']).doNothing())
          .execute();
        return;
      }
      await db
        .deleteFrom('mail_opt_outs')
        .where('user_id', '=', userId)
        .where('kind', '=', kind as OptOutKind)
        .execute();
    },

    /** the active accounts that turned an opt-in kind on, with what a mail to them needs */
    async subscribers(kind: OptInKind) {
      return db
        .selectFrom('mail_opt_ins as o')
        .innerJoin('users as u', 'u.id', 'o.user_id')
        .select(['u.id', 'u.email', 'u.name', 'u.locale'])
        .where('o.kind', '=', kind)
        .where('u.disabled_at', 'is', null)
        .where('u.erased_at', 'is', null)
        .orderBy('u.id')
        .execute();
    },
  };
}
