/**
 * The database of the application as every process opens it: the server, and the commands that
 * run while it is stopped. Kept apart from the server's start, so that a command (an import)
 * does not load the web application it does not run (about 65 MB of its memory).
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Database, type OpenOptions, openDatabase } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import type { Config } from '../kernel/config.ts';

export function embeddedDir(config: Config): string {
  return path.join(config.dataDir, 'db');
}

/** Opens the database the server uses (creating and migrating it when needed). */
export async function openAppDatabase(
  config: Config,
  options: Pick<OpenOptions, 'embeddedSettings'> = {},
): Promise<Database> {
  const database = await openDatabase({
    ...options,
    databaseUrl: config.databaseUrl,
    dataDir: embeddedDir(config),
  });
  try {
    await migrate(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** where a server on the embedded database writes its pid */
export const serverPidFile = (config: Config) => path.join(embeddedDir(config), 'totem-server.pid');

/**
 * The embedded database belongs to one process at a time: a command that writes to it refuses
 * while a server runs on the same data folder.
 */
export function assertServerStopped(config: Config): void {
  if (config.databaseUrl) return;
  const file = serverPidFile(config);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8'));
  try {
    if (pid > 0 && pid !== process.pid) process.kill(pid, 0);
    else return;
  } catch {
    return; // a stale file: that server is gone
  }
  throw new Error(
    `A Totem server (pid ${pid}) is using the embedded database in ${config.dataDir}. Stop it first, or upload the file from the back office.`,
  );
}
