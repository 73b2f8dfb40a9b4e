import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FormField } from './forms/definition.ts';

const CALL_COLUMNS = [
  'c.id',
  'c.programme_id',
  'c.slug',
  'c.reference_code',
  'c.title_fr',
  'c.title_en',
  'c.description_fr',
  'c.description_en',
  'c.opens_at',
  'c.closes_at',
  'c.grace_until',
  'c.eligibility',
  'c.current_form_version',
  'c.is_demo',
] as const;

export type CallRow = {
  id: number;
  programme_id: number;
  slug: string;
  reference_code: string;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  opens_at: Date;
  closes_at: Date;
  grace_until: Date;
  eligibility: unknown;
  current_form_version: number | null;
  is_demo: boolean;
};

export type NewProgramme = {
  slug: string;
  name_fr: string;
  name_en: string;
  description_fr: string;
  description_en: string;
  owner_organisation_id: string | null;
  created_by: string | null;
  is_demo: boolean;
};

export type NewCall = Omit<CallRow, 'id' | 'current_form_version'> & { eligibility: string };

export type ProgrammeChanges = Omit<NewProgramme, 'created_by' | 'is_demo'>;
export type CallChanges = Omit<NewCall, 'programme_id' | 'is_demo'>;

/** The SQL of programmes, calls and their form versions. */
export function programmesRepository(db: Kysely<DB>) {
  return {
    async insertProgramme(p: NewProgramme): Promise<number> {
      const row = await db
        .insertInto('programmes')
        .values(p)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async insertCall(c: NewCall): Promise<number> {
      const row = await db
        .insertInto('programme_calls')
        .values(c)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    /** whether another row (not `except`) has this slug */
    async slugTaken(
      table: 'programmes' | 'programme_calls',
      slug: string,
      except?: number,
    ): Promise<boolean> {
      let query = db.selectFrom(table).select('id').where('slug', '=', slug);
      if (except !== undefined) query = query.where('id', '<>', except);
      return (await query.executeTakeFirst()) !== undefined;
    },

    /** a programme's editable columns written over; false when there is no such programme */
    async updateProgramme(id: number, p: ProgrammeChanges): Promise<boolean> {
      const result = await db
        .updateTable('programmes')
        .set({ ...p, updated_at: sql`now()` })
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** the call's row, locked until the transaction ends: what an edit must not break */
    lockCall(id: number) {
      return db
        .selectFrom('programme_calls')
        .select(['id', 'reference_code', 'acknowledgements_issued'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    /** a call's editable columns written over (the database checks the dates' order) */
    async updateCall(id: number, c: CallChanges): Promise<void> {
      await db
        .updateTable('programme_calls')
        .set({ ...c, updated_at: sql`now()` })
        .where('id', '=', id)
        .execute();
    },

    programmeExists(id: number) {
      return db.selectFrom('programmes').select('id').where('id', '=', id).executeTakeFirst();
    },

    call(id: number): Promise<CallRow | undefined> {
      return db
        .selectFrom('programme_calls as c')
        .select(CALL_COLUMNS)
        .where('c.id', '=', id)
        .executeTakeFirst() as Promise<CallRow | undefined>;
    },

    /** every call, the latest closing first */
    calls(): Promise<CallRow[]> {
      return db
        .selectFrom('programme_calls as c')
        .select(CALL_COLUMNS)
        .orderBy('c.closes_at', 'desc')
        .orderBy('c.id', 'desc')
        .execute() as Promise<CallRow[]>;
    },

    /** adds the next version of a call's form and makes it the current one; its number */
    async addFormVersion(
      callId: number,
      fields: FormField[],
      createdBy: string | null,
    ): Promise<number> {
      // the call's row is locked: two staff saving at once get two numbers, not a conflict
      const call = await db
        .selectFrom('programme_calls')
        .select('id')
        .where('id', '=', callId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const last = await db
        .selectFrom('programme_form_versions')
        .select(sql<number>`coalesce(max(number), 0)`.as('n'))
        .where('call_id', '=', call.id)
        .executeTakeFirstOrThrow();
      const number = Number(last.n) + 1;
      await db
        .insertInto('programme_form_versions')
        .values({ call_id: callId, number, fields: JSON.stringify(fields), created_by: createdBy })
        .execute();
      await db
        .updateTable('programme_calls')
        .set({ current_form_version: number, updated_at: sql`now()` })
        .where('id', '=', callId)
        .execute();
      return number;
    },

    async formVersion(
      callId: number,
      number: number,
    ): Promise<{ number: number; fields: unknown } | undefined> {
      return db
        .selectFrom('programme_form_versions')
        .select(['number', 'fields'])
        .where('call_id', '=', callId)
        .where('number', '=', number)
        .executeTakeFirst();
    },

    /** the call's acknowledgement counter, moved on by one (the call's row stays locked) */
    async nextAcknowledgement(callId: number): Promise<number> {
      const row = await db
        .updateTable('programme_calls')
        .set({ acknowledgements_issued: sql`acknowledgements_issued + 1` })
        .where('id', '=', callId)
        .returning('acknowledgements_issued')
        .executeTakeFirstOrThrow();
      return row.acknowledgements_issued;
    },
  };
}
