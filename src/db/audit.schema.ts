import type { Timestamp } from './schema.ts';

/** One entry of the audit log (0029): appended by `audit_append`, never changed. */
export type AuditLogTable = {
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  subject_type: string;
  subject_id: string;
  application_id: number | null;
  action: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
};

export type AuditTables = {
  audit_log: AuditLogTable;
};
