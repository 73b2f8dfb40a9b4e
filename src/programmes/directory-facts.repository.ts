import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { OrganisationFacts } from './eligibility.ts';

export type ApplicantOrganisation = OrganisationFacts & {
  id: string;
  name: string;
  siren: string | null;
  isDemo: boolean;
};

/**
 * What programmes read of the directory, and never write: an organisation's facts for the
 * eligibility rules, who is its member, whether a SIRET names one of its establishments. Merged
 * organisations are not found (their members and establishments moved to the one kept).
 */
export function directoryFactsRepository(db: Kysely<DB>) {
  const organisations = () =>
    db
      .selectFrom('organisations as o')
      .where('o.merged_into', 'is', null)
      .select([
        'o.id',
        'o.name',
        'o.siren',
        'o.status',
        'o.kind',
        'o.created_on as createdOn',
        'o.headcount_min as headcountMin',
        'o.headcount_max as headcountMax',
        'o.is_demo as isDemo',
        sql<boolean>`cardinality(o.communes) > 0 OR o.head_office_in_territory`.as('inTerritory'),
      ]);
  return {
    bySiren(siren: string): Promise<ApplicantOrganisation | undefined> {
      return organisations().where('o.siren', '=', siren).executeTakeFirst();
    },

    /** the id of the organisation at this address of the directory, if it is there */
    async idBySlug(slug: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('organisations')
        .select('id')
        .where('slug', '=', slug)
        .where('merged_into', 'is', null)
        .executeTakeFirst();
      return row?.id;
    },

    byId(id: string): Promise<ApplicantOrganisation | undefined> {
      return organisations().where('o.id', '=', id).executeTakeFirst();
    },

    async isMember(userId: string, organisationId: string): Promise<boolean> {
      const row = await db
        .selectFrom('organisation_members')
        .select('user_id')
        .where('user_id', '=', userId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Demonstration organisations that could apply to an open call (active, in the territory,
     * with a SIREN; neither restricted nor a sole trader), by address, with the SIRET of one of
     * their open establishments (the head office first) when the directory has one.
     */
    async demoApplicants(
      limit: number,
    ): Promise<{ id: string; siren: string; siret: string | null }[]> {
      const rows = await db
        .selectFrom('organisations as o')
        .select([
          'o.id',
          'o.siren',
          (eb) =>
            eb
              .selectFrom('establishments as e')
              .select('e.siret')
              .whereRef('e.organisation_id', '=', 'o.id')
              .where('e.status', '=', 'open')
              .orderBy('e.is_head_office', 'desc')
              .orderBy('e.siret')
              .limit(1)
              .as('siret'),
        ])
        .where('o.is_demo', '=', true)
        .where('o.merged_into', 'is', null)
        .where('o.status', '=', 'active')
        .where('o.siren', 'is not', null)
        .where('o.restricted', '=', false)
        .where('o.sole_trader', '=', false)
        .where(sql<boolean>`(cardinality(o.communes) > 0 OR o.head_office_in_territory)`)
        .orderBy('o.slug')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, siren: r.siren ?? '', siret: r.siret ?? null }));
    },

    /** the SIRETs of this list the directory knows: an establishment, or its organisation's SIREN */
    async knownSirets(sirets: readonly string[]): Promise<Set<string>> {
      if (sirets.length === 0) return new Set();
      const establishments = await db
        .selectFrom('establishments')
        .select('siret')
        .where('siret', 'in', [...sirets])
        .execute();
      const sirens = await db
        .selectFrom('organisations')
        .select('siren')
        .where('merged_into', 'is', null)
        .where(
          'siren',
          'in',
          sirets.map((s) => s.slice(0, 9)),
        )
        .execute();
      const bySiren = new Set(sirens.map((r) => r.siren));
      const known = new Set(establishments.map((r) => r.siret));
      for (const s of sirets) if (bySiren.has(s.slice(0, 9))) known.add(s);
      return known;
    },
  };
}
