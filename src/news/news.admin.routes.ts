import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { NewsLocale } from '../db/schema.ts';
import { AppError, coreError, type FieldErrors } from '../kernel/errors.ts';
import { fieldMessages, formValues } from '../kernel/forms.ts';
import { readUpload } from '../kernel/multipart.ts';
import type { PageContext } from '../web/context.ts';
import { emptyForm, type FormState } from '../web/forms.tsx';
import { type Change, NewsInputError } from './articles.ts';
import { newsPolicy as can } from './news.policy.ts';
import { articleForm, type NewsMessageKey, proposalForm } from './news.schema.ts';
import type { NewsService } from './news.service.ts';
import { AdminNewsPage } from './pages/AdminNewsPage.tsx';
import { ArticlePage } from './pages/ArticlePage.tsx';
import { type EditorData, EditorPage, editorValues } from './pages/EditorPage.tsx';
import { ProposePage } from './pages/ProposePage.tsx';
import { RevisionPage, RevisionsPage } from './pages/RevisionsPage.tsx';

type IdParams = { Params: { id: string; lang: string } };

function zodErrors(error: z.ZodError, ctx: PageContext): FieldErrors {
  const messages = ctx.t.news.messages;
  return fieldMessages(error.issues, messages, messages.required);
}

function ruleErrors(error: NewsInputError, ctx: PageContext): FieldErrors {
  const messages = ctx.t.news.messages;
  const out: FieldErrors = {};
  for (const [field, key] of Object.entries(error.problems)) {
    if (!key) continue;
    out[field] =
      key === 'organisationsUnknown'
        ? `${messages[key]} ${ctx.t.news.unknownOrganisations((error.detail.unknownOrganisations ?? []).join(', '))}`
        : messages[key as NewsMessageKey];
  }
  return out;
}

/** The back office of news (staff), and members' proposals. */
export function newsAdminRoutes(
  app: FastifyInstance,
  deps: { news: NewsService; publicUrl: () => string; maxBytes: number },
) {
  const { news } = deps;

  const articleId = (raw: string) => {
    const id = Number(raw);
    if (!Number.isSafeInteger(id) || id < 1) throw coreError('NOT_FOUND');
    return id;
  };
  const localeOf = (raw: string): NewsLocale => {
    if (raw !== 'fr' && raw !== 'en') throw coreError('NOT_FOUND');
    return raw;
  };

  async function editorData(id: number | null, locale: NewsLocale) {
    const categories = await news.categories();
    if (id === null) {
      const data: EditorData = {
        id: null,
        locale,
        version: 0,
        categories,
        files: [],
        versions: [],
        job: undefined,
        review: null,
      };
      return {
        data,
        values: editorValues({
          version: 0,
          v: undefined,
          category: 'actualites',
          tags: [],
          organisations: [],
        }),
      };
    }
    const loaded = await news.forEditing(id);
    const data: EditorData = {
      id,
      locale,
      version: loaded.article.version,
      categories,
      files: loaded.files,
      versions: loaded.versions,
      job: loaded.jobs.find((j) => j.locale === locale),
      review: loaded.article.review,
    };
    const other = loaded.versions.find((v) => v.locale !== locale);
    const mine = loaded.versions.find((v) => v.locale === locale);
    const values = editorValues({
      version: loaded.article.version,
      v: mine,
      category: categories.find((c) => c.id === loaded.article.category_id)?.slug ?? '',
      tags: loaded.article.tags,
      organisations: loaded.organisations.map((o) => o.slug),
    });
    // a new language starts as a translation of the other one, marked as such
    if (!mine && other) values.is_translation = '1';
    return { data, values };
  }

  async function save(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    locale: NewsLocale,
  ) {
    const ctx = await request.pageContext();
    const values = formValues(request.body);
    const { data } = await editorData(id, locale);
    const again = (form: FormState, status: number, changes?: Change[]) =>
      reply.html(EditorPage({ ctx, data, form, changes }), status);
    const parsed = articleForm.safeParse(request.body ?? {});
    if (!parsed.success) return again({ values, errors: zodErrors(parsed.error, ctx) }, 422);
    try {
      if (id === null) {
        const created = await news.create(request.actor, locale, parsed.data);
        return reply
          .flash('newsSaved')
          .redirect(request.href(`/admin/actualites/${created}/${locale}`), 303);
      }
      await news.save(request.actor, id, locale, parsed.data);
      return reply
        .flash('newsSaved')
        .redirect(request.href(`/admin/actualites/${id}/${locale}`), 303);
    } catch (error) {
      if (error instanceof NewsInputError)
        return again({ values, errors: ruleErrors(error, ctx) }, 422);
      if (error instanceof AppError && error.code === 'CONFLICT' && id !== null) {
        const changes = await news.changesSince(id, parsed.data.version);
        return again({ values, errors: {} }, 409, changes);
      }
      throw error;
    }
  }

  app.get<{ Querystring: { propositions?: string } }>(
    '/admin/actualites',
    { config: { access: can.write } },
    async (request, reply) => {
      const proposals = request.query?.propositions === '1';
      const [ctx, list] = await Promise.all([request.pageContext(), news.adminList({ proposals })]);
      return reply.html(AdminNewsPage({ ctx, ...list, proposals }));
    },
  );

  app.get(
    '/admin/actualites/nouveau',
    { config: { access: can.write } },
    async (request, reply) => {
      const [ctx, { data, values }] = await Promise.all([
        request.pageContext(),
        editorData(null, 'fr'),
      ]);
      return reply.html(EditorPage({ ctx, data, form: emptyForm(values) }));
    },
  );

  app.post('/admin/actualites/nouveau', { config: { access: can.write } }, (request, reply) =>
    save(request, reply, null, 'fr'),
  );

  app.get<IdParams>(
    '/admin/actualites/:id/:lang',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const locale = localeOf(request.params.lang);
      const [ctx, { data, values }] = await Promise.all([
        request.pageContext(),
        editorData(id, locale),
      ]);
      return reply.html(EditorPage({ ctx, data, form: emptyForm(values) }));
    },
  );

  app.post<IdParams>(
    '/admin/actualites/:id/:lang',
    { config: { access: can.write } },
    (request, reply) =>
      save(request, reply, articleId(request.params.id), localeOf(request.params.lang)),
  );

  app.get<IdParams>(
    '/admin/actualites/:id/:lang/apercu',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const locale = localeOf(request.params.lang);
      const [ctx, data] = await Promise.all([request.pageContext(), news.preview(id, locale)]);
      return reply.html(ArticlePage({ ctx, data, publicUrl: deps.publicUrl(), preview: true }));
    },
  );

  app.post<IdParams>(
    '/admin/actualites/:id/:lang/reessayer',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const locale = localeOf(request.params.lang);
      await news.retry(request.actor, id, locale);
      return reply
        .flash('newsRetried')
        .redirect(request.href(`/admin/actualites/${id}/${locale}`), 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/admin/actualites/:id/refuser',
    { config: { access: can.review } },
    async (request, reply) => {
      await news.reject(request.actor, articleId(request.params.id));
      return reply
        .flash('newsRejected')
        .redirect(request.href('/admin/actualites?propositions=1'), 303);
    },
  );

  // ── Revisions ───────────────────────────────────────────────────────────────────────────────

  app.get<{ Params: { id: string } }>(
    '/admin/actualites/:id/revisions',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const [ctx, loaded, revisions] = await Promise.all([
        request.pageContext(),
        news.forEditing(id),
        news.revisions(id),
      ]);
      const title = loaded.versions[0]?.title ?? String(id);
      return reply.html(
        RevisionsPage({ ctx, id, title, current: loaded.article.version, revisions }),
      );
    },
  );

  app.get<{ Params: { id: string; version: string } }>(
    '/admin/actualites/:id/revisions/:version',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const [ctx, loaded, revision] = await Promise.all([
        request.pageContext(),
        news.forEditing(id),
        news.revision(id, Number(request.params.version)),
      ]);
      return reply.html(RevisionPage({ ctx, id, revision, current: loaded.article.version }));
    },
  );

  app.post<{ Params: { id: string; version: string } }>(
    '/admin/actualites/:id/revisions/:version/restaurer',
    { config: { access: can.write } },
    async (request, reply) => {
      const id = articleId(request.params.id);
      const expected = Number((request.body as { version?: string } | undefined)?.version);
      if (!Number.isSafeInteger(expected)) throw coreError('BAD_REQUEST');
      try {
        await news.restore(request.actor, id, Number(request.params.version), expected);
      } catch (error) {
        if (error instanceof NewsInputError) throw coreError('CONFLICT', 'slug taken');
        throw error;
      }
      return reply
        .flash('newsRestored')
        .redirect(request.href(`/admin/actualites/${id}/revisions`), 303);
    },
  );

  // ── Files ───────────────────────────────────────────────────────────────────────────────────

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
      const { data, values } = await editorData(id, locale);
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

  // ── Members' proposals ──────────────────────────────────────────────────────────────────────

  async function proposePage(request: FastifyRequest, form: FormState) {
    const [ctx, organisations, mine] = await Promise.all([
      request.pageContext(),
      news.memberships(request.actor),
      news.proposalsBy(request.actor),
    ]);
    return { ctx, organisations, mine, form };
  }

  app.get('/actualites/proposer', { config: { access: can.propose } }, async (request, reply) => {
    return reply.html(ProposePage(await proposePage(request, emptyForm())));
  });

  app.post('/actualites/proposer', { config: { access: can.propose } }, async (request, reply) => {
    const values = formValues(request.body);
    const parsed = proposalForm.safeParse(request.body ?? {});
    const ctx = await request.pageContext();
    if (!parsed.success) {
      return reply.html(
        ProposePage(await proposePage(request, { values, errors: zodErrors(parsed.error, ctx) })),
        422,
      );
    }
    try {
      await news.propose(request.actor, parsed.data);
    } catch (error) {
      if (!(error instanceof NewsInputError)) throw error;
      return reply.html(
        ProposePage(await proposePage(request, { values, errors: ruleErrors(error, ctx) })),
        422,
      );
    }
    return reply.flash('newsProposed').redirect(request.href('/actualites/proposer'), 303);
  });
}
