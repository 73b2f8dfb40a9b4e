import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { importsRepository } from './imports.repository.ts';

const DAY_MS = 86_400_000;

/** the folder of uploaded files, where each upload has a folder of its own */
export const uploadsFolder = (dataDir: string) => path.join(dataDir, 'imports');

/** the upload's own folder holding `file`, or null when the file is not an upload's */
function uploadFolderOf(dataDir: string, file: string): string | null {
  const root = uploadsFolder(dataDir);
  const folder = path.dirname(path.resolve(file));
  const relative = path.relative(root, folder);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  // the upload's folder is the first one under the root, whatever lies deeper
  return path.join(root, relative.split(path.sep)[0] as string);
}

/**
 * Deletes the files of the uploaded imports that ended (done or failed) more than `keepDays`
 * days before `now`, and records when and after how long; returns how many imports lost their
 * files. Queued and running imports are never touched, nor the command's imports (their files
 * are the operator's), nor any file outside the uploads' folder.
 */
export async function deleteExpiredImportFiles(
  db: Kysely<DB>,
  dataDir: string,
  keepDays: number,
  now: Date = new Date(),
): Promise<number> {
  const repo = importsRepository(db);
  const expired = await repo.filesToDelete(new Date(now.getTime() - keepDays * DAY_MS));
  for (const row of expired) {
    const folders = new Set<string>();
    for (const file of row.files) {
      const folder = uploadFolderOf(dataDir, file.path);
      if (folder) folders.add(folder);
    }
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
    await repo.markFilesDeleted(row.id, now, keepDays);
  }
  return expired.length;
}
