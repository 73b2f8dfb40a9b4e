import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { type Locale, localePath } from '../web/i18n/index.ts';
import { accountsEn } from './accounts.en.ts';
import { accountsError } from './accounts.errors.ts';
import { accountsFr } from './accounts.fr.ts';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './passwords.ts';
import { passwordTokensRepository, sessionsRepository } from './sessions.repository.ts';
import { userChangesRepository } from './user-changes.repository.ts';
import { type UserRow, usersRepository } from './users.repository.ts';

const SESSION_DAYS = 30;
const RESET_MINUTES = 60;
const INVITE_HOURS = 24;

export type AccountsDeps = {
  db: Kysely<DB>;
  mailer: Mailer;
  /** read at each use: it is only known once the server listens when PORT=0 */
  publicUrl: () => string;
  hubName: () => Promise<string>;
};

/**
 * A one-time link to choose a password: a reset (an hour) or the first password of an account an
 * operator created (24 hours). Only the hash of its secret is stored.
 */
export async function issuePasswordLink(
  deps: Pick<AccountsDeps, 'db' | 'publicUrl'>,
  user: UserRow,
  purpose: 'reset' | 'invite',
): Promise<string> {
  const { secret, hash } = newSecret();
  const minutes = purpose === 'reset' ? RESET_MINUTES : INVITE_HOURS * 60;
  await passwordTokensRepository(deps.db).create({
    tokenHash: hash,
    userId: user.id,
    purpose,
    expiresAt: new Date(Date.now() + minutes * 60_000),
  });
  return `${deps.publicUrl()}${localePath(user.locale, '/reinitialiser-mot-de-passe')}?token=${secret}`;
}

// Verified against when the address is unknown, so that a wrong address costs the same time as a
// wrong password and does not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;

export function accountsService(deps: AccountsDeps) {
  const users = usersRepository(deps.db);
  const sessions = sessionsRepository(deps.db);
  const tokens = passwordTokensRepository(deps.db);

  return {
    async signUp(input: {
      email: string;
      name: string;
      password: string;
      locale: Locale;
    }): Promise<UserRow> {
      const user = await users.create({
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
        locale: input.locale,
      });
      if (!user) throw accountsError('EMAIL_TAKEN', undefined, { email: 'EMAIL_TAKEN' });
      return user;
    },

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

    /** a new session id at every sign-in; only its hash is stored */
    async startSession(userId: string, userAgent: string | null): Promise<string> {
      const { secret, hash } = newSecret();
      await sessions.create({
        idHash: hash,
        userId,
        userAgent: userAgent?.slice(0, 300) ?? null,
        expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
      });
      return secret;
    },

    userForSession(sessionId: string): Promise<UserRow | undefined> {
      return sessions.findUser(hashSecret(sessionId));
    },

    endSession(sessionId: string): Promise<void> {
      return sessions.delete(hashSecret(sessionId));
    },

    /** mails a link when the address has an active account; says nothing either way */
    async requestPasswordReset(email: string): Promise<void> {
      const user = await users.findByEmail(email);
      if (!user || user.disabled_at) return;
      const link = await issuePasswordLink(deps, user, 'reset');
      const t = user.locale === 'fr' ? accountsFr : accountsEn;
      await deps.mailer.send({
        to: user.email,
        subject: t.mail.resetSubject(await deps.hubName()),
        text: t.mail.resetBody(user.name, link),
      });
    },

    async isTokenLive(token: string): Promise<boolean> {
      return (await tokens.peek(hashSecret(token))) !== undefined;
    },

    /** sets the password and signs every other session out, in one transaction */
    async resetPassword(token: string, password: string): Promise<UserRow> {
      const passwordHash = await hashPassword(password);
      return deps.db.transaction().execute(async (trx) => {
        const userId = await passwordTokensRepository(trx).consume(hashSecret(token));
        if (!userId) throw accountsError('TOKEN_INVALID');
        const trxUsers = usersRepository(trx);
        await trxUsers.setPassword(userId, passwordHash);
        await sessionsRepository(trx).deleteForUser(userId);
        const user = await trxUsers.findById(userId);
        if (!user || user.disabled_at) throw accountsError('TOKEN_INVALID');
        return user;
      });
    },

    /**
     * Creates an account with a role and no password (or gives an existing one the role), and
     * returns a one-time link to choose the password.
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
  };
}

export type AccountsService = ReturnType<typeof accountsService>;
