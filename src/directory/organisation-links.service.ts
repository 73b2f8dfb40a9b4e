import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { organisationsRepository } from './organisations.repository.ts';

/** an organisation as another capability links to it */
export type OrganisationLink = { id: string; slug: string; name: string };

/**
 * Organisations named by their addresses, for the capabilities that link to them (news), with the
 * directory's rules for addresses: a current slug names its organisation; a renamed one's old slug
 * or a merged one's names the organisation that answers for it now (merges followed to the end,
 * where the directory redirects that address); a slug never known, or a chain of merges that
 * loops, names none.
 */
export function organisationLinks(db: Kysely<DB>) {
  const orgs = organisationsRepository(db);
  return {
    /** the organisation each slug names today, by the slug asked; a slug naming none is absent */
    async bySlugs(slugs: readonly string[]): Promise<Map<string, OrganisationLink>> {
      const found = new Map<string, OrganisationLink>();
      for (const slug of new Set(slugs)) {
        const place = await orgs.whereIs(slug);
        const current =
          place?.kind === 'here' ? slug : place?.kind === 'moved' ? place.slug : undefined;
        const org = current === undefined ? undefined : await orgs.findBySlug(current);
        if (org && org.merged_into === null)
          found.set(slug, { id: org.id, slug: org.slug, name: org.name });
      }
      return found;
    },

    /** the organisations a person is a member of (a merge moves the members to the one kept) */
    membershipsOf: (userId: string): Promise<OrganisationLink[]> => orgs.memberships(userId),

    /** a few demo organisations: the other capabilities' demo data is made for them only */
    demoOrganisations: (limit: number): Promise<{ id: string; name: string }[]> =>
      orgs.demoOrganisations(limit),
  };
}
