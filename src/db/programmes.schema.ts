import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

export type ApplicationState =
  | 'draft'
  | 'submitted'
  | 'under_review'
  | 'accepted'
  | 'refused'
  | 'withdrawn'
  | 'correction_requested';

export type ProgrammeTable = {
  id: Generated<number>;
  slug: string;
  name_fr: string;
  name_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  owner_organisation_id: string | null;
  is_demo: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type ProgrammeCallTable = {
  id: Generated<number>;
  programme_id: number;
  slug: string;
  reference_code: string;
  title_fr: string;
  title_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  opens_at: Timestamp;
  closes_at: Timestamp;
  grace_until: Timestamp;
  /** EligibilityRule[] (src/programmes/eligibility.ts) */
  eligibility: Generated<unknown>;
  current_form_version: number | null;
  acknowledgements_issued: Generated<number>;
  /** RubricCriterion[] (0029) */
  rubric: Generated<unknown>;
  score_method: Generated<'weighted_sum' | 'weighted_mean'>;
  reviewers_per_application: Generated<number>;
  scores_hidden_until_submitted: Generated<boolean>;
  /** { fr?: { accepted?, refused? }, en?: … } */
  letter_templates: Generated<unknown>;
  label_name_fr: string | null;
  label_name_en: string | null;
  label_valid_months: number | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type ProgrammeFormVersionTable = {
  call_id: number;
  number: number;
  /** FormField[] (src/programmes/forms/definition.ts) */
  fields: unknown;
  created_by: string | null;
  created_at: Generated<Date>;
};

export type ProgrammeApplicationTable = {
  id: Generated<number>;
  call_id: number;
  form_version: number;
  organisation_id: string;
  applicant_id: string;
  state: Generated<ApplicationState>;
  answers: Generated<unknown>;
  version: Generated<number>;
  acknowledgement: string | null;
  started_at: Generated<Date>;
  submitted_at: Timestamp | null;
  updated_at: Generated<Date>;
  is_demo: Generated<boolean>;
  /** the fields a correction request opens (empty unless the state is correction_requested) */
  correction_fields: Generated<string[]>;
  correction_note: Generated<string>;
  /** when the reminder 48 hours before the closing was queued (a draft's, once) */
  reminder_sent_at: Timestamp | null;
};

export type ProgrammeApplicationHistoryTable = {
  id: Generated<number>;
  application_id: number;
  from_state: ApplicationState | null;
  to_state: ApplicationState;
  actor_id: string | null;
  at: Generated<Date>;
  note: Generated<string>;
};

export type AttachmentMediaType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/webp';

export type ProgrammeAttachmentTable = {
  id: Generated<number>;
  application_id: number;
  field_key: string;
  original_name: string;
  stored_name: string;
  media_type: AttachmentMediaType;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: Generated<Date>;
};

export type ProgrammesTables = {
  programmes: ProgrammeTable;
  programme_calls: ProgrammeCallTable;
  programme_form_versions: ProgrammeFormVersionTable;
  programme_applications: ProgrammeApplicationTable;
  programme_application_history: ProgrammeApplicationHistoryTable;
  programme_attachments: ProgrammeAttachmentTable;
};
