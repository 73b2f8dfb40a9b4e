import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MissingColumnsError } from '../sirene/csv-stream.ts';
import { FileReadError } from './file-reader.ts';
import { uploadsFolder } from './import-files.ts';
import { importsRepository } from './imports.repository.ts';
import { checkSireneFiles, describeFiles } from './sirene-import.service.ts';

/** the rejected lines listed per import on the page */
export const REJECTIONS_SHOWN = 100;

export const FILE_ROLES = ['establishments', 'units'] as const;
export type FileRole = (typeof FILE_ROLES)[number];

/** What the first bytes say the file is: never trust its name. */
async function sniff(file: string): Promise<'zip' | 'gzip' | 'csv' | null> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    const text = head.toString('utf8').replace(/^\uFEFF/, '');
    return /^"?siren"?,/.test(text) ? 'csv' : null;
  } finally {
    await handle.close();
  }
}

const EXTENSION = { zip: '.zip', gzip: '.csv.gz', csv: '.csv' } as const;

/** why an upload was not queued */
export type UploadProblem =
  | 'badType'
  | 'noFile'
  | { missingColumns: readonly string[] }
  /** the reading process refused the file: its reason, in its own words */
  | { refused: string | { fr: string; en: string } };

/**
 * The imports of the back office: the list with each one's first rejected lines, and an upload's
 * files, kept in a folder of their own until the worker has read them.
 */
export function importsService(db: Kysely<DB>, dataDir: string) {
  const repo = importsRepository(db);
  return {
    /** the latest imports, and the first lines each one turned down (so staff can tell which and why) */
    async recent(limit = 30) {
      const imports = await repo.list(limit);
      const rejections = new Map<number, Awaited<ReturnType<typeof repo.rejections>>>();
      for (const row of imports) {
        const rejected = (row.summary as { rejectedLines?: number } | null)?.rejectedLines ?? 0;
        // a file stopped for its rejected lines lists its first ones: they say why
        if (rejected > 0 || row.status === 'failed')
          rejections.set(row.id, await repo.rejections(row.id, REJECTIONS_SHOWN));
      }
      return { imports, rejections };
    },

    /** a folder for one upload's files; `discard` removes it with whatever it holds */
    async newUpload(name: string) {
      const dir = path.join(uploadsFolder(dataDir), `${Date.now()}-${name}`);
      await mkdir(dir, { recursive: true });
      const saved: Partial<Record<FileRole, string>> = {};
      // the name people gave their file, for the list only: the stored file is named here
      const uploadedAs = new Map<string, string>();
      return {
        /** where a file of this role is written as it arrives (a name chosen here, never the upload's) */
        target: (role: FileRole) => path.join(dir, `${role}.upload`),

        /** a file fully written: kept when its first bytes are of a kind the import reads */
        async keep(role: FileRole, uploadedName: string): Promise<boolean> {
          const written = path.join(dir, `${role}.upload`);
          const kind = await sniff(written);
          if (!kind) return false;
          const final = path.join(dir, `${role}${EXTENSION[kind]}`);
          await rename(written, final);
          saved[role] = final;
          const shown = path
            .basename(uploadedName)
            .replace(/[^\p{L}\p{N}._ -]/gu, '_')
            .slice(0, 120);
          uploadedAs.set(final, shown);
          return true;
        },

        /** queues the import of the files kept, or says why not (and removes them) */
        async queue(options: {
          allSectors: boolean;
          createdBy: string | null;
        }): Promise<UploadProblem | null> {
          if (!saved.establishments && !saved.units) {
            await this.discard();
            return 'noFile';
          }
          const request = {
            establishmentsPath: saved.establishments,
            unitsPath: saved.units,
            allSectors: options.allSectors,
          };
          try {
            const sizes = await checkSireneFiles(request);
            await repo.create({
              files: describeFiles(request, sizes).map((f) => ({
                ...f,
                name: uploadedAs.get(f.path) ?? f.name,
              })),
              options: { allSectors: options.allSectors, origin: 'upload' },
              createdBy: options.createdBy,
            });
            return null;
          } catch (error) {
            await this.discard();
            if (error instanceof MissingColumnsError) return { missingColumns: error.missing };
            if (error instanceof FileReadError) return { refused: error.reason };
            return 'badType';
          }
        },

        discard: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}

export type ImportsService = ReturnType<typeof importsService>;
