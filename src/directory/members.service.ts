import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { membersRepository, type OrganisationRef } from './members.repository.ts';

export type { OrganisationRef };

const SEARCH_LIMIT = 20;

/**
 * Attaching people to organisations and detaching them, for the accounts' back office and the
 * command line (the directory owns who speaks for an organisation). A merged organisation is
 * neither found nor attached to: its members moved to the one kept.
 */
export function membersService(db: Kysely<DB>) {
  const members = membersRepository(db);
  return {
    findBySiren: (siren: string) => members.findBySiren(siren),
    search: (text: string) => members.search(text, SEARCH_LIMIT),
    membershipsOf: (userId: string) => members.membershipsOf(userId),

    /** undefined when there is no such organisation; `added` false when already a member */
    async attach(
      organisationId: string,
      userId: string,
    ): Promise<{ organisation: OrganisationRef; added: boolean } | undefined> {
      const organisation = await members.findById(organisationId);
      if (!organisation) return undefined;
      return { organisation, added: await members.add(organisation.id, userId) };
    },

    /** the organisation left, or undefined when the person was not one of its members */
    async detach(organisationId: string, userId: string): Promise<OrganisationRef | undefined> {
      const memberships = await members.membershipsOf(userId);
      const organisation = memberships.find((o) => o.id === organisationId);
      if (!organisation) return undefined;
      return (await members.remove(organisation.id, userId)) ? organisation : undefined;
    },
  };
}

export type MembersService = ReturnType<typeof membersService>;
