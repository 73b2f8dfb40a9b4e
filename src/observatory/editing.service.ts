import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { observatoryJobs } from './compute.service.ts';
import {
  type MilestoneInput,
  type ObjectiveInput,
  type ObservatoryRepository,
  observatoryRepository,
} from './observatory.repository.ts';

/** What staff change in the back office: the objectives' rules, and the figures' recomputation. */
export function objectiveEditing(db: Kysely<DB>, repo: ObservatoryRepository) {
  return {
    objectiveRows: () => repo.objectives(),
    objectiveRow: async (id: number) => {
      const o = await repo.objective(id);
      if (!o) throw coreError('NOT_FOUND');
      return o;
    },

    async createObjective(input: ObjectiveInput): Promise<number> {
      const id = await repo.createObjective(input);
      observatoryJobs(db).request('staff');
      return id;
    },

    async updateObjective(id: number, input: ObjectiveInput): Promise<void> {
      if (!(await repo.updateObjective(id, input))) throw coreError('NOT_FOUND');
      observatoryJobs(db).request('staff');
    },

    /** what deleting an objective takes away, for the page that asks to confirm it */
    async objectiveDeletion(id: number) {
      const o = await repo.objective(id);
      if (!o) throw coreError('NOT_FOUND');
      const [results, members] = await Promise.all([
        repo.results(),
        repo.memberCount(`objective:${id}`),
      ]);
      return { objective: o, computed: results.has(id), members };
    },

    /**
     * Deletes an objective with its stored result and organisations, in one transaction that
     * waits for a recomputation in progress: pages never see the objective without its result
     * or a result without its objective, and no run writes a result for it afterwards.
     */
    async deleteObjective(id: number): Promise<void> {
      const deleted = await db.transaction().execute(async (trx) => {
        const r = observatoryRepository(trx);
        await r.lockResults();
        return r.deleteObjective(id);
      });
      if (!deleted) throw coreError('NOT_FOUND');
    },

    requestRecompute(): void {
      observatoryJobs(db).request('staff');
    },
  };
}

/** The roadmap: the public page reads the milestones, staff write them. */
export function roadmapService(repo: ObservatoryRepository) {
  return {
    milestones: () => repo.milestones(),
    milestone: async (id: number) => {
      const m = await repo.milestone(id);
      if (!m) throw coreError('NOT_FOUND');
      return m;
    },

    async saveMilestone(id: number | null, input: MilestoneInput): Promise<number> {
      const saved = await repo.saveMilestone(id, input);
      if (saved === undefined) throw coreError('NOT_FOUND');
      return saved;
    },

    async deleteMilestone(id: number): Promise<void> {
      if (!(await repo.deleteMilestone(id))) throw coreError('NOT_FOUND');
    },
  };
}
