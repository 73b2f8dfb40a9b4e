/**
 * The database of the application as every process opens it: the server, and the commands that
 * run while it is stopped. Kept apart from the server's start, so that a command (an import)
 * does not load the web application it does not run (about 65 MB of its memory).
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { type Database, type OpenOptions, openDatabase } from '../db/engine.ts';
import { migrate } from '../db/migrate.ts';
import type { Config } from '../kernel/config.ts';

/**
 * How the server opens its embedded database. PGlite keeps PostgreSQL's shared buffers and work
 * areas inside the process, in WebAssembly memory that grows and never shrinks: PostgreSQL's
 * defaults (128 MB of shared buffers, 64 MB of maintenance work area) left an idle server with the
 * demo at about 500 MB. A hub's register is tens of megabytes, read from the operating system's
 * file cache when it is not in the buffers; the server also runs the back office's imports, which
 * these settings were measured for (the import command's own).
 */
export const SERVER_EMBEDDED_SETTINGS = {
  shared_buffers: '16MB',
  work_mem: '2MB',
  maintenance_work_mem: '16MB',
  temp_buffers: '2MB',
} as const;

/**
 * The embedded database's WebAssembly is compiled by V8's baseline compiler only, unless the
 * configuration asks for the optimising tier too: tiering compiles PostgreSQL's busy functions a
 * second time and keeps both, about 70 MB more for queries measured 5 to 10 % faster (bench
 * `memory`). A V8 flag, so set before PGlite's module is compiled, and for the whole process.
 */
export function chooseWasmCompiler(config: Config): void {
  if (config.databaseUrl || config.embeddedCompiler === 'tiered') return;
  v8.setFlagsFromString('--liftoff-only');
}

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
