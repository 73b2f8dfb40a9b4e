import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { AppError } from '../../app/errors.ts';
import type { DB } from '../../db/schema.ts';
import { emptyForm } from '../../web/forms.tsx';
import { directoryPolicy as can } from '../directory.policy.ts';
import { ImportsPage } from '../pages/ImportsPage.tsx';
import { MissingColumnsError } from '../sirene/csv-stream.ts';
import { importsRepository } from './imports.repository.ts';
import { checkSireneFiles, describeFiles } from './sirene-import.service.ts';

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

export function importsRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<DB>; dataDir: string; maxBytes: number },
) {
  const repo = importsRepository(deps.db);

  async function page(request: FastifyRequest, form = emptyForm()) {
    const [ctx, imports] = await Promise.all([request.pageContext(), repo.list(30)]);
    return { ctx, imports, form };
  }

  app.get('/admin/imports', { config: { access: can.import } }, async (request, reply) => {
    return reply.html(ImportsPage(await page(request)));
  });

  app.post('/admin/imports', { config: { access: can.import } }, async (request, reply) => {
    const dir = path.join(deps.dataDir, 'imports', `${Date.now()}-${request.id.slice(0, 8)}`);
    await mkdir(dir, { recursive: true });
    const saved: Partial<Record<'establishments' | 'units', string>> = {};
    // the name people gave their file, for the list only: the stored file is named here
    const uploadedAs = new Map<string, string>();
    let allSectors = false;
    let problem: string | undefined;
    let status = 422;
    const t = (await request.pageContext()).t;
    try {
      for await (const part of request.parts({
        limits: { fileSize: deps.maxBytes, files: 2, fields: 5 },
      })) {
        if (part.type === 'field') {
          if (part.fieldname === 'allSectors' && part.value === '1') allSectors = true;
          continue;
        }
        const role =
          part.fieldname === 'establishments' || part.fieldname === 'units' ? part.fieldname : null;
        if (!role || !part.filename) {
          part.file.resume();
          continue;
        }
        // the name is chosen here, never taken from the upload
        const target = path.join(dir, `${role}.upload`);
        await pipeline(part.file, createWriteStream(target));
        if (part.file.truncated) {
          problem = t.imports.tooLarge(`${Math.round(deps.maxBytes / 1_048_576)} MB`);
          status = 413;
          continue;
        }
        const kind = await sniff(target);
        if (!kind) {
          problem = t.imports.badType;
          continue;
        }
        const final = path.join(dir, `${role}${EXTENSION[kind]}`);
        await rename(target, final);
        saved[role] = final;
        uploadedAs.set(
          final,
          path
            .basename(part.filename)
            .replace(/[^\p{L}\p{N}._ -]/gu, '_')
            .slice(0, 120),
        );
      }
      if (!problem && !saved.establishments && !saved.units) problem = t.imports.noFile;
      const request_ = {
        establishmentsPath: saved.establishments,
        unitsPath: saved.units,
        allSectors,
      };
      if (!problem) {
        try {
          const sizes = await checkSireneFiles(request_);
          await repo.create({
            files: describeFiles(request_, sizes).map((f) => ({
              ...f,
              name: uploadedAs.get(f.path) ?? f.name,
            })),
            options: { allSectors, origin: 'upload' },
            createdBy: request.actor.kind === 'user' ? request.actor.user.id : null,
          });
          return reply.flash('importQueued').redirect(request.href('/admin/imports'), 303);
        } catch (error) {
          if (error instanceof MissingColumnsError)
            problem = t.imports.missingColumns(error.missing.join(', '));
          else problem = t.imports.badType;
        }
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        problem = t.imports.tooLarge(`${Math.round(deps.maxBytes / 1_048_576)} MB`);
        status = 413;
      } else if (!(error instanceof AppError)) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
    await rm(dir, { recursive: true, force: true });
    const form = { values: {}, errors: {}, message: problem };
    return reply.html(ImportsPage(await page(request, form)), status);
  });
}
