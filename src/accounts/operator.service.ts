import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { accountsError } from './accounts.errors.ts';
import { issuePasswordLink } from './accounts.service.ts';
import { apiTokensService } from './api-tokens.service.ts';
import {
  type OrganisationDirectory,
  type OrganisationRef,
  organisationLabel,
} from './user-admin.service.ts';
import { userChangesRepository } from './user-changes.repository.ts';
import { type UserRow, usersRepository } from './users.repository.ts';

/**
 * What operators and scripts do from the command line (`totem users add`, `totem tokens create`).
 * The changes are recorded in the account's history with no author: the command line.
 */
export function operatorService(deps: {
  db: Kysely<DB>;
  publicUrl: () => string;
  directory: Pick<OrganisationDirectory, 'findBySiren' | 'attach'>;
}) {
  const { db, directory } = deps;
  const users = usersRepository(db);
  const changes = userChangesRepository(db);

  return {
    /**
     * A new account with a role and no password, attached to an organisation when a SIREN is
     * given, and a one-time link to choose the password. Nothing is created when the SIREN is
     * unknown or the address already has an account.
     */
    async addUser(input: {
      email: string;
      name?: string;
      role: Role;
      organisationSiren?: string;
    }): Promise<{ user: UserRow; link: string; organisation?: OrganisationRef }> {
      let organisation: OrganisationRef | undefined;
      if (input.organisationSiren !== undefined) {
        organisation = await directory.findBySiren(input.organisationSiren);
        if (!organisation) {
          throw accountsError(
            'ORGANISATION_UNKNOWN',
            `No organisation of the directory has the SIREN ${input.organisationSiren}: no account was created.`,
          );
        }
      }
      const { user, link } = await db.transaction().execute(async (trx) => {
        const user = await usersRepository(trx).create({
          email: input.email,
          name: input.name ?? input.email.split('@')[0] ?? input.email,
          passwordHash: null,
          role: input.role,
        });
        if (!user) {
          throw accountsError(
            'EMAIL_TAKEN',
            `An account already exists with the address ${input.email}: nothing was changed.`,
          );
        }
        await userChangesRepository(trx).record({
          userId: user.id,
          actorId: null,
          change: 'created',
          after: input.role,
        });
        const link = await issuePasswordLink(
          { db: trx, publicUrl: deps.publicUrl },
          user,
          'invite',
        );
        return { user, link };
      });
      if (organisation) {
        const attached = await directory.attach(organisation.id, user.id);
        if (!attached) throw accountsError('ORGANISATION_UNKNOWN');
        await changes.record({
          userId: user.id,
          actorId: null,
          change: 'organisation_added',
          after: organisationLabel(attached.organisation),
        });
      }
      return { user, link, organisation };
    },

    /** a token for the account of an address, its secret returned once */
    async createToken(email: string, name: string): Promise<{ user: UserRow; secret: string }> {
      const user = await users.findByEmail(email);
      if (!user) throw coreError('NOT_FOUND', `No account has the address ${email}.`);
      if (user.disabled_at) {
        throw accountsError(
          'ACCOUNT_DISABLED',
          `The account ${user.email} is disabled: its tokens would not work.`,
        );
      }
      const { token, secret } = await apiTokensService(db).create(user.id, name);
      await changes.record({
        userId: user.id,
        actorId: null,
        change: 'token_created',
        after: `${token.name} (${token.prefix}…)`,
      });
      return { user, secret };
    },
  };
}

export type OperatorService = ReturnType<typeof operatorService>;
