import type { ColumnType, Generated } from 'kysely';
import type { AuditTables } from './audit.schema.ts';
import type { BackupTables } from './backup.schema.ts';
import type { EventsTables } from './events.schema.ts';
import type { JuriesTables } from './juries.schema.ts';
import type { MailQueueTable } from './mail.schema.ts';
import type { NewsTables } from './news.schema.ts';
import type { ObservatoryTables } from './observatory.schema.ts';
import type { ProgrammesTables } from './programmes.schema.ts';
import type { VenueTables } from './venue.schema.ts';

export type * from './audit.schema.ts';
export type * from './events.schema.ts';
export type * from './juries.schema.ts';
export type * from './mail.schema.ts';
export type * from './news.schema.ts';
export type * from './observatory.schema.ts';
export type * from './programmes.schema.ts';
export type * from './venue.schema.ts';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type InstanceMetaTable = {
  key: string;
  value: string;
  updated_at: Generated<Date>;
};

export type HubTable = {
  id: Generated<number>;
  name: string;
  tagline_fr: string;
  tagline_en: string;
  territory_epci: string[];
  labelled_on: string | null;
  legal_publisher: Generated<string>;
  legal_director: Generated<string>;
  legal_host: Generated<string>;
  contact_email: Generated<string>;
  updated_at: Generated<Date>;
};

export type HubFieldTable = {
  id: Generated<number>;
  slug: string;
  name_fr: string;
  name_en: string;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  position: Generated<number>;
};

export type Role = 'member' | 'staff' | 'reviewer' | 'admin';

export type UserTable = {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  role: Generated<Role>;
  locale: Generated<'fr' | 'en'>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** set when an administrator disabled the account */
  disabled_at: Timestamp | null;
  /** when the owner proved the address by opening a link sent to it; null: not yet */
  email_verified_at: Timestamp | null;
  /** the key of the unsubscribe links of non-essential mails, made with the first one */
  unsubscribe_key: string | null;
  /** when the account was erased at its owner's request: a pseudonym since */
  erased_at: Timestamp | null;
};

export type SessionTable = {
  id: Generated<number>;
  id_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  user_agent: string | null;
  last_seen_at: Timestamp | null;
  /** the first bytes of the address it was opened from, never the whole address */
  network: string | null;
};

/** the kinds of non-essential mail a person chooses; news_digest is off unless turned on */
export type MailKind = 'call_reminders' | 'event_reminders' | 'booking_reminders' | 'news_digest';
/** the kinds that are on unless turned off (a row in mail_opt_outs) */
export type OptOutKind = Exclude<MailKind, OptInKind>;
/** the kinds that are off unless turned on (a row in mail_opt_ins): a newsletter needs consent */
export type OptInKind = 'news_digest';

export type PrivacyExportTable = {
  id: Generated<number>;
  user_id: string;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  requested_at: Generated<Date>;
  started_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
  finished_at: Timestamp | null;
  attempts: Generated<number>;
  data: unknown;
  bytes: number | null;
  error: string | null;
};

export type MailOptOutTable = {
  user_id: string;
  kind: OptOutKind;
  since: Generated<Date>;
};

export type MailOptInTable = {
  user_id: string;
  kind: OptInKind;
  since: Generated<Date>;
};

export type PasswordTokenTable = {
  token_hash: string;
  user_id: string;
  purpose: 'reset' | 'invite' | 'verify' | 'email_change';
  /** the address the link was sent for (an address's confirmation checks it) */
  email: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
};

/** attempts at the account forms, per kind and key (a hash), shared by every process */
export type AuthThrottleTable = {
  kind: string;
  key: string;
  attempts: number;
  last_at: Generated<Date>;
  blocked_until: Timestamp | null;
};

export type ApiTokenTable = {
  id: Generated<number>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
};

export type UserChange =
  | 'created'
  | 'role'
  | 'disabled'
  | 'enabled'
  | 'organisation_added'
  | 'organisation_removed'
  | 'token_created';

export type UserChangeTable = {
  id: Generated<string>;
  user_id: string;
  actor_id: string | null;
  change: UserChange;
  before: string | null;
  after: string | null;
  at: Generated<Date>;
};

export type DB = DirectoryTables &
  AuditTables &
  BackupTables &
  JuriesTables &
  VenueTables &
  EventsTables &
  NewsTables &
  ObservatoryTables &
  ProgrammesTables & {
    instance_meta: InstanceMetaTable;
    /** 0043: a version per topic of public pages, bumped by triggers at commit */
    page_versions: { topic: string; version: number };
    hub: HubTable;
    hub_fields: HubFieldTable;
    users: UserTable;
    sessions: SessionTable;
    mail_opt_outs: MailOptOutTable;
    mail_opt_ins: MailOptInTable;
    privacy_exports: PrivacyExportTable;
    password_tokens: PasswordTokenTable;
    auth_throttle: AuthThrottleTable;
    api_tokens: ApiTokenTable;
    user_changes: UserChangeTable;
    mail_queue: MailQueueTable;
  };

export type OrganisationTable = {
  id: Generated<string>;
  slug: string;
  name: string;
  acronym: string | null;
  kind: string;
  status: Generated<string>;
  siren: string | null;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  website: string | null;
  field_slugs: Generated<string[]>;
  label_slugs: Generated<string[]>; // labels held (0030: written by triggers only)
  tags: Generated<string[]>;
  legal_category: string | null;
  naf_code: string | null;
  company_category: string | null;
  created_on: string | null;
  closed_on: Generated<string | null>;
  ceased: Generated<boolean>;
  restricted: Generated<boolean>;
  sole_trader: Generated<boolean>;
  provenance: Generated<Record<string, { source: string; at: string }>>;
  headcount_band: string | null;
  headcount_min: number | null;
  headcount_max: number | null;
  headcount_year: number | null;
  headcount_source: string | null;
  communes: Generated<string[]>;
  head_office_in_territory: Generated<boolean>;
  merged_into: string | null;
  is_demo: Generated<boolean>;
  search: unknown;
  /** the search index's key (migration 0011) */
  doc_no: Generated<number>;
  /** the transaction that last wrote the row (xid8, as text) */
  change_xid: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type EstablishmentTable = {
  siret: string;
  organisation_id: string;
  name: string | null;
  is_head_office: boolean;
  status: string;
  street: string | null;
  postcode: string | null;
  commune_code: string | null;
  commune_name: string | null;
  latitude: number | null;
  longitude: number | null;
  naf_code: string | null;
  headcount_band: string | null;
  headcount_year: number | null;
  created_on: string | null;
  closed_on: Generated<string | null>;
  restricted: boolean;
  in_territory: Generated<boolean>;
  updated_at: Generated<Date>;
};

export type HeadcountObservationTable = {
  id: Generated<number>;
  organisation_id: string;
  siret: string | null;
  band: string | null;
  exact: number | null;
  year: number | null;
  source: string;
  observed_on: string;
  import_id: number | null;
  created_at: Generated<Date>;
};

/** view (0012): each organisation's current headcount, by the rule stated there */
export type CurrentHeadcountView = {
  organisation_id: string;
  exact: number | null;
  /** the band observed, or for an exact figure the band it falls in */
  band: string | null;
  min_staff: number | null;
  max_staff: number | null;
  year: number | null;
  source: string;
  observed_on: string;
};

export type RelationTable = {
  id: Generated<number>;
  from_id: string;
  to_id: string;
  type: string;
  started_on: string | null;
  ended_on: string | null;
  source: Generated<string>;
  note: string | null;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_by: string | null;
  updated_at: Generated<Date>;
};

export type FundingRoundTable = {
  id: Generated<number>;
  organisation_id: string;
  announced_on: string;
  amount_eur: number | null;
  stage: string;
  source: Generated<string>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_by: string | null;
  updated_at: Generated<Date>;
};

export type FundingRoundInvestorTable = { round_id: number; investor_id: string };

export type OrganisationMemberTable = {
  organisation_id: string;
  user_id: string;
  created_at: Generated<Date>;
};

export type OrganisationClaimTable = {
  id: Generated<number>;
  organisation_id: string;
  user_id: string;
  status: Generated<'pending' | 'approved' | 'rejected' | 'revoked'>;
  method: 'email_domain' | 'staff';
  message: Generated<string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: Generated<Date>;
  /** who revoked an automatic claim (staff or an earlier member), and when */
  revoked_by: string | null;
  revoked_at: Timestamp | null;
};

export type SlugHistoryTable = {
  slug: string;
  organisation_id: string;
  created_at: Generated<Date>;
};

export type SectorCodeTable = {
  code: string;
  field_slugs: Generated<string[]>;
  updated_at: Generated<Date>;
};

export type ImportTable = {
  id: Generated<number>;
  kind: Generated<string>;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  files: Generated<
    { role: 'establishments' | 'units'; path: string; name: string; bytes: number }[]
  >;
  options: Generated<{ allSectors?: boolean; asOf?: string }>;
  as_of: string | null;
  bytes_total: Generated<number>;
  bytes_read: Generated<number>;
  rows_read: Generated<number>;
  summary: unknown;
  error: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
  phase: 'reading' | 'merging' | null;
  files_deleted_at: Timestamp | null;
  files_kept_days: number | null;
};

export type StageEstablishmentTable = {
  import_id: number;
  /** the record's line in its file (a repeated SIRET keeps the earliest) */
  line: number;
  siret: string;
  siren: string;
  name: string | null;
  is_head_office: boolean;
  status: string;
  street: string | null;
  postcode: string | null;
  commune_code: string | null;
  commune_name: string | null;
  latitude: number | null;
  longitude: number | null;
  naf_code: string | null;
  naf_nomenclature: string | null;
  headcount_band: string | null;
  headcount_year: number | null;
  created_on: string | null;
  closed_on: string | null;
  restricted: boolean;
};

export type StageUnitTable = {
  import_id: number;
  /** the record's line in its file (a repeated SIREN keeps the earliest) */
  line: number;
  siren: string;
  name: string | null;
  acronym: string | null;
  legal_category: string | null;
  naf_code: string | null;
  company_category: string | null;
  created_on: string | null;
  closed_on: string | null;
  ceased: boolean;
  restricted: boolean;
  sole_trader: boolean;
  headcount_band: string | null;
  headcount_year: number | null;
  head_office_nic: string | null;
};

export type ImportRejectionTable = {
  import_id: number;
  file: string;
  line: number;
  reason: string;
};

/** kept by triggers on organisations (migration 0007): read only */
/** moved on by every deletion of organisations (migration 0011) */
export type DirectoryIndexEpochTable = { id: Generated<boolean>; epoch: number };

export type DirectoryFacetCountTable = {
  facet: 'total' | 'kind' | 'status' | 'headcount' | 'field' | 'commune';
  value: string;
  n: number;
};

/** the register grouped by facet values, kept by triggers (migration 0007): read only */
export type DirectoryFacetCellTable = {
  kind: string;
  status: string;
  headcount_band: string | null;
  headcount_min: number | null;
  headcount_max: number | null;
  field_slugs: string[];
  communes: string[];
  label_slugs: string[];
  n: number;
};

export type DirectoryTables = {
  organisations: OrganisationTable;
  establishments: EstablishmentTable;
  headcount_observations: HeadcountObservationTable;
  current_headcounts: CurrentHeadcountView;
  organisation_relations: RelationTable;
  funding_rounds: FundingRoundTable;
  funding_round_investors: FundingRoundInvestorTable;
  organisation_members: OrganisationMemberTable;
  organisation_claims: OrganisationClaimTable;
  organisation_slug_history: SlugHistoryTable;
  sector_codes: SectorCodeTable;
  imports: ImportTable;
  sirene_stage_establishments: StageEstablishmentTable;
  sirene_stage_units: StageUnitTable;
  import_rejections: ImportRejectionTable;
  directory_facet_counts: DirectoryFacetCountTable;
  directory_facet_cells: DirectoryFacetCellTable;
  directory_index_epoch: DirectoryIndexEpochTable;
};
