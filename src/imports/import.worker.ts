import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startPoller } from '../kernel/jobs.ts';
import { deleteExpiredImportFiles } from './import-files.ts';
import { importsRepository } from './imports.repository.ts';
import { runSireneImport } from './sirene-import.service.ts';

/** how often the files of ended imports are looked at */
const FILES_SWEEP_MS = 3_600_000;

/**
 * Runs the imports queued from the back office, one at a time per process. A job whose process
 * died (no heartbeat for two minutes) is taken again and runs from the start, which is safe: an
 * import only writes to the register in its final transaction.
 *
 * Beside it, once an hour (and at start), the files of uploaded imports that ended more than
 * `files.keepDays` days ago are deleted.
 */
export function startImportWorker(
  db: Kysely<DB>,
  log: FastifyBaseLogger,
  everyMs = 2000,
  /** told after each import that finished (the observatory recomputes then) */
  afterImport: () => void = () => {},
  /** where uploads are kept and for how long after their import ended; none: never deleted */
  files?: { dataDir: string; keepDays: number },
) {
  const repo = importsRepository(db);

  async function runOnce(): Promise<boolean> {
    const job = await repo.claimNext();
    if (!job) return false;
    const request = {
      establishmentsPath: job.files.find((f) => f.role === 'establishments')?.path,
      unitsPath: job.files.find((f) => f.role === 'units')?.path,
      allSectors: job.options.allSectors ?? false,
      asOf: job.options.asOf,
    };
    try {
      const summary = await runSireneImport(db, job.id, request);
      log.info({ importId: job.id, summary: { ...summary, rejections: undefined } }, 'import done');
      afterImport();
    } catch (error) {
      // logged once the failure is recorded: whoever reads the log then finds it on the page
      try {
        await repo.fail(job.id, (error as Error).message);
      } finally {
        log.error({ err: error, importId: job.id }, 'import failed');
      }
    }
    return true;
  }

  const poller = startPoller({
    name: 'import worker',
    everyMs,
    log,
    start: 'later',
    takeOne: async () => ((await runOnce()) ? true : null),
  });
  const sweeper = files
    ? startPoller({
        name: 'import files',
        everyMs: FILES_SWEEP_MS,
        log,
        start: 'now',
        takeOne: async () => {
          const deleted = await deleteExpiredImportFiles(db, files.dataDir, files.keepDays);
          if (deleted > 0) log.info({ imports: deleted }, 'import files deleted');
          return null;
        },
      })
    : undefined;
  return {
    runOnce,
    async stop() {
      await Promise.all([poller.stop(), sweeper?.stop()]);
    },
  };
}
