import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** The observatory's tables (migrations 0005, 0009, 0010): part of DB in schema.ts. */

export type ObjectiveTable = {
  id: Generated<number>;
  title_fr: string;
  title_en: string;
  scope: 'head_office' | 'any_establishment';
  field_slugs: Generated<string[]>;
  kinds: Generated<string[]>;
  measure: 'legal_unit' | 'territory_establishments';
  min_employees: number;
  max_employees: number | null;
  created_on_or_after: string | null;
  active_only: Generated<boolean>;
  target: number;
  deadline: string;
  position: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type ObservatoryRunTable = {
  id: Generated<number>;
  reason: 'import' | 'demo' | 'staff' | 'start' | 'cli';
  status: Generated<'running' | 'done' | 'failed'>;
  as_of: string | null;
  demo: Generated<boolean>;
  error: string | null;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
  seconds: number | null;
  /** its organisations behind the figures were removed by a later run */
  members_dropped: Generated<boolean>;
};

export type ObjectiveResultTable = {
  objective_id: number;
  run_id: number;
  value: number;
  history: unknown;
  projection: unknown;
  computed_at: Generated<Date>;
};

export type ObservatoryIndicatorTable = {
  key: string;
  run_id: number;
  data: unknown;
  computed_at: Generated<Date>;
};

export type ObservatoryMemberTable = {
  set_key: string;
  /** the run that computed them */
  run_id: number;
  organisation_id: string;
  band: string | null;
  exact: number | null;
  low: number | null;
  high: number | null;
  year: number | null;
  source: string | null;
  observed_on: string | null;
  detail: unknown;
};

export type MilestoneTable = {
  id: Generated<number>;
  title_fr: string;
  title_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  due_on: string;
  precision: Generated<'day' | 'month' | 'year'>;
  status: Generated<'planned' | 'done' | 'late' | 'unverified'>;
  evidence: Generated<{ label: string; url: string }[]>;
  note_fr: Generated<string>;
  note_en: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type ObservatoryTables = {
  objectives: ObjectiveTable;
  observatory_runs: ObservatoryRunTable;
  objective_results: ObjectiveResultTable;
  observatory_indicators: ObservatoryIndicatorTable;
  observatory_members: ObservatoryMemberTable;
  milestones: MilestoneTable;
};
