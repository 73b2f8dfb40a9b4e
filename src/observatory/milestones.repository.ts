import type { Kysely } from 'kysely';
import type { DB, MilestoneTable } from '../db/schema.ts';

export type MilestoneRow = {
  id: number;
  title_fr: string;
  title_en: string;
  description_fr: string;
  description_en: string;
  due_on: string;
  precision: 'day' | 'month' | 'year';
  status: 'planned' | 'done' | 'late' | 'unverified';
  evidence: { label: string; url: string }[];
  note_fr: string;
  note_en: string;
};

export type MilestoneInput = Omit<MilestoneRow, 'id'>;

const MILESTONE_COLUMNS = [
  'id',
  'title_fr',
  'title_en',
  'description_fr',
  'description_en',
  'due_on',
  'precision',
  'status',
  'evidence',
  'note_fr',
  'note_en',
] as const;

/** The roadmap's milestones. */
export function milestonesRepository(db: Kysely<DB>) {
  return {
    milestones(): Promise<MilestoneRow[]> {
      return db
        .selectFrom('milestones')
        .select(MILESTONE_COLUMNS)
        .orderBy('due_on')
        .orderBy('id')
        .execute() as Promise<MilestoneRow[]>;
    },

    milestone(id: number): Promise<MilestoneRow | undefined> {
      return db
        .selectFrom('milestones')
        .select(MILESTONE_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst() as Promise<MilestoneRow | undefined>;
    },

    async saveMilestone(id: number | null, input: MilestoneInput): Promise<number | undefined> {
      const values = {
        ...input,
        evidence: JSON.stringify(input.evidence) as unknown as MilestoneTable['evidence'] &
          string[],
      } as never;
      if (id === null) {
        const row = await db
          .insertInto('milestones')
          .values(values)
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      }
      const r = await db
        .updateTable('milestones')
        .set({ ...(values as object), updated_at: new Date() })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? id : undefined;
    },

    async deleteMilestone(id: number): Promise<boolean> {
      const r = await db.deleteFrom('milestones').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
