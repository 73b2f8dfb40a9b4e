import { type Kysely, sql } from 'kysely';
import { bulkCopyOf } from '../db/bulk-copy.ts';
import type { DB, StageEstablishmentTable, StageUnitTable } from '../db/schema.ts';
import { copyText, STAGE_ESTABLISHMENTS, STAGE_UNITS } from './staging-rows.ts';

export type ImportFile = {
  role: 'establishments' | 'units';
  path: string;
  name: string;
  bytes: number;
};

/** a line of an import's file that was turned down: `file` is establishments or units */
export type ImportRejection = { file: string; line: string | number; reason: string };

export type ImportRow = {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** while running: reading the files, or merging them into the register */
  phase: 'reading' | 'merging' | null;
  files: ImportFile[];
  /** origin 'cli': run by the command that created it, never taken by a server's worker */
  options: {
    allSectors?: boolean;
    asOf?: string;
    demo?: boolean;
    origin?: 'cli' | 'upload' | 'demo';
  };
  as_of: string | null;
  bytes_total: number;
  bytes_read: number;
  rows_read: number;
  summary: unknown;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** the upload's files were deleted then, so many days after the import ended */
  files_deleted_at: Date | null;
  files_kept_days: number | null;
};

const COLUMNS = [
  'id',
  'status',
  'phase',
  'files',
  'options',
  'as_of',
  'bytes_total',
  'bytes_read',
  'rows_read',
  'summary',
  'error',
  'created_at',
  'started_at',
  'finished_at',
  'files_deleted_at',
  'files_kept_days',
] as const;

/** Writes COPY text (one line per row, the target's columns in order) with the engine's COPY. */
async function copyInto(
  db: Kysely<DB>,
  target: { table: string; columns: readonly string[] },
  lines: string,
): Promise<void> {
  if (lines === '') return;
  const copy = bulkCopyOf(db);
  if (!copy) throw new Error('this database handle has no bulk copy (open it with openDatabase)');
  await copy(target, lines);
}

/** The job row of each import: queued, taken by a worker, its progress, how it ended. */
function importJobs(db: Kysely<DB>) {
  return {
    async create(input: {
      files: ImportFile[];
      options: ImportRow['options'];
      createdBy?: string | null;
      status?: 'queued' | 'running';
    }): Promise<number> {
      const row = await db
        .insertInto('imports')
        .values({
          files: JSON.stringify(input.files) as never,
          options: JSON.stringify(input.options) as never,
          bytes_total: input.files.reduce((n, f) => n + f.bytes, 0),
          created_by: input.createdBy ?? null,
          status: input.status ?? 'queued',
          started_at: input.status === 'running' ? new Date() : null,
          heartbeat_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async find(id: number): Promise<ImportRow | undefined> {
      return (await db
        .selectFrom('imports')
        .select(COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst()) as ImportRow | undefined;
    },

    async list(limit = 20): Promise<ImportRow[]> {
      return (await db
        .selectFrom('imports')
        .select(COLUMNS)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()) as ImportRow[];
    },

    /**
     * Takes the oldest queued import, or one whose worker stopped beating (a crash or a restart):
     * several processes may ask at once, each job goes to one.
     */
    async claimNext(staleAfterSeconds = 120): Promise<ImportRow | undefined> {
      return db.transaction().execute(async (trx) => {
        const next = await sql<{ id: number }>`
          SELECT id FROM imports
          WHERE coalesce(options->>'origin', 'upload') = 'upload'
            AND (status = 'queued'
                 OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => ${staleAfterSeconds})))
          ORDER BY id
          LIMIT 1
          FOR UPDATE SKIP LOCKED`.execute(trx);
        const id = next.rows[0]?.id;
        if (id === undefined) return undefined;
        await trx
          .updateTable('imports')
          .set({
            status: 'running',
            phase: 'reading',
            started_at: sql`now()`,
            heartbeat_at: sql`now()`,
            error: null,
          })
          .where('id', '=', id)
          .execute();
        return (await trx
          .selectFrom('imports')
          .select(COLUMNS)
          .where('id', '=', id)
          .executeTakeFirst()) as ImportRow | undefined;
      });
    },

    /** the command's earlier runs that were cut short (a crash, kill -9): said so, not left running */
    async markInterrupted(origin: 'cli', message: string): Promise<number> {
      const res = await db
        .updateTable('imports')
        .set({ status: 'failed', phase: null, error: message, finished_at: sql`now()` })
        .where('status', '=', 'running')
        .where(sql<boolean>`options->>'origin' = ${origin}`)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
  };
}

/** What a running import says of itself: its progress, its heartbeat, and how it ended. */
function importProgress(db: Kysely<DB>) {
  return {
    async progress(id: number, bytesRead: number, rowsRead: number): Promise<void> {
      await db
        .updateTable('imports')
        .set({
          phase: 'reading',
          bytes_read: bytesRead,
          rows_read: rowsRead,
          heartbeat_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
    },

    /** the import is merging into the register: said, and its heartbeat kept beating meanwhile */
    async beatWhileMerging(id: number): Promise<void> {
      await db
        .updateTable('imports')
        .set({ phase: 'merging', heartbeat_at: sql`now()` })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute();
    },

    /** the import merged: done, with its summary (written in the merge's transaction) */
    async finish(
      id: number,
      outcome: { asOf: string; summary: unknown; rowsRead: number; bytesRead: number },
    ): Promise<void> {
      await db
        .updateTable('imports')
        .set({
          status: 'done',
          phase: null,
          as_of: outcome.asOf,
          summary: JSON.stringify(outcome.summary) as never,
          finished_at: new Date(),
          rows_read: outcome.rowsRead,
          bytes_read: outcome.bytesRead,
        })
        .where('id', '=', id)
        .execute();
    },

    async fail(id: number, error: string): Promise<void> {
      await db
        .updateTable('imports')
        .set({
          status: 'failed',
          phase: null,
          error: error.slice(0, 2000),
          finished_at: sql`now()`,
        })
        .where('id', '=', id)
        .execute();
    },
  };
}

const REJECTIONS_PER_STATEMENT = 1000;

/** An import's staging rows (read from the files before the merge) and its rejected lines. */
function importStaging(db: Kysely<DB>) {
  return {
    /**
     * Staging is thrown away and read again when an interrupted import runs anew; the staging rows
     * of imports that ended (an earlier one that failed midway) go too.
     */
    async clearStage(id: number): Promise<void> {
      for (const table of ['sirene_stage_establishments', 'sirene_stage_units'] as const) {
        await db
          .deleteFrom(table)
          .where((eb) =>
            eb.or([
              eb('import_id', '=', id),
              eb(
                'import_id',
                'in',
                eb.selectFrom('imports').select('id').where('status', 'in', ['done', 'failed']),
              ),
            ]),
          )
          .execute();
      }
      await db.deleteFrom('import_rejections').where('import_id', '=', id).execute();
    },

    /** Staging rows go in by COPY, a batch at a time, in the order of the table's columns below. */
    async stageEstablishments(rows: StageEstablishmentTable[]): Promise<void> {
      await copyInto(db, STAGE_ESTABLISHMENTS, copyText(STAGE_ESTABLISHMENTS, rows));
    },

    async stageUnits(rows: StageUnitTable[]): Promise<void> {
      await copyInto(db, STAGE_UNITS, copyText(STAGE_UNITS, rows));
    },

    /** staging rows as the reading process sent them, already COPY text */
    async stageLines(role: 'establishments' | 'units', lines: string): Promise<void> {
      await copyInto(db, role === 'establishments' ? STAGE_ESTABLISHMENTS : STAGE_UNITS, lines);
    },

    /** the import's staging rows, once merged (in the merge's transaction) */
    async dropStage(id: number): Promise<void> {
      await db.deleteFrom('sirene_stage_establishments').where('import_id', '=', id).execute();
      await db.deleteFrom('sirene_stage_units').where('import_id', '=', id).execute();
    },

    async reject(
      id: number,
      rows: { file: string; line: number; reason: string }[],
    ): Promise<void> {
      // 4 parameters a row: 1 000 rows a statement stay far within PostgreSQL's 65 535
      for (let start = 0; start < rows.length; start += REJECTIONS_PER_STATEMENT) {
        const part = rows.slice(start, start + REJECTIONS_PER_STATEMENT);
        await db
          .insertInto('import_rejections')
          .values(part.map((r) => ({ import_id: id, ...r, reason: r.reason.slice(0, 500) })))
          .onConflict((oc) => oc.columns(['import_id', 'file', 'line']).doNothing())
          .execute();
      }
    },

    rejections(id: number, limit = 100): Promise<ImportRejection[]> {
      return db
        .selectFrom('import_rejections')
        .select(['file', 'line', 'reason'])
        .where('import_id', '=', id)
        .orderBy('file')
        .orderBy('line')
        .limit(limit)
        .execute();
    },
  };
}

/** The files uploaded for imports, kept for a while after the import ended. */
function importFiles(db: Kysely<DB>) {
  return {
    /**
     * Uploaded imports that ended (done or failed) before `endedBefore` and still have their
     * files; never a queued or running one, nor one of the command (its files are the operator's).
     */
    async filesToDelete(endedBefore: Date): Promise<Pick<ImportRow, 'id' | 'files'>[]> {
      return (await db
        .selectFrom('imports')
        .select(['id', 'files'])
        .where('status', 'in', ['done', 'failed'])
        .where('files_deleted_at', 'is', null)
        .where('finished_at', '<', endedBefore)
        .where(sql<boolean>`coalesce(options->>'origin', 'upload') = 'upload'`)
        .orderBy('id')
        .execute()) as Pick<ImportRow, 'id' | 'files'>[];
    },

    async markFilesDeleted(id: number, at: Date, keptDays: number): Promise<void> {
      await db
        .updateTable('imports')
        .set({ files_deleted_at: at, files_kept_days: keptDays })
        .where('id', '=', id)
        .where('status', 'in', ['done', 'failed'])
        .execute();
    },
  };
}

/** What an import reads of the register before its merge, and the upkeep after it. */
function registerReads(db: Kysely<DB>) {
  return {
    /**
     * The SIRENs the register holds, handed over in pages (numbers: a set of them takes a fraction
     * of the memory of strings), read along the index of SIRENs.
     */
    async registerSirens(take: (sirens: number[]) => void): Promise<void> {
      const PAGE = 20_000;
      let after = '';
      for (;;) {
        const page = await sql<{ siren: string }>`
          SELECT siren FROM organisations WHERE siren > ${after}
          ORDER BY siren LIMIT ${PAGE}`.execute(db);
        take(page.rows.map((r) => Number(r.siren)));
        const last = page.rows.at(-1)?.siren;
        if (last === undefined || page.rows.length < PAGE) break;
        after = last;
      }
    },

    async sectorCodes(): Promise<string[]> {
      return (await db.selectFrom('sector_codes').select('code').execute()).map((r) => r.code);
    },

    async vacuum(): Promise<void> {
      await sql`VACUUM ANALYZE organisations`.execute(db);
      await sql`VACUUM ANALYZE establishments`.execute(db);
      await sql`VACUUM ANALYZE headcount_observations`.execute(db);
      // the staging rows just deleted leave their space to the next import's
      await sql`VACUUM sirene_stage_establishments`.execute(db);
      await sql`VACUUM sirene_stage_units`.execute(db);
    },
  };
}

/**
 * An import's job row, and its staging rows (read from the files before the merge); on a
 * transaction's handle, its statements are part of that transaction.
 */
export function importsRepository(db: Kysely<DB>) {
  return {
    ...importJobs(db),
    ...importProgress(db),
    ...importStaging(db),
    ...importFiles(db),
    ...registerReads(db),
  };
}

export type ImportsRepository = ReturnType<typeof importsRepository>;
