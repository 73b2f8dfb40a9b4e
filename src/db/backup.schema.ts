import type { Generated } from 'kysely';

/** the scheduled backup's days (0041) */
export type BackupTables = {
  backup_runs: {
    day: string;
    started_at: Generated<Date>;
    finished_at: Date | null;
    file: string | null;
    bytes: number | null;
  };
};
