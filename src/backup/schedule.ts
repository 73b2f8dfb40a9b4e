/**
 * The daily backup every server process schedules (BACKUP_DIR): after BACKUP_HOUR, Paris time,
 * the first process to claim the day in `backup_runs` writes `totem-YYYY-MM-DD.backup` and
 * deletes the copies beyond the BACKUP_KEEP most recent; the others find the day claimed.
 */

import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startPoller } from '../kernel/jobs.ts';
import type { BackgroundTask } from '../kernel/module.ts';
import { instantToParis } from '../kernel/paris-time.ts';
import { backupRuns } from './backup.repository.ts';
import { createBackup } from './backup.service.ts';

export type DailyBackup = {
  db: Kysely<DB>;
  dataDir: string;
  /** the folder of the daily copies */
  dir: string;
  /** how many copies are kept */
  keep: number;
  /** the hour (Paris time, 0–23) from which the day's copy is made */
  hour: number;
  now?: () => Date;
};

export type DailyOutcome = {
  file: string;
  bytes: number;
  ms: number;
  rows: number;
  files: number;
  removed: string[];
};

const NAME = /^totem-\d{4}-\d{2}-\d{2}\.backup$/;
/** a claim older than this whose copy never finished is taken again (its process died) */
const STALE_MS = 2 * 3_600_000;

/** Makes the day's copy if it is time and no process made it yet; null otherwise. */
export async function runDailyBackup(options: DailyBackup): Promise<DailyOutcome | null> {
  const now = options.now?.() ?? new Date();
  const paris = instantToParis(now);
  const day = paris.slice(0, 10);
  if (Number(paris.slice(11, 13)) < options.hour) return null;
  const runs = backupRuns(options.db);
  if (!(await runs.claim(day, new Date(now.getTime() - STALE_MS)))) return null;
  const file = path.join(options.dir, `totem-${day}.backup`);
  const started = performance.now();
  try {
    const manifest = await createBackup({
      db: options.db,
      dataDir: options.dataDir,
      out: file,
      now,
    });
    const { size } = await stat(file);
    await runs.finish(day, file, size);
    const removed = await pruneBackups(options.dir, options.keep);
    return {
      file,
      bytes: size,
      ms: Math.round(performance.now() - started),
      rows: Object.values(manifest.tables).reduce((a, b) => a + b, 0),
      files: manifest.files.count,
      removed,
    };
  } catch (error) {
    await runs.release(day);
    throw error;
  }
}

/** Deletes the daily copies beyond the `keep` most recent; returns the names deleted. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => NAME.test(n)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) await rm(path.join(dir, name), { force: true });
  return old;
}

/** The server's background task: looks every few minutes whether the day's copy is due. */
export function dailyBackupTask(options: DailyBackup, everyMs = 10 * 60_000): BackgroundTask {
  let poller: ReturnType<typeof startPoller<DailyOutcome>> | undefined;
  return {
    name: 'backup',
    start(log) {
      poller = startPoller({
        name: 'daily backup',
        everyMs,
        log,
        takeOne: async () => {
          const outcome = await runDailyBackup(options);
          if (outcome) log.info({ backup: outcome }, 'daily backup written');
          return outcome;
        },
      });
    },
    async stop() {
      await poller?.stop();
    },
  };
}
