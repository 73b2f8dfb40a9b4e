import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** an organisation as the back office names it when it attaches people to it */
export type OrganisationRef = { id: string; slug: string; name: string; siren: string | null };

const ref = ['o.id', 'o.slug', 'o.name', 'o.siren'] as const;

/** Who speaks for an organisation (organisation_members), as the accounts' back office sees it. */
export function membersRepository(db: Kysely<DB>) {
  const live = () => db.selectFrom('organisations as o').where('o.merged_into', 'is', null);
  return {
    findBySiren(siren: string): Promise<OrganisationRef | undefined> {
      return live().select(ref).where('o.siren', '=', siren).executeTakeFirst();
    },

    findById(id: string): Promise<OrganisationRef | undefined> {
      return live().select(ref).where('o.id', '=', id).executeTakeFirst();
    },

    /** by the start of a SIREN when the text is digits, otherwise by name (accents and case aside) */
    search(text: string, limit: number): Promise<OrganisationRef[]> {
      const query = text.trim();
      const byName = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return live()
        .select(ref)
        .$if(/^\d+$/.test(query), (q) => q.where('o.siren', 'like', `${query}%`))
        .$if(!/^\d+$/.test(query), (q) =>
          q.where(sql`unaccent(o.name)`, 'ilike', sql`unaccent(${byName})`),
        )
        .orderBy('o.name')
        .orderBy('o.id')
        .limit(limit)
        .execute();
    },

    membershipsOf(userId: string): Promise<OrganisationRef[]> {
      return db
        .selectFrom('organisation_members as m')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .select(ref)
        .where('m.user_id', '=', userId)
        .orderBy('o.name')
        .execute();
    },

    /** false when the person already was a member */
    async add(organisationId: string, userId: string): Promise<boolean> {
      const rows = await db
        .insertInto('organisation_members')
        .values({ organisation_id: organisationId, user_id: userId })
        .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
        .returning('user_id')
        .execute();
      return rows.length > 0;
    },

    /** false when the person was not a member */
    async remove(organisationId: string, userId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('organisation_members')
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
