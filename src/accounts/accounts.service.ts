import type { Role } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Locale } from '../web/i18n/index.ts';
import { accountsEn } from './accounts.en.ts';
import { accountsError } from './accounts.errors.ts';
import { accountsFr } from './accounts.fr.ts';
import { type AfterAnswer, afterAnswer } from './after-answer.ts';
import { ADDRESS_LINKS, issueLink, type LinkDeps, PASSWORD_LINKS, pageLink } from './links.ts';
import { networkOf } from './network.ts';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './passwords.ts';
import { passwordTokensRepository, sessionsRepository } from './sessions.repository.ts';
import { userChangesRepository } from './user-changes.repository.ts';
import { type UserRow, usersRepository } from './users.repository.ts';

const SESSION_DAYS = 30;
/** a session's last use is written at most this often */
const SEEN_EVERY_MS = 5 * 60_000;

export type AccountsDeps = LinkDeps & {
  mailer: Mailer;
  hubName: () => Promise<string>;
};

/**
 * A one-time link to choose a password: a reset (an hour) or the first password of an account an
 * operator created (24 hours). It replaces the account's other live password links.
 */
export function issuePasswordLink(
  deps: LinkDeps,
  user: UserRow,
  purpose: 'reset' | 'invite',
): Promise<string> {
  return issueLink(deps, user, purpose);
}

// Verified against when the address is unknown, so that a wrong address costs the same time as a
// wrong password and does not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;

/** the mails of the account forms, each in the person's language */
function accountMails(deps: AccountsDeps) {
  const text = (user: UserRow) => (user.locale === 'fr' ? accountsFr : accountsEn).mail;
  return {
    async reset(user: UserRow): Promise<void> {
      const link = await issueLink(deps, user, 'reset');
      await deps.mailer.send({
        to: user.email,
        subject: text(user).resetSubject(await deps.hubName()),
        text: text(user).resetBody(user.name, link),
      });
    },
    async verify(user: UserRow): Promise<void> {
      const link = await issueLink(deps, user, 'verify');
      await deps.mailer.send({
        to: user.email,
        subject: text(user).verifySubject(await deps.hubName()),
        text: text(user).verifyBody(user.name, link),
      });
    },
    /** someone signed up with the address of an account: its owner hears it, with a way back in */
    async alreadyRegistered(user: UserRow): Promise<void> {
      const reset = await issueLink(deps, user, 'reset');
      await deps.mailer.send({
        to: user.email,
        subject: text(user).registeredSubject(await deps.hubName()),
        text: text(user).registeredBody(user.name, pageLink(deps, user, '/connexion'), reset),
      });
    },
  };
}

/** signing up, confirming the address, forgetting and choosing a password */
function addressesAndPasswords(deps: AccountsDeps, later: AfterAnswer) {
  const users = usersRepository(deps.db);
  const tokens = passwordTokensRepository(deps.db);
  const mails = accountMails(deps);
  return {
    /**
     * A new account, whose address is not verified yet: the link to confirm it leaves after the
     * answer. An address that already has an account gets no second one: its owner is told by
     * mail (with a link to choose a password), and the answer is the same as for a new account,
     * after the same work (the password is hashed either way), so that the form does not tell
     * which addresses have accounts.
     */
    async signUp(input: {
      email: string;
      name: string;
      password: string;
      locale: Locale;
    }): Promise<void> {
      const created = await users.create({
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
        locale: input.locale,
      });
      later.run(async () => {
        if (created) return mails.verify(created);
        const existing = await users.findByEmail(input.email);
        if (existing && !existing.disabled_at) await mails.alreadyRegistered(existing);
      });
    },

    /** a new link to confirm the address (the older ones end); false when it is verified already */
    async resendVerification(userId: string): Promise<boolean> {
      const user = await users.findById(userId);
      if (!user || user.email_verified_at || user.disabled_at) return false;
      later.run(() => mails.verify(user));
      return true;
    },

    /** the account whose address a live link confirms, marked verified; TOKEN_INVALID otherwise */
    async verifyAddress(token: string): Promise<UserRow> {
      return deps.db.transaction().execute(async (trx) => {
        const used = await passwordTokensRepository(trx).consume(hashSecret(token), ADDRESS_LINKS);
        // the address the link was sent to must still be the account's
        const user = used?.email
          ? await usersRepository(trx).markVerified(used.userId, used.email)
          : undefined;
        if (!user) throw accountsError('TOKEN_INVALID');
        return user;
      });
    },

    /**
     * Mails a link when the address has an active account; says nothing either way. The answer
     * does not wait for it: looking the account up, making the link and sending the mail happen
     * after it, so that it takes the same time for every address.
     */
    requestPasswordReset(email: string): void {
      later.run(async () => {
        const user = await users.findByEmail(email);
        if (user && !user.disabled_at) await mails.reset(user);
      });
    },

    async isTokenLive(token: string, purpose: 'password' | 'address'): Promise<boolean> {
      const family = purpose === 'password' ? PASSWORD_LINKS : ADDRESS_LINKS;
      return (await tokens.peek(hashSecret(token), family)) !== undefined;
    },

    /** the address a live confirmation link is for, without using it up */
    async addressOfLink(token: string): Promise<string | undefined> {
      return (await tokens.peek(hashSecret(token), ADDRESS_LINKS))?.email ?? undefined;
    },

    /**
     * Sets the password, ends the account's other password links and every session, in one
     * transaction. The link was sent to the address (or handed to its owner by an operator): when
     * it is still the account's address, the address is verified too.
     */
    async resetPassword(token: string, password: string): Promise<UserRow> {
      const passwordHash = await hashPassword(password);
      return deps.db.transaction().execute(async (trx) => {
        const links = passwordTokensRepository(trx);
        const used = await links.consume(hashSecret(token), PASSWORD_LINKS);
        if (!used) throw accountsError('TOKEN_INVALID');
        const trxUsers = usersRepository(trx);
        const user = await trxUsers.findById(used.userId);
        if (!user || user.disabled_at) throw accountsError('TOKEN_INVALID');
        await trxUsers.setPassword(user.id, passwordHash);
        await links.revokeLive(user.id, PASSWORD_LINKS);
        await sessionsRepository(trx).deleteForUser(user.id);
        const proved = used.email ? await trxUsers.markVerified(user.id, used.email) : undefined;
        return proved ?? user;
      });
    },
  };
}

/** signing in and out */
function sessionRules(deps: AccountsDeps) {
  const users = usersRepository(deps.db);
  const sessions = sessionsRepository(deps.db);
  return {
    async authenticate(email: string, password: string): Promise<UserRow> {
      const user = await users.findByEmail(email);
      if (!user?.password_hash) {
        decoyHash ??= hashPassword('decoy password, never valid');
        await verifyPassword(await decoyHash, password);
        throw accountsError('INVALID_CREDENTIALS');
      }
      if (!(await verifyPassword(user.password_hash, password))) {
        throw accountsError('INVALID_CREDENTIALS');
      }
      // a disabled account hears what a wrong password hears, after the same work
      if (user.disabled_at) throw accountsError('INVALID_CREDENTIALS');
      return user;
    },

    /** a new session id at every sign-in; only its hash is stored, with a coarse network */
    async startSession(userId: string, userAgent: string | null, ip?: string): Promise<string> {
      const { secret, hash } = newSecret();
      await sessions.create({
        idHash: hash,
        userId,
        userAgent: userAgent?.slice(0, 300) ?? null,
        network: ip ? networkOf(ip) : null,
        expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
      });
      return secret;
    },

    /** the session's user; when it was last seen more than five minutes ago, it is seen now */
    async userForSession(sessionId: string, ip?: string): Promise<UserRow | undefined> {
      const idHash = hashSecret(sessionId);
      const found = await sessions.findUser(idHash);
      if (!found) return undefined;
      const { last_seen_at: seen, ...user } = found;
      if (!seen || Date.now() - seen.getTime() > SEEN_EVERY_MS) {
        await sessions.touch(idHash, ip ? networkOf(ip) : null);
      }
      return user;
    },

    endSession(sessionId: string): Promise<void> {
      return sessions.delete(hashSecret(sessionId));
    },
  };
}

/** accounts made with a role (the command line), and the accounts other capabilities read */
function roleAccounts(deps: AccountsDeps) {
  const users = usersRepository(deps.db);
  return {
    /**
     * Creates an account with a role and no password (or gives an existing one the role), and
     * returns a one-time link to choose the password. Choosing it through that link verifies the
     * address.
     */
    async createWithRole(input: { email: string; name?: string; role: Role }): Promise<{
      user: UserRow;
      link: string;
      created: boolean;
    }> {
      const name = input.name ?? input.email.split('@')[0] ?? input.email;
      let user = await users.create({
        email: input.email,
        name,
        passwordHash: null,
        role: input.role,
      });
      const created = user !== undefined;
      const changes = userChangesRepository(deps.db);
      if (user) {
        await changes.record({
          userId: user.id,
          actorId: null,
          change: 'created',
          after: input.role,
        });
      } else {
        const existing = await users.findByEmail(input.email);
        if (!existing) throw coreError('CONFLICT');
        await users.setRole(existing.id, input.role);
        if (existing.role !== input.role) {
          const role = { before: existing.role, after: input.role };
          await changes.record({ userId: existing.id, actorId: null, change: 'role', ...role });
        }
        user = { ...existing, role: input.role };
      }
      return { user, link: await issuePasswordLink(deps, user, 'invite'), created };
    },

    findUser: (id: string) => users.findById(id),

    /** the hub's team (staff and administrators), active accounts, for the mails it receives */
    staffAccounts: () => users.withRoles(['staff', 'admin']),
  };
}

/**
 * Accounts: signing up and in, sessions, the address's confirmation, password links. Mails about
 * an address leave after the answer (`later`), in the order asked.
 */
export function accountsService(deps: AccountsDeps) {
  const later = afterAnswer();
  return {
    ...addressesAndPasswords(deps, later),
    ...sessionRules(deps),
    ...roleAccounts(deps),
    /** resolves once the mails asked so far are sent (or failed) */
    mailsSent: () => later.settled(),
    /** where a mail that failed after its answer is reported */
    reportMailFailures: (report: (error: unknown) => void) => later.reportTo(report),
  };
}

export type AccountsService = ReturnType<typeof accountsService>;
