import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { membersRepository } from './members.repository.ts';
import { milestonesRepository } from './milestones.repository.ts';
import { objectivesRepository } from './objectives.repository.ts';
import { resultsRepository } from './results.repository.ts';

export type { MemberRow, MemberSet } from './members.repository.ts';
export type { MilestoneInput, MilestoneRow } from './milestones.repository.ts';
export type { ObjectiveInput, ObjectiveRow } from './objectives.repository.ts';
export type { ResultRow, RunRow } from './results.repository.ts';

/**
 * Objectives, milestones, runs and the stored results, and the organisations behind them: what
 * pages and the API read, each part in its own file.
 */
export function observatoryRepository(db: Kysely<DB>) {
  return {
    ...objectivesRepository(db),
    ...milestonesRepository(db),
    ...resultsRepository(db),
    ...membersRepository(db),
  };
}

export type ObservatoryRepository = ReturnType<typeof observatoryRepository>;
