import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { coreError } from '../kernel/errors.ts';
import { readUpload } from '../kernel/multipart.ts';
import { emptyForm } from '../web/forms.tsx';
import type { Catalogue } from '../web/i18n/index.ts';
import { importsPolicy as can } from './imports.policy.ts';
import {
  FILE_ROLES,
  type ImportsService,
  REJECTIONS_SHOWN,
  type UploadProblem,
} from './imports.service.ts';
import { ImportsPage } from './pages/ImportsPage.tsx';

/** The imports page of the back office, and the upload of the official files. */
export function importsRoutes(
  app: FastifyInstance,
  deps: { imports: ImportsService; maxBytes: number },
) {
  const { imports, maxBytes } = deps;

  async function page(request: FastifyRequest, form = emptyForm()) {
    const [ctx, recent] = await Promise.all([request.pageContext(), imports.recent()]);
    return { ctx, ...recent, rejectionsShown: REJECTIONS_SHOWN, form, maxBytes };
  }

  app.get('/admin/imports', { config: { access: can.import } }, async (request, reply) => {
    return reply.html(ImportsPage(await page(request)));
  });

  /** two files at most, each within the limit, and the form's few fields */
  const largestBody = 2 * maxBytes + 1_048_576;
  const tooLarge = (t: Catalogue) => t.imports.tooLarge(`${Math.round(maxBytes / 1_048_576)} MB`);
  const problemText = (t: Catalogue, locale: 'fr' | 'en', problem: UploadProblem) => {
    if (typeof problem === 'string') return t.imports[problem];
    if ('missingColumns' in problem) {
      return t.imports.missingColumns(problem.missingColumns.join(', '));
    }
    const { refused } = problem;
    return t.imports.refused(typeof refused === 'string' ? refused : refused[locale]);
  };

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

      const upload = await imports.newUpload(request.id.slice(0, 8));
      let allSectors = false;
      let badType = false;
      const outcome = await readUpload(request, {
        limits: { fileSize: maxBytes, files: 2, fields: 5 },
        onField: (name, value) => {
          if (name === 'allSectors' && value === '1') allSectors = true;
        },
        onFile: async (part) => {
          const role = FILE_ROLES.find((r) => r === part.fieldname);
          if (!role || !part.filename) return void part.file.resume();
          await pipeline(part.file, createWriteStream(upload.target(role)));
          if (!part.file.truncated && !(await upload.keep(role, part.filename))) badType = true;
        },
      }).catch(async (error: unknown) => {
        await upload.discard();
        throw error;
      });
      if (outcome !== 'ok' || badType) {
        await upload.discard();
        if (outcome === 'csrf') return refuse(coreError.table.CSRF_INVALID[request.locale], 403);
        if (outcome === 'too-large') return refuse(tooLarge(t), 413);
        return refuse(outcome === 'not-multipart' ? t.imports.noFile : t.imports.badType, 422);
      }
      const createdBy = request.actor.kind === 'user' ? request.actor.user.id : null;
      const problem = await upload.queue({ allSectors, createdBy });
      if (problem) return refuse(problemText(t, request.locale, problem), 422);
      return reply.flash('importQueued').redirect(request.href('/admin/imports'), 303);
    },
  );
}
