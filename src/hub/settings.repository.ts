import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** what the legal notice names, and where the contact form writes */
export type LegalSettings = {
  legal_publisher: string;
  legal_director: string;
  legal_host: string;
  contact_email: string;
};

/** The hub's configuration that staff edit: territory and sector selection. */
export function settingsRepository(db: Kysely<DB>) {
  return {
    sectorCodes() {
      return db
        .selectFrom('sector_codes')
        .select(['code', 'field_slugs'])
        .orderBy('code')
        .execute();
    },

    async save(input: {
      epci: string[];
      sectors: { code: string; fields: string[] }[];
      fields: { slug: string; name_fr: string; name_en: string }[];
      legal: Partial<LegalSettings>;
    }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const [position, f] of input.fields.entries()) {
          await trx
            .insertInto('hub_fields')
            .values({ ...f, position: position + 1 })
            .onConflict((oc) =>
              oc
                .column('slug')
                .doUpdateSet({ name_fr: f.name_fr, name_en: f.name_en, position: position + 1 }),
            )
            .execute();
        }
        await trx
          .updateTable('hub')
          .set({ territory_epci: input.epci, ...input.legal, updated_at: sql`now()` })
          .where('id', '=', 1)
          .execute();
        const codes = input.sectors.map((s) => s.code);
        let remove = trx.deleteFrom('sector_codes');
        if (codes.length > 0) remove = remove.where('code', 'not in', codes);
        await remove.execute();
        for (const s of input.sectors) {
          await trx
            .insertInto('sector_codes')
            .values({ code: s.code, field_slugs: s.fields })
            .onConflict((oc) =>
              oc.column('code').doUpdateSet({ field_slugs: s.fields, updated_at: sql`now()` }),
            )
            .execute();
        }
      });
    },
  };
}
