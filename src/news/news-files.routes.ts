import type { FastifyInstance } from 'fastify';
import type { NewsLocale } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { readUpload } from '../kernel/multipart.ts';
import { emptyForm } from '../web/forms.tsx';
import type { NewsPicker } from './news.organisations.ts';
import { newsPolicy as can } from './news.policy.ts';
import type { NewsService } from './news.service.ts';
import { articleId, editorData } from './news-admin.forms.ts';
import { EditorPage } from './pages/EditorPage.tsx';

/** Attaching a file to an article (its token read first), and removing one. */
export function newsFilesRoutes(
  app: FastifyInstance,
  deps: { news: NewsService; maxBytes: number; picker: NewsPicker },
) {
  const { news } = deps;

  app.post<{ Params: { id: string }; Querystring: { langue?: string } }>(
    '/admin/actualites/:id/fichiers',
    { config: { access: can.write, csrf: 'first-multipart-field' } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const locale: NewsLocale = request.query?.langue === 'en' ? 'en' : 'fr';
      const ctx = await request.pageContext();
      const e = ctx.t.news.editor;
      const maxLabel = `${Math.round(deps.maxBytes / 1_048_576)} ${ctx.locale === 'fr' ? 'Mo' : 'MB'}`;
      let title = '';
      let file: { content: Buffer; name: string } | undefined;
      // the form's token is its first field: nothing is read into memory before it is checked
      const outcome = await readUpload(request, {
        limits: { fileSize: deps.maxBytes, files: 1, fields: 3 },
        onField: (name, value) => {
          if (name === 'title') title = value;
        },
        onFile: async (part) => {
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) chunks.push(chunk as Buffer);
          if (!part.file.truncated && part.filename)
            file = { content: Buffer.concat(chunks), name: part.filename };
        },
      });
      if (outcome === 'csrf') throw coreError('CSRF_INVALID');
      let problem = outcome === 'too-large' ? e.tooLarge(maxLabel) : undefined;
      const status = outcome === 'too-large' ? 413 : 422;
      if (!problem && (!file || file.content.length === 0)) problem = e.noFile;
      if (!problem && file) {
        const added = await news.addFile(request.actor, id, {
          content: file.content,
          uploadedName: file.name,
          title,
          locale,
        });
        if (added !== 'badType') {
          return reply
            .flash('newsFileAdded')
            .redirect(request.href(`/admin/actualites/${id}/${locale}`), 303);
        }
        problem = e.badType;
      }
      const { data, values } = await editorData(news, id, locale, deps.picker);
      return reply.html(
        EditorPage({ ctx, data, form: emptyForm(values), fileProblem: problem }),
        status,
      );
    },
  );

  app.post<{ Params: { id: string; file: string } }>(
    '/admin/actualites/:id/fichiers/:file/supprimer',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      await news.deleteFile(request.actor, id, articleId(request.params.file));
      return reply
        .flash('newsFileDeleted')
        .redirect(request.href(`/admin/actualites/${id}/fr`), 303);
    },
  );
}
