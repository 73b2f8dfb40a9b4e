import type { MailKind } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { MailAudience, MailChoice } from '../mail/mail-choice.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { localePath } from '../web/i18n/index.ts';
import { accountSettingsEn } from './account-settings.en.ts';
import { accountSettingsFr } from './account-settings.fr.ts';
import { accountsError } from './accounts.errors.ts';
import {
  ADDRESS_LINKS,
  issueLink,
  type LinkDeps,
  NEW_ADDRESS_LINKS,
  PASSWORD_LINKS,
} from './links.ts';
import { mailChoicesRepository } from './mail-choices.repository.ts';
import { deviceOf } from './network.ts';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './passwords.ts';
import { passwordTokensRepository, sessionsRepository } from './sessions.repository.ts';
import type { OrganisationDirectory } from './user-admin.service.ts';
import { type UserRow, usersRepository } from './users.repository.ts';

/**
 * the kinds of mail a person chooses (the reminders are on unless turned off, the news digest is
 * off unless turned on); every other mail answers one of their actions
 */
export const MAIL_KINDS: readonly MailKind[] = [
  'call_reminders',
  'event_reminders',
  'booking_reminders',
  'news_digest',
];

export function isMailKind(value: unknown): value is MailKind {
  return typeof value === 'string' && (MAIL_KINDS as readonly string[]).includes(value);
}

export type AccountSettingsDeps = LinkDeps & {
  hubName: () => Promise<string>;
  directory: Pick<OrganisationDirectory, 'membershipsOf' | 'detach'>;
};

/** a session as its owner sees it in the list */
export type SessionView = {
  id: number;
  current: boolean;
  browser?: string;
  system?: string;
  network: string | null;
  createdAt: Date;
  lastSeenAt: Date | null;
};

const text = (user: UserRow) => (user.locale === 'fr' ? accountSettingsFr : accountSettingsEn);

/**
 * What a person changes on their own account: name, address (proved by a link mailed to the new
 * one; the old one is told), password (the other sessions end), sessions, memberships, and the
 * mails they receive. Nothing here is open to anyone but the account's owner, except the link
 * that confirms a new address and the unsubscribe link, which carry their own secrets.
 */
/** whether the password is the account's (an account without one matches nothing) */
async function matches(user: UserRow, password: string): Promise<boolean> {
  return user.password_hash !== null && verifyPassword(user.password_hash, password);
}

export function accountSettingsService(deps: AccountSettingsDeps) {
  const { db } = deps;
  const users = usersRepository(db);
  const sessions = sessionsRepository(db);

  async function owner(userId: string): Promise<UserRow> {
    const user = await users.findById(userId);
    if (!user || user.disabled_at) throw coreError('FORBIDDEN');
    return user;
  }

  async function checkPassword(user: UserRow, password: string): Promise<void> {
    if (!(await matches(user, password))) throw accountsError('WRONG_PASSWORD');
  }

  return {
    rename: (userId: string, name: string) => users.setName(userId, name),

    /** whether this is the account's password (a confirmation before erasing it, say) */
    async passwordMatches(userId: string, password: string): Promise<boolean> {
      const user = await users.findById(userId);
      return user !== undefined && !user.disabled_at && matches(user, password);
    },

    /**
     * Mails a link to the new address, after checking the current password; the address changes
     * when the link is used. The answer is the same whether the address has an account or not:
     * the link then fails with EMAIL_TAKEN, at the new address's owner only.
     */
    async requestEmailChange(userId: string, email: string, password: string): Promise<void> {
      const user = await owner(userId);
      await checkPassword(user, password);
      if (email.toLowerCase() === user.email.toLowerCase()) throw accountsError('EMAIL_UNCHANGED');
      const hub = await deps.hubName();
      await db.transaction().execute(async (trx) => {
        const link = await issueLink({ ...deps, db: trx }, user, 'email_change', email);
        const t = text(user).accountMail;
        await queueMail(trx, {
          to: email,
          subject: t.newAddressSubject(hub),
          text: t.newAddressBody(user.name, link),
        });
      });
    },

    /** the new address a live link is for, without using it up */
    async newAddressOf(token: string): Promise<string | undefined> {
      const found = await passwordTokensRepository(db).peek(hashSecret(token), NEW_ADDRESS_LINKS);
      return found?.email ?? undefined;
    },

    /**
     * Makes the address the link was sent to the account's, verified (opening the link proved
     * it); the old address is told, with a link to choose a password that it alone receives.
     * TOKEN_INVALID for a used or expired link; EMAIL_TAKEN when another account has the address.
     */
    async confirmEmailChange(token: string): Promise<UserRow> {
      const hub = await deps.hubName();
      return db.transaction().execute(async (trx) => {
        const links = passwordTokensRepository(trx);
        const used = await links.consume(hashSecret(token), NEW_ADDRESS_LINKS);
        const before = used?.email ? await usersRepository(trx).findById(used.userId) : undefined;
        if (!used?.email || !before || before.disabled_at) throw accountsError('TOKEN_INVALID');
        const after = await usersRepository(trx).setVerifiedEmail(before.id, used.email);
        if (!after) throw accountsError('EMAIL_TAKEN');
        await links.revokeLive(before.id, ADDRESS_LINKS);
        const reset = await issueLink({ ...deps, db: trx }, before, 'reset');
        const t = text(before).accountMail;
        await queueMail(trx, {
          to: before.email,
          subject: t.changedSubject(hub),
          text: t.changedBody(before.name, after.email, reset),
        });
        return after;
      });
    },

    /**
     * A new password, after the current one; every other session and password link ends, in one
     * transaction. Returns how many sessions ended.
     */
    async changePassword(
      userId: string,
      currentSession: string | null,
      current: string,
      next: string,
    ): Promise<number> {
      const user = await owner(userId);
      await checkPassword(user, current);
      const passwordHash = await hashPassword(next);
      return db.transaction().execute(async (trx) => {
        await usersRepository(trx).setPassword(user.id, passwordHash);
        await passwordTokensRepository(trx).revokeLive(user.id, PASSWORD_LINKS);
        const keep = currentSession ? hashSecret(currentSession) : '';
        return sessionsRepository(trx).deleteOthers(user.id, keep);
      });
    },

    async sessionsOf(userId: string, currentSession: string | null): Promise<SessionView[]> {
      const current = currentSession ? hashSecret(currentSession) : undefined;
      const rows = await sessions.listForUser(userId);
      return rows.map((row) => ({
        id: row.id,
        current: row.id_hash === current,
        ...deviceOf(row.user_agent),
        network: row.network,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
      }));
    },

    /** ends one of the person's sessions; false when it was not one of theirs, or had ended */
    endSession: (userId: string, sessionId: number) => sessions.deleteOne(userId, sessionId),

    /** stops acting for an organisation: its name, or undefined when the person was not a member */
    async leave(userId: string, slug: string): Promise<string | undefined> {
      const memberships = await deps.directory.membershipsOf(userId);
      const organisation = memberships.find((o) => o.slug === slug);
      if (!organisation) return undefined;
      return (await deps.directory.detach(organisation.id, userId))?.name;
    },

    ...mailChoices(deps),
  };
}

/** the mails a person receives: choices on the account page, unsubscribe links in the mails */
function mailChoices(deps: AccountSettingsDeps) {
  const users = usersRepository(deps.db);
  const choices = mailChoicesRepository(deps.db);
  /** the account of an unsubscribe key; a key of no plausible shape is no one's */
  const keyHolder = async (key: string) =>
    key.length > 0 && key.length <= 100 ? users.findByUnsubscribeKey(key) : undefined;
  return {
    /** which mails of each kind the person receives */
    async mailChoices(userId: string): Promise<Record<MailKind, boolean>> {
      const on = new Set(await choices.received(userId, MAIL_KINDS));
      return Object.fromEntries(MAIL_KINDS.map((k) => [k, on.has(k)])) as Record<MailKind, boolean>;
    },

    /** the kinds listed are received, the others are not */
    async setMailChoices(userId: string, received: MailKind[]): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        const repo = mailChoicesRepository(trx);
        for (const kind of MAIL_KINDS) {
          if (received.includes(kind)) await repo.turnOn(userId, kind);
          else await repo.turnOff(userId, kind);
        }
      });
    },

    /** the account an unsubscribe key belongs to (the link's page shows its button) */
    keyHolder,

    /** the one click of an unsubscribe link; false when the key is no account's */
    async unsubscribe(key: string, kind: MailKind): Promise<boolean> {
      const user = await keyHolder(key);
      if (!user) return false;
      await choices.turnOff(user.id, kind);
      return true;
    },

    /**
     * For the capabilities that send a non-essential mail: whether the person receives this kind,
     * and the line that ends the mail with its unsubscribe link, in the person's language.
     */
    mailOf: (async (userId, kind, trx) => {
      const inTrx = usersRepository(trx);
      const user = await inTrx.findById(userId);
      if (!user || user.disabled_at) return { send: false };
      const received = await mailChoicesRepository(trx).received(userId, [kind]);
      if (received.length === 0) return { send: false };
      const key = await inTrx.unsubscribeKey(user.id, newSecret().secret);
      const page = localePath(user.locale, '/desabonnement');
      const link = `${deps.publicUrl()}${page}?cle=${encodeURIComponent(key)}&type=${kind}`;
      return { send: true, footer: text(user).accountMail.unsubscribe[kind](link) };
    }) satisfies MailChoice,

    /** for the capabilities that send an opt-in kind: who turned it on */
    subscribers: ((kind, trx) =>
      mailChoicesRepository(trx).subscribers(kind)) satisfies MailAudience,
  };
}

export type AccountSettingsService = ReturnType<typeof accountSettingsService>;
