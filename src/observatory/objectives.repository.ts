import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export type ObjectiveRow = {
  id: number;
  title_fr: string;
  title_en: string;
  scope: 'head_office' | 'any_establishment';
  field_slugs: string[];
  kinds: string[];
  measure: 'legal_unit' | 'territory_establishments';
  min_employees: number;
  max_employees: number | null;
  created_on_or_after: string | null;
  active_only: boolean;
  target: number;
  deadline: string;
  position: number;
};

export type ObjectiveInput = Omit<ObjectiveRow, 'id' | 'position'>;

const OBJECTIVE_COLUMNS = [
  'id',
  'title_fr',
  'title_en',
  'scope',
  'field_slugs',
  'kinds',
  'measure',
  'min_employees',
  'max_employees',
  'created_on_or_after',
  'active_only',
  'target',
  'deadline',
  'position',
] as const;

/** The objectives' rules, as staff write them, and their removal. */
export function objectivesRepository(db: Kysely<DB>) {
  return {
    objectives(): Promise<ObjectiveRow[]> {
      return db
        .selectFrom('objectives')
        .select(OBJECTIVE_COLUMNS)
        .orderBy('position')
        .orderBy('id')
        .execute();
    },

    objective(id: number): Promise<ObjectiveRow | undefined> {
      return db
        .selectFrom('objectives')
        .select(OBJECTIVE_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async createObjective(input: ObjectiveInput): Promise<number> {
      const row = await db
        .insertInto('objectives')
        .values({
          ...input,
          position: sql<number>`(SELECT coalesce(max(position), 0) + 1 FROM objectives)`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateObjective(id: number, input: ObjectiveInput): Promise<boolean> {
      const r = await db
        .updateTable('objectives')
        .set({ ...input, updated_at: new Date() })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Waits for a recomputation in progress and keeps the next one out until the transaction
     * ends, so that a change of objectives never meets a run half-way (the run takes the same
     * lock: compute.repository.ts).
     */
    async lockResults(): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtext('totem.observatory'))`.execute(db);
    },

    /** removes an objective (its result goes with it, ON DELETE CASCADE) and its organisations */
    async deleteObjective(id: number): Promise<boolean> {
      await db.deleteFrom('observatory_members').where('set_key', '=', `objective:${id}`).execute();
      const r = await db.deleteFrom('objectives').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
