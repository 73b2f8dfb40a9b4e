import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** An entry as its appender gives it. */
export type AuditEntryInput = {
  /** who acted; null for the platform itself (a command, a task) */
  actorId: string | null;
  /** what changed: `application`, `assignment`, `review`, `decision`, `label`… */
  subjectType: string;
  subjectId: string | number;
  /** the application the change belongs to, when there is one */
  applicationId?: number | null;
  /** what happened: `state`, `assigned`, `conflict_overridden`, `submitted`… */
  action: string;
  before?: unknown;
  after?: unknown;
};

/** A stored entry, as the verifier rebuilds its hash from it. */
export type AuditRow = {
  seq: number;
  at: Date;
  actor_id: string | null;
  subject_type: string;
  subject_id: string;
  application_id: number | null;
  action: string;
  /** the JSON as PostgreSQL writes jsonb out, or null */
  before_text: string | null;
  after_text: string | null;
  prev_hash: string;
  hash: string;
};

export type NamedAuditRow = {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  subject_type: string;
  subject_id: string;
  action: string;
  before: unknown;
  after: unknown;
  hash: string;
};

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** The SQL of the audit log: appends through `audit_append` (0029), reads. */
export function auditRepository(db: Kysely<DB>) {
  return {
    /**
     * Appends one entry in the caller's transaction: `audit_append` takes the log's advisory lock
     * until that transaction ends, so appends of every process form one chain.
     */
    async append(entry: AuditEntryInput): Promise<number> {
      const { rows } = await sql<{ seq: number }>`
        SELECT audit_append(${entry.actorId}::uuid, ${entry.subjectType}, ${String(entry.subjectId)},
          ${entry.applicationId ?? null}::bigint, ${entry.action}, ${json(entry.before)}::jsonb,
          ${json(entry.after)}::jsonb) AS seq`.execute(db);
      return Number(rows[0]?.seq);
    },

    /** entries after `afterSeq`, in order, `limit` at a time: what the verifier walks */
    batch(afterSeq: number, limit: number): Promise<AuditRow[]> {
      return db
        .selectFrom('audit_log')
        .select([
          'seq',
          'at',
          'actor_id',
          'subject_type',
          'subject_id',
          'application_id',
          'action',
          sql<string | null>`before::text`.as('before_text'),
          sql<string | null>`after::text`.as('after_text'),
          'prev_hash',
          'hash',
        ])
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute() as Promise<AuditRow[]>;
    },

    /** an application's entries, oldest first, with the name of who acted */
    ofApplication(applicationId: number): Promise<NamedAuditRow[]> {
      return db
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.actor_id')
        .select([
          'a.seq',
          'a.at',
          'a.actor_id',
          'u.name as actor_name',
          'a.subject_type',
          'a.subject_id',
          'a.action',
          'a.before',
          'a.after',
          'a.hash',
        ])
        .where('a.application_id', '=', applicationId)
        .orderBy('a.seq')
        .execute();
    },

    /** a subject's entries (a label's, say), oldest first, with the name of who acted */
    ofSubject(subjectType: string, subjectId: string | number): Promise<NamedAuditRow[]> {
      return db
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.actor_id')
        .select([
          'a.seq',
          'a.at',
          'a.actor_id',
          'u.name as actor_name',
          'a.subject_type',
          'a.subject_id',
          'a.action',
          'a.before',
          'a.after',
          'a.hash',
        ])
        .where('a.subject_type', '=', subjectType)
        .where('a.subject_id', '=', String(subjectId))
        .orderBy('a.seq')
        .execute();
    },
  };
}
