import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export type HubRow = {
  name: string;
  tagline_fr: string;
  tagline_en: string;
  territory_epci: string[];
  labelled_on: string | null;
  legal_publisher: string;
  legal_director: string;
  legal_host: string;
  contact_email: string;
};

export type FieldRow = {
  id: number;
  slug: string;
  name_fr: string;
  name_en: string;
  description_fr: string;
  description_en: string;
};

export function hubRepository(db: Kysely<DB>) {
  return {
    /** the hub's row, with whether demo data was loaded into this instance */
    async get(): Promise<(HubRow & { demo: boolean }) | undefined> {
      const row = await db
        .selectFrom('hub')
        .leftJoin('instance_meta', (join) => join.on('instance_meta.key', '=', 'demo_loaded_at'))
        .select([
          'hub.name',
          'hub.tagline_fr',
          'hub.tagline_en',
          'hub.territory_epci',
          'hub.labelled_on',
          'hub.legal_publisher',
          'hub.legal_director',
          'hub.legal_host',
          'hub.contact_email',
          'instance_meta.value as demo_loaded_at',
        ])
        .executeTakeFirst();
      if (!row) return undefined;
      const { demo_loaded_at, ...hub } = row;
      return { ...hub, demo: demo_loaded_at !== null };
    },

    fields(): Promise<FieldRow[]> {
      return db
        .selectFrom('hub_fields')
        .select(['id', 'slug', 'name_fr', 'name_en', 'description_fr', 'description_en'])
        .orderBy('position')
        .orderBy('id')
        .execute();
    },
  };
}
