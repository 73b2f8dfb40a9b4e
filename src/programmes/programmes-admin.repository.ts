import { type Kysely, sql } from 'kysely';
import type { ApplicationState, DB } from '../db/schema.ts';

export type ProgrammeRow = {
  id: number;
  slug: string;
  name_fr: string;
  name_en: string;
  description_fr: string;
  description_en: string;
  owner_organisation_id: string | null;
  is_demo: boolean;
};

/** an organisation of the directory as the owner's picker shows it */
export type OwnerRef = { id: string; slug: string; name: string; kind: string; is_demo: boolean };

const PROGRAMME_COLUMNS = [
  'id',
  'slug',
  'name_fr',
  'name_en',
  'description_fr',
  'description_en',
  'owner_organisation_id',
  'is_demo',
] as const;
const REF = ['id', 'slug', 'name', 'kind', 'is_demo'] as const;

/**
 * What the staff's set-up pages read: programmes, the applications counted by call and state or
 * by form version, and the directory's organisations an owner may be (read, never written).
 */
export function programmesAdminRepository(db: Kysely<DB>) {
  return {
    async programmes(): Promise<ProgrammeRow[]> {
      const rows = await db
        .selectFrom('programmes')
        .select(PROGRAMME_COLUMNS)
        .orderBy('name_fr')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },

    async programme(id: number): Promise<ProgrammeRow | undefined> {
      const row = await db
        .selectFrom('programmes')
        .select(PROGRAMME_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { ...row, id: Number(row.id) };
    },

    /** how many applications each call has in each state */
    async applicationCounts(): Promise<{ callId: number; state: ApplicationState; n: number }[]> {
      const rows = await db
        .selectFrom('programme_applications')
        .select(['call_id', 'state', sql<string>`count(*)`.as('n')])
        .groupBy(['call_id', 'state'])
        .execute();
      return rows.map((r) => ({
        callId: Number(r.call_id),
        state: r.state as ApplicationState,
        n: Number(r.n),
      }));
    },

    /** how many of a call's applications (withdrawn ones aside) were started on each version */
    async versionCounts(callId: number): Promise<{ version: number; n: number }[]> {
      const rows = await db
        .selectFrom('programme_applications')
        .select(['form_version', sql<string>`count(*)`.as('n')])
        .where('call_id', '=', callId)
        .where('state', '<>', 'withdrawn')
        .groupBy('form_version')
        .execute();
      return rows.map((r) => ({ version: r.form_version, n: Number(r.n) }));
    },

    /** a call's applications past the draft (submitted, under review, decided…), withdrawn aside */
    async submittedCount(callId: number): Promise<number> {
      const row = await db
        .selectFrom('programme_applications')
        .select(sql<string>`count(*)`.as('n'))
        .where('call_id', '=', callId)
        .where('state', 'not in', ['draft', 'withdrawn'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async acknowledgementsIssued(callId: number): Promise<number> {
      const row = await db
        .selectFrom('programme_calls')
        .select('acknowledgements_issued')
        .where('id', '=', callId)
        .executeTakeFirst();
      return row?.acknowledgements_issued ?? 0;
    },

    /** the organisations of these ids still in the directory (not merged away) */
    async organisations(ids: readonly string[]): Promise<OwnerRef[]> {
      const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      if (valid.length === 0) return [];
      return db
        .selectFrom('organisations')
        .select(REF)
        .where('id', 'in', valid)
        .where('merged_into', 'is', null)
        .execute();
    },
  };
}
