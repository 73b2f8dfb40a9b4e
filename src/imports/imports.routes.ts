import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { directoryPolicy as can } from '../directory/directory.policy.ts';
import { AppError } from '../kernel/errors.ts';
import { MissingColumnsError } from '../sirene/csv-stream.ts';
import { emptyForm } from '../web/forms.tsx';
import type { Catalogue } from '../web/i18n/index.ts';
import { type ImportRejection, importsRepository } from './imports.repository.ts';
import { ImportsPage } from './pages/ImportsPage.tsx';
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

/** the rejected lines listed per import on the page */
const REJECTIONS_SHOWN = 100;

export function importsRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<DB>; dataDir: string; maxBytes: number },
) {
  const repo = importsRepository(deps.db);

  async function page(request: FastifyRequest, form = emptyForm()) {
    const [ctx, imports] = await Promise.all([request.pageContext(), repo.list(30)]);
    // the first lines each import turned down, so staff can tell which and why
    const rejections = new Map<number, ImportRejection[]>();
    for (const row of imports) {
      const rejected = (row.summary as { rejectedLines?: number } | null)?.rejectedLines ?? 0;
      if (rejected > 0) rejections.set(row.id, await repo.rejections(row.id, REJECTIONS_SHOWN));
    }
    return {
      ctx,
      imports,
      rejections,
      rejectionsShown: REJECTIONS_SHOWN,
      form,
      maxBytes: deps.maxBytes,
    };
  }

  app.get('/admin/imports', { config: { access: can.import } }, async (request, reply) => {
    return reply.html(ImportsPage(await page(request)));
  });

  /** two files at most, each within the limit, and the form's few fields */
  const largestBody = 2 * deps.maxBytes + 1_048_576;
  const tooLarge = (t: Catalogue) =>
    t.imports.tooLarge(`${Math.round(deps.maxBytes / 1_048_576)} MB`);

  app.post(
    '/admin/imports',
    { config: { access: can.import, csrf: 'first-multipart-field' } },
    async (request, reply) => {
      const t = (await request.pageContext()).t;
      const refuse = async (message: string, status: number) => {
        const form = { values: {}, errors: {}, message };
        return reply.html(ImportsPage(await page(request, form)), status);
      };
      // a body announced larger than two files at the limit is refused before a byte is read
      const announced = Number(request.headers['content-length']);
      if (Number.isFinite(announced) && announced > largestBody) return refuse(tooLarge(t), 413);
      if (!request.isMultipart()) return refuse(t.imports.noFile, 422);
      return upload(request, reply, t, refuse);
    },
  );

  async function upload(
    request: FastifyRequest,
    reply: FastifyReply,
    t: Catalogue,
    refuse: (message: string, status: number) => Promise<FastifyReply>,
  ) {
    const dir = path.join(deps.dataDir, 'imports', `${Date.now()}-${request.id.slice(0, 8)}`);
    await mkdir(dir, { recursive: true });
    const saved: Partial<Record<'establishments' | 'units', string>> = {};
    // the name people gave their file, for the list only: the stored file is named here
    const uploadedAs = new Map<string, string>();
    let allSectors = false;
    let problem: string | undefined;
    let status = 422;
    // the form's token is its first field: nothing is written before it is checked
    let tokenChecked = false;
    try {
      for await (const part of request.parts({
        limits: { fileSize: deps.maxBytes, files: 2, fields: 5 },
      })) {
        if (!tokenChecked) {
          const token = part.type === 'field' && part.fieldname === '_csrf' ? part.value : null;
          if (typeof token !== 'string' || !(await request.verifyCsrf(token))) {
            await rm(dir, { recursive: true, force: true });
            return refuse(t.errors.code.CSRF_INVALID, 403);
          }
          tokenChecked = true;
          continue;
        }
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
          problem = tooLarge(t);
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
      if (!tokenChecked) {
        await rm(dir, { recursive: true, force: true });
        return refuse(t.errors.code.CSRF_INVALID, 403);
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
        problem = tooLarge(t);
        status = 413;
      } else if (!(error instanceof AppError)) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
    await rm(dir, { recursive: true, force: true });
    return refuse(problem ?? t.imports.badType, status);
  }
}
