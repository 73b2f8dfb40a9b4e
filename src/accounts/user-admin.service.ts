import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { type Actor, authorize } from '../kernel/policy.ts';
import { accountsError } from './accounts.errors.ts';
import { accountsPolicy as can } from './accounts.policy.ts';
import { apiTokensRepository } from './api-tokens.repository.ts';
import { sessionsRepository } from './sessions.repository.ts';
import { userChangesRepository } from './user-changes.repository.ts';
import { type UserRow, usersRepository } from './users.repository.ts';

/** an organisation of the directory, as the back office names it */
export type OrganisationRef = { id: string; slug: string; name: string; siren: string | null };

/**
 * What accounts ask of the directory, which owns who speaks for an organisation (injected by
 * app/modules.ts and by the command line: see directory/members.service.ts).
 */
export type OrganisationDirectory = {
  findBySiren(siren: string): Promise<OrganisationRef | undefined>;
  search(text: string): Promise<OrganisationRef[]>;
  membershipsOf(userId: string): Promise<OrganisationRef[]>;
  /** undefined when there is no such organisation; `added` false when already a member */
  attach(
    organisationId: string,
    userId: string,
  ): Promise<{ organisation: OrganisationRef; added: boolean } | undefined>;
  /** undefined when the person was not a member */
  detach(organisationId: string, userId: string): Promise<OrganisationRef | undefined>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/** how an organisation is written in an account's history */
export const organisationLabel = (o: OrganisationRef) =>
  o.siren ? `${o.name} (${o.siren})` : o.name;

/**
 * The back office's accounts: search them, change a role, attach to organisations, disable and
 * enable. Every change is recorded with who made it and when; an administrator may neither
 * disable nor demote themselves (so one administrator always remains).
 */
export function userAdminService(deps: { db: Kysely<DB>; directory: OrganisationDirectory }) {
  const { db, directory } = deps;
  const users = usersRepository(db);
  const changes = userChangesRepository(db);

  /** the account asked for: 400 for an id that cannot be one, 404 for an unknown one */
  async function load(actor: Actor, id: string): Promise<UserRow> {
    authorize(actor, can.manageUsers, undefined);
    if (!isUuid(id)) throw coreError('BAD_REQUEST', `Not an account id: ${id.slice(0, 60)}`);
    const user = await users.findById(id);
    if (!user) throw coreError('NOT_FOUND');
    return user;
  }

  const actorId = (actor: Actor) => (actor.kind === 'user' ? actor.user.id : null);

  return {
    search(actor: Actor, text: string, page: number) {
      authorize(actor, can.manageUsers, undefined);
      return users.search(text, page);
    },

    /** everything the account's page shows */
    async account(actor: Actor, id: string) {
      const user = await load(actor, id);
      const [organisations, history, tokens] = await Promise.all([
        directory.membershipsOf(user.id),
        changes.listFor(user.id),
        apiTokensRepository(db).listFor(user.id),
      ]);
      return { user, organisations, history, tokens };
    },

    searchOrganisations: (text: string) => directory.search(text),

    /** false when the account already had the role */
    async setRole(actor: Actor, id: string, role: Role): Promise<boolean> {
      const user = await load(actor, id);
      if (user.id === actorId(actor) && role !== user.role) throw accountsError('SELF_DEMOTE');
      if (user.role === role) return false;
      await db.transaction().execute(async (trx) => {
        await usersRepository(trx).setRole(user.id, role);
        await userChangesRepository(trx).record({
          userId: user.id,
          actorId: actorId(actor),
          change: 'role',
          before: user.role,
          after: role,
        });
      });
      return true;
    },

    /**
     * Disables (its sessions end; its tokens stop, as every request checks the account) or
     * enables an account; false when it already was so.
     */
    async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<boolean> {
      const user = await load(actor, id);
      if (disabled && user.id === actorId(actor)) throw accountsError('SELF_DISABLE');
      if ((user.disabled_at !== null) === disabled) return false;
      await db.transaction().execute(async (trx) => {
        await usersRepository(trx).setDisabled(user.id, disabled);
        if (disabled) await sessionsRepository(trx).deleteForUser(user.id);
        await userChangesRepository(trx).record({
          userId: user.id,
          actorId: actorId(actor),
          change: disabled ? 'disabled' : 'enabled',
        });
      });
      return true;
    },

    /** 404 for an unknown organisation; false when already a member */
    async attach(actor: Actor, id: string, organisationId: string): Promise<boolean> {
      const user = await load(actor, id);
      if (!isUuid(organisationId)) throw coreError('BAD_REQUEST', 'Not an organisation id.');
      const result = await directory.attach(organisationId, user.id);
      if (!result) throw accountsError('ORGANISATION_UNKNOWN');
      if (result.added) {
        await changes.record({
          userId: user.id,
          actorId: actorId(actor),
          change: 'organisation_added',
          after: organisationLabel(result.organisation),
        });
      }
      return result.added;
    },

    /** 404 when the account is not a member of that organisation */
    async detach(actor: Actor, id: string, organisationId: string): Promise<void> {
      const user = await load(actor, id);
      if (!isUuid(organisationId)) throw coreError('BAD_REQUEST', 'Not an organisation id.');
      const left = await directory.detach(organisationId, user.id);
      if (!left) throw coreError('NOT_FOUND');
      await changes.record({
        userId: user.id,
        actorId: actorId(actor),
        change: 'organisation_removed',
        before: organisationLabel(left),
      });
    },
  };
}

export type UserAdminService = ReturnType<typeof userAdminService>;
