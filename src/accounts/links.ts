import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { localePath } from '../web/i18n/index.ts';
import { newSecret } from './passwords.ts';
import { type LinkPurpose, passwordTokensRepository } from './sessions.repository.ts';
import { type UserRow, usersRepository } from './users.repository.ts';

const HOURS: Record<LinkPurpose, number> = { reset: 1, invite: 24, verify: 48, email_change: 24 };
const PAGE: Record<LinkPurpose, string> = {
  reset: '/reinitialiser-mot-de-passe',
  invite: '/reinitialiser-mot-de-passe',
  verify: '/confirmer-adresse',
  email_change: '/compte/nouvelle-adresse',
};

/** the links that choose a password: one of them is live at a time, and using one ends them all */
export const PASSWORD_LINKS: LinkPurpose[] = ['reset', 'invite'];
export const ADDRESS_LINKS: LinkPurpose[] = ['verify'];
/** a change of address: a link mailed to the new address, which makes the change when used */
export const NEW_ADDRESS_LINKS: LinkPurpose[] = ['email_change'];

function familyOf(purpose: LinkPurpose): LinkPurpose[] {
  if (purpose === 'verify') return ADDRESS_LINKS;
  if (purpose === 'email_change') return NEW_ADDRESS_LINKS;
  return PASSWORD_LINKS;
}

export type LinkDeps = {
  db: Kysely<DB>;
  /** read at each use: it is only known once the server listens when PORT=0 */
  publicUrl: () => string;
};

/**
 * A one-time link for an account: to choose a password (a reset: an hour; the first password of
 * an account an operator created: 24 hours), to confirm the address (48 hours) or a new one (24 hours). Only the hash
 * of its secret is stored, with the address it is for. It replaces the account's live links of
 * the same family (a password's, an address's): the account's row is locked meanwhile, so that
 * two links asked together still leave one.
 */
export async function issueLink(
  deps: LinkDeps,
  user: UserRow,
  purpose: LinkPurpose,
  /** the address the link is for, when not the account's (a change of address: the new one) */
  email: string = user.email,
): Promise<string> {
  const { secret, hash } = newSecret();
  const family = familyOf(purpose);
  const write = async (db: Kysely<DB>) => {
    await usersRepository(db).lock(user.id);
    const tokens = passwordTokensRepository(db);
    await tokens.revokeLive(user.id, family);
    await tokens.create({
      tokenHash: hash,
      userId: user.id,
      purpose,
      email,
      expiresAt: new Date(Date.now() + HOURS[purpose] * 3_600_000),
    });
  };
  if (deps.db.isTransaction) await write(deps.db);
  else await deps.db.transaction().execute(write);
  return `${deps.publicUrl()}${localePath(user.locale, PAGE[purpose])}?token=${secret}`;
}

/** the link of a page of the site, in the person's language (a mail's "sign in here") */
export function pageLink(deps: Pick<LinkDeps, 'publicUrl'>, user: UserRow, page: string): string {
  return `${deps.publicUrl()}${localePath(user.locale, page)}`;
}
