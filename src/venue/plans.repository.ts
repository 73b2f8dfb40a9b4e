import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Membership plans and the organisations that hold them: the SQL. */

export type PlanRow = {
  id: string;
  slug: string;
  name_fr: string;
  name_en: string;
  coworking_days: number;
  meeting_hours: number;
  is_demo: boolean;
  /** no longer given (kept for the organisations that held it) */
  archived?: boolean;
};
export type HolderRow = {
  organisation_id: string;
  organisation_name: string;
  plan_id: string;
  starts_on: string;
  ends_on: string | null;
};

export function plansRepository(db: Kysely<DB>) {
  return {
    plans(): Promise<PlanRow[]> {
      return db
        .selectFrom('venue_plans')
        .select(['id', 'slug', 'name_fr', 'name_en', 'coworking_days', 'meeting_hours', 'is_demo'])
        .select(sql<boolean>`archived_at IS NOT NULL`.as('archived'))
        .orderBy('name_fr')
        .execute();
    },

    async plan(id: string): Promise<PlanRow | undefined> {
      return db
        .selectFrom('venue_plans')
        .select(['id', 'slug', 'name_fr', 'name_en', 'coworking_days', 'meeting_hours', 'is_demo'])
        .select(sql<boolean>`archived_at IS NOT NULL`.as('archived'))
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** whether an organisation ever held the plan */
    async everHeld(id: string): Promise<boolean> {
      const row = await db
        .selectFrom('venue_organisation_plans')
        .select('plan_id')
        .where('plan_id', '=', id)
        .executeTakeFirst();
      return row !== undefined;
    },

    async deletePlan(id: string) {
      await db.deleteFrom('venue_plans').where('id', '=', id).execute();
    },

    async archivePlan(id: string) {
      await db
        .updateTable('venue_plans')
        .set({ archived_at: new Date() })
        .where('id', '=', id)
        .where('archived_at', 'is', null)
        .execute();
    },

    async slugTaken(slug: string, exceptId: string | null) {
      let q = db.selectFrom('venue_plans').select('id').where('slug', '=', slug);
      if (exceptId) q = q.where('id', '<>', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },

    async insertPlan(input: Omit<PlanRow, 'id' | 'archived'>): Promise<string> {
      const row = await db
        .insertInto('venue_plans')
        .values(input)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updatePlan(id: string, input: Omit<PlanRow, 'id' | 'is_demo' | 'archived'>) {
      await db.updateTable('venue_plans').set(input).where('id', '=', id).execute();
    },

    /** who holds which plan, with the organisation's name (read for the staff's list) */
    holders(): Promise<HolderRow[]> {
      return db
        .selectFrom('venue_organisation_plans as h')
        .innerJoin('organisations as o', 'o.id', 'h.organisation_id')
        .select([
          'h.organisation_id',
          'o.name as organisation_name',
          'h.plan_id',
          sql<string>`to_char(h.starts_on, 'YYYY-MM-DD')`.as('starts_on'),
          sql<string | null>`to_char(h.ends_on, 'YYYY-MM-DD')`.as('ends_on'),
        ])
        .orderBy('o.name')
        .orderBy('h.starts_on')
        .execute();
    },

    async insertHolder(input: {
      organisation_id: string;
      plan_id: string;
      starts_on: string;
      ends_on: string | null;
      created_by: string | null;
    }) {
      await db
        .insertInto('venue_organisation_plans')
        .values(input)
        .onConflict((oc) =>
          oc
            .columns(['organisation_id', 'plan_id', 'starts_on'])
            .doUpdateSet({ ends_on: input.ends_on }),
        )
        .execute();
    },

    async deleteHolder(key: { organisation_id: string; plan_id: string; starts_on: string }) {
      const r = await db
        .deleteFrom('venue_organisation_plans')
        .where('organisation_id', '=', key.organisation_id)
        .where('plan_id', '=', key.plan_id)
        .where('starts_on', '=', key.starts_on)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
