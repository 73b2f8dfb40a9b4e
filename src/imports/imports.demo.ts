import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { writeSireneSample } from '../sirene/sample/sample.ts';
import { importsRepository } from './imports.repository.ts';
import { describeFiles, runSireneImport } from './sirene-import.service.ts';

/**
 * Demo data of the register: two consecutive months of a synthetic SIRENE register, imported as
 * the official files would be, so that history shows. Every organisation it adds is marked as demo.
 */
export async function loadRegisterDemo(db: Kysely<DB>, options: { rows?: number } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'totem-demo-sirene-'));
  try {
    for (const month of ['2026-04', '2026-05']) {
      const sample = await writeSireneSample({
        directory: path.join(dir, month),
        rows: options.rows ?? 800,
        seed: 2014,
        month,
      });
      const request = {
        establishmentsPath: sample.establishmentsPath,
        unitsPath: sample.unitsPath,
        demo: true,
      };
      const files = describeFiles(request, new Map());
      const id = await importsRepository(db).create({
        files,
        options: { demo: true },
        status: 'running',
      });
      await runSireneImport(db, id, request);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
