import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, ExhibitionTable } from '../db/schema.ts';

export type ExhibitionRow = {
  id: string;
  organisation_id: string;
  organisation_slug: string;
  organisation_name: string;
  space_id: string;
  space_name_fr: string;
  space_name_en: string;
  booking_id: string;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  starts_on: string;
  ends_on: string;
  status: 'scheduled' | 'cancelled';
  is_demo: boolean;
};

function exhibitionsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('exhibitions as x')
    .innerJoin('organisations as o', 'o.id', 'x.organisation_id')
    .innerJoin('venue_spaces as s', 's.id', 'x.space_id')
    .select([
      'x.id',
      'x.organisation_id',
      'o.slug as organisation_slug',
      'o.name as organisation_name',
      'x.space_id',
      's.name_fr as space_name_fr',
      's.name_en as space_name_en',
      'x.booking_id',
      'x.title_fr',
      'x.title_en',
      'x.description_fr',
      'x.description_en',
      sql<string>`to_char(x.starts_on, 'YYYY-MM-DD')`.as('starts_on'),
      sql<string>`to_char(x.ends_on, 'YYYY-MM-DD')`.as('ends_on'),
      'x.status',
      'x.is_demo',
    ]);
}

/** Showroom exhibitions: the SQL only. */
export function exhibitionsRepository(db: Kysely<DB>) {
  return {
    async insert(values: Omit<Insertable<ExhibitionTable>, 'id' | 'created_at'>): Promise<string> {
      const row = await db
        .insertInto('exhibitions')
        .values(values)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async find(id: string): Promise<ExhibitionRow | undefined> {
      return (await exhibitionsQuery(db).where('x.id', '=', id).executeTakeFirst()) as
        | ExhibitionRow
        | undefined;
    },

    async cancel(id: string): Promise<void> {
      await db
        .updateTable('exhibitions')
        .set({ status: 'cancelled' })
        .where('id', '=', id)
        .execute();
    },

    /** scheduled exhibitions that end on or after a day, by start */
    async from(day: string): Promise<ExhibitionRow[]> {
      return (await exhibitionsQuery(db)
        .where('x.status', '=', 'scheduled')
        .where('x.ends_on', '>=', day)
        .orderBy('x.starts_on')
        .orderBy('x.id')
        .limit(200)
        .execute()) as ExhibitionRow[];
    },

    async ofOrganisation(organisationId: string): Promise<ExhibitionRow[]> {
      return (await exhibitionsQuery(db)
        .where('x.status', '=', 'scheduled')
        .where('x.organisation_id', '=', organisationId)
        .orderBy('x.starts_on', 'desc')
        .limit(50)
        .execute()) as ExhibitionRow[];
    },
  };
}
