import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Facts about this instance (`instance_meta`), such as when the demo data was loaded. */
export function instanceMeta(db: Kysely<DB>) {
  return {
    async get(key: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('instance_meta')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      return row?.value;
    },

    /**
     * The value of `key`, set to `make()` first when there is none: of processes asking together,
     * the first one's value is everyone's.
     */
    async getOrCreate(key: string, make: () => string): Promise<string> {
      await db
        .insertInto('instance_meta')
        .values({ key, value: make() })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await db
        .selectFrom('instance_meta')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      return row.value;
    },

    async set(key: string, value: string): Promise<void> {
      await db
        .insertInto('instance_meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: new Date() }))
        .execute();
    },
  };
}
