import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { PERSONAL_COLUMNS } from './privacy.registry.ts';
import { privacyRepository } from './privacy.repository.ts';

/** everything the platform holds about a person, as the export gives it */
export type PersonalData = {
  generated_at: string;
  account: Record<string, unknown>;
  /** per table, the rows naming the person (the column that names them, then the rows) */
  tables: { table: string; column: string; why: string; rows: Record<string, unknown>[] }[];
  /** the mails queued or sent to the address */
  mails: Record<string, unknown>[];
};

export const ERASED_NAME = 'Compte supprimé';

/**
 * A person's rights over their data (GDPR articles 15, 17 and 20): everything held about them,
 * as data; and their account's erasure, in one transaction, as the registry says per table.
 */
export function privacyService(db: Kysely<DB>) {
  return {
    /** undefined when there is no such account (or it was erased) */
    async exportOf(userId: string): Promise<PersonalData | undefined> {
      const repo = privacyRepository(db);
      const account = await repo.account(userId);
      if (!account || account.erased_at) return undefined;
      const tables: PersonalData['tables'] = [];
      for (const entry of PERSONAL_COLUMNS) {
        const rows = await repo.rowsNaming(entry, userId);
        if (rows.length > 0)
          tables.push({ table: entry.table, column: entry.column, why: entry.why, rows });
      }
      const mails = await repo.mailsTo(String(account.email));
      return { generated_at: new Date().toISOString(), account, tables, mails };
    },

    /**
     * Erases the account: every row the registry deletes goes, the rows it anonymises lose their
     * person, the mails to the address go, and the account becomes a pseudonym — its sessions and
     * tokens are deleted in the same transaction, so they end at once. False when there is no
     * such account or it was erased already.
     */
    async erase(userId: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const repo = privacyRepository(trx);
        const account = await repo.account(userId);
        if (!account || account.erased_at) return false;
        for (const entry of PERSONAL_COLUMNS) await repo.erase(entry, userId);
        await repo.deleteMailsTo(String(account.email));
        await repo.pseudonymise(userId, ERASED_NAME);
        return true;
      });
    },
  };
}

export type PrivacyService = ReturnType<typeof privacyService>;
