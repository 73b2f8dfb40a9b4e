import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Juries, reviews, decisions, labels and accompaniment (0029). */

export type ConflictType = 'employee' | 'investor' | 'adviser' | 'family' | 'other';

export type JuryMemberTable = {
  call_id: number;
  user_id: string;
  added_by: string | null;
  added_at: Generated<Date>;
  is_demo: Generated<boolean>;
};

export type ConflictDeclarationTable = {
  id: Generated<number>;
  user_id: string;
  organisation_id: string;
  type: ConflictType;
  note: Generated<string>;
  created_at: Generated<Date>;
};

export type AssignmentTable = {
  id: Generated<number>;
  application_id: number;
  reviewer_id: string;
  method: 'manual' | 'automatic';
  assigned_by: string | null;
  assigned_at: Generated<Date>;
  override_reason: string | null;
  /** the conflicts staff overrode, as they were detected */
  overridden_conflicts: unknown;
  overridden_by: string | null;
  removed_at: Timestamp | null;
  removed_by: string | null;
  is_demo: Generated<boolean>;
};

export type ReviewTable = {
  assignment_id: number;
  /** criterion key → score */
  scores: Generated<unknown>;
  abstain: Generated<boolean>;
  comment_jury: Generated<string>;
  comment_applicant: Generated<string>;
  /** numeric, read as a number */
  result: number | null;
  version: Generated<number>;
  submitted_at: Timestamp | null;
  updated_at: Generated<Date>;
};

export type DiscussionPostTable = {
  id: Generated<number>;
  application_id: number;
  author_id: string | null;
  body: string;
  created_at: Generated<Date>;
};

export type DecisionTable = {
  application_id: number;
  decision: 'accepted' | 'refused';
  reasons: string;
  decided_by: string | null;
  decided_at: Generated<Date>;
  letter_locale: 'fr' | 'en' | null;
  letter_stored_name: string | null;
  letter_sha256: string | null;
  is_demo: Generated<boolean>;
};

export type LabelTable = {
  id: Generated<number>;
  name_fr: string;
  name_en: string;
  organisation_id: string | null;
  holder_name: string | null;
  call_id: number | null;
  application_id: number | null;
  /** dates: 'YYYY-MM-DD' (the engine keeps dates as text) */
  valid_from: string;
  valid_until: string | null;
  status: Generated<'active' | 'withdrawn'>;
  withdrawn_reason: string | null;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
  source_note: Generated<string>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
};

export type AccompanimentMilestoneTable = {
  id: Generated<number>;
  application_id: number;
  title: string;
  description: Generated<string>;
  /** 'YYYY-MM-DD' */
  due_on: string;
  status: Generated<'planned' | 'done'>;
  done_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  is_demo: Generated<boolean>;
};

export type JuriesTables = {
  programme_jury_members: JuryMemberTable;
  conflict_declarations: ConflictDeclarationTable;
  programme_assignments: AssignmentTable;
  programme_reviews: ReviewTable;
  programme_discussion_posts: DiscussionPostTable;
  programme_decisions: DecisionTable;
  labels: LabelTable;
  accompaniment_milestones: AccompanimentMilestoneTable;
};
