import { type Kysely, sql } from 'kysely';
import type { ApplicationState, DB } from '../db/schema.ts';

export type MilestoneRow = {
  id: number;
  application_id: number;
  title: string;
  description: string;
  due_on: string;
  status: 'planned' | 'done';
  done_at: Date | null;
  is_demo: boolean;
};

export type LaureateRow = {
  id: number;
  state: ApplicationState;
  organisation_id: string;
  organisation_name: string;
  organisation_slug: string;
  call_title_fr: string;
  call_title_en: string;
  acknowledgement: string | null;
  is_demo: boolean;
};

export type LateMilestoneRow = MilestoneRow & {
  organisation_name: string;
  call_title_fr: string;
  call_title_en: string;
};

const MILESTONE_COLUMNS = [
  'm.id',
  'm.application_id',
  'm.title',
  'm.description',
  'm.due_on',
  'm.status',
  'm.done_at',
  'm.is_demo',
] as const;

/** The SQL of the laureates' milestones (0029), and what their pages read of the application. */
export function accompanimentRepository(db: Kysely<DB>) {
  return {
    async laureate(applicationId: number): Promise<LaureateRow | undefined> {
      return db
        .selectFrom('programme_applications as a')
        .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
        .innerJoin('programme_calls as c', 'c.id', 'a.call_id')
        .select([
          'a.id',
          'a.state',
          'a.organisation_id',
          'o.name as organisation_name',
          'o.slug as organisation_slug',
          'c.title_fr as call_title_fr',
          'c.title_en as call_title_en',
          'a.acknowledgement',
          'a.is_demo',
        ])
        .where('a.id', '=', applicationId)
        .executeTakeFirst() as Promise<LaureateRow | undefined>;
    },

    /** the application's state, its row locked until the transaction ends */
    lockApplication(applicationId: number) {
      return db
        .selectFrom('programme_applications')
        .select(['id', 'state', 'is_demo'])
        .where('id', '=', applicationId)
        .forUpdate()
        .executeTakeFirst();
    },

    async ofApplication(applicationId: number): Promise<MilestoneRow[]> {
      return db
        .selectFrom('accompaniment_milestones as m')
        .select(MILESTONE_COLUMNS)
        .where('m.application_id', '=', applicationId)
        .orderBy('m.due_on')
        .orderBy('m.id')
        .execute() as Promise<MilestoneRow[]>;
    },

    /** a milestone, its row locked until the transaction ends */
    async lock(id: number): Promise<MilestoneRow | undefined> {
      return db
        .selectFrom('accompaniment_milestones as m')
        .select(MILESTONE_COLUMNS)
        .where('m.id', '=', id)
        .forUpdate()
        .executeTakeFirst() as Promise<MilestoneRow | undefined>;
    },

    async add(input: {
      applicationId: number;
      title: string;
      description: string;
      dueOn: string;
      by: string | null;
      isDemo: boolean;
    }): Promise<number> {
      const row = await db
        .insertInto('accompaniment_milestones')
        .values({
          application_id: input.applicationId,
          title: input.title,
          description: input.description,
          due_on: input.dueOn,
          created_by: input.by,
          is_demo: input.isDemo,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** done at `at` (the service's clock), or planned again */
    async setStatus(id: number, status: 'planned' | 'done', at: Date): Promise<void> {
      await db
        .updateTable('accompaniment_milestones')
        .set({
          status,
          done_at: status === 'done' ? at : null,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .execute();
    },

    async setDue(id: number, dueOn: string): Promise<void> {
      await db
        .updateTable('accompaniment_milestones')
        .set({ due_on: dueOn, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },

    /** planned milestones due before this day, the oldest first */
    async late(today: string, limit: number): Promise<LateMilestoneRow[]> {
      return db
        .selectFrom('accompaniment_milestones as m')
        .innerJoin('programme_applications as a', 'a.id', 'm.application_id')
        .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
        .innerJoin('programme_calls as c', 'c.id', 'a.call_id')
        .select([
          ...MILESTONE_COLUMNS,
          'o.name as organisation_name',
          'c.title_fr as call_title_fr',
          'c.title_en as call_title_en',
        ])
        .where('m.status', '=', 'planned')
        .where('m.due_on', '<', today)
        .orderBy('m.due_on')
        .orderBy('m.id')
        .limit(limit)
        .execute() as Promise<LateMilestoneRow[]>;
    },

    async lateCount(today: string): Promise<number> {
      const row = await db
        .selectFrom('accompaniment_milestones')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'planned')
        .where('due_on', '<', today)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
