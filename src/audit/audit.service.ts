import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type AuditEntryInput, type AuditRow, auditRepository } from './audit.repository.ts';

export type { AuditEntryInput, NamedAuditRow } from './audit.repository.ts';

const GENESIS = '0'.repeat(64);

/**
 * The text an entry's hash is computed over: the same as `audit_entry_text` in 0029, rebuilt
 * here from the row so that the check does not trust the database's own function.
 */
export function entryText(row: AuditRow): string {
  return [
    String(row.seq),
    row.at.toISOString(),
    row.actor_id ?? '',
    row.subject_type,
    row.subject_id,
    row.application_id === null ? '' : String(row.application_id),
    row.action,
    row.before_text ?? 'null',
    row.after_text ?? 'null',
    row.prev_hash,
  ].join('\n');
}

export const entryHash = (row: AuditRow) =>
  createHash('sha256').update(entryText(row), 'utf8').digest('hex');

export type VerifyResult =
  | { ok: true; count: number; head: string; anchorFound?: boolean }
  | {
      ok: false;
      count: number;
      /** the first entry that does not hold, and why */
      seq: number;
      problem: 'hash' | 'link' | 'sequence';
      expected: string;
      found: string;
    };

/**
 * Appends an entry in the caller's transaction (pass the `trx`): who, what, before → after.
 * Every state change of an application, assignment, conflict override, review, decision and
 * label goes through here.
 */
export function appendAudit(trx: Kysely<DB>, entry: AuditEntryInput): Promise<number> {
  return auditRepository(trx).append(entry);
}

/** Reads the log, and walks the chain. */
export function auditService(db: Kysely<DB>) {
  const repository = auditRepository(db);
  return {
    ofApplication: (applicationId: number) => repository.ofApplication(applicationId),
    ofSubject: (type: string, id: string | number) => repository.ofSubject(type, id),

    /**
     * Walks the chain from its first entry: each entry must follow the previous one's number,
     * name the previous one's hash, and hash to what it says. Stops at the first that does not.
     * With an `anchor` (a hash printed by an earlier run and kept elsewhere), also says whether
     * the chain still passes through it: a chain rewritten from an earlier point no longer does.
     */
    async verify(options: { batchSize?: number; anchor?: string } = {}): Promise<VerifyResult> {
      const batchSize = options.batchSize ?? 5000;
      let anchorFound = false;
      let previousHash = GENESIS;
      let previousSeq = 0;
      let count = 0;
      for (;;) {
        const rows = await repository.batch(previousSeq, batchSize);
        for (const row of rows) {
          if (row.seq !== previousSeq + 1) {
            return fail(row, 'sequence', String(previousSeq + 1), String(row.seq));
          }
          if (row.prev_hash !== previousHash) return fail(row, 'link', previousHash, row.prev_hash);
          const hash = entryHash(row);
          if (hash !== row.hash) return fail(row, 'hash', hash, row.hash);
          if (row.hash === options.anchor) anchorFound = true;
          previousHash = row.hash;
          previousSeq = row.seq;
          count += 1;
        }
        if (rows.length < batchSize) {
          const head = previousHash;
          return options.anchor
            ? { ok: true, count, head, anchorFound }
            : { ok: true, count, head };
        }
      }
      function fail(
        row: AuditRow,
        problem: 'hash' | 'link' | 'sequence',
        expected: string,
        found: string,
      ): VerifyResult {
        return { ok: false, count, seq: row.seq, problem, expected, found };
      }
    },
  };
}
