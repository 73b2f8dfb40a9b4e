import type { NewsLocale } from '../../db/schema.ts';
import { instantToParis } from '../../kernel/paris-time.ts';
import { asset } from '../../web/assets.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { Change } from '../articles.ts';
import { ALLOWED_TYPES } from '../files.ts';
import type { OrganisationChoice } from '../news.organisations.ts';
import type { CategoryRow, FileRow, VersionRow } from '../news.repository.ts';
import type { JobRow } from '../publication.repository.ts';
import { articlePath } from './common.tsx';
import { CoverField, SharedFields, StateFields } from './EditorFields.tsx';
import { EditorFiles } from './EditorFiles.tsx';
import { JobStatus } from './JobStatus.tsx';

export type EditorData = {
  id: number | null;
  locale: NewsLocale;
  version: number;
  categories: CategoryRow[];
  files: FileRow[];
  versions: VersionRow[];
  job: JobRow | undefined;
  review: 'proposed' | 'accepted' | 'rejected' | null;
  /** the organisations linked, as the directory's picker shows them */
  organisations: OrganisationChoice;
};

/** the form's values from what is saved */
export function editorValues(input: {
  version: number;
  v: VersionRow | undefined;
  category: string;
  tags: string[];
  organisations: string[];
}): Record<string, string> {
  const { v } = input;
  return {
    version: String(input.version),
    title: v?.title ?? '',
    slug: v?.slug ?? '',
    summary: v?.summary ?? '',
    body_md: v?.body_md ?? '',
    category: input.category,
    tags: input.tags.join(', '),
    organisations: input.organisations.join(', '),
    cover_file: v?.cover_file_id ? String(v.cover_file_id) : '',
    cover_alt: v?.cover_alt ?? '',
    is_translation: v?.is_translation ? '1' : '',
    state: v?.state ?? 'draft',
    publish_at: v?.publish_at ? instantToParis(v.publish_at) : '',
  };
}

/** the links above the editor: the other language, the preview, the public page, the history */
function EditorLinks({
  ctx,
  id,
  locale,
  saved,
}: {
  ctx: PageContext;
  id: number;
  locale: NewsLocale;
  saved: VersionRow | undefined;
}) {
  const e = ctx.t.news.editor;
  const other: NewsLocale = locale === 'fr' ? 'en' : 'fr';
  return (
    <ul className="footer-links">
      <li>
        <a href={ctx.href(`/admin/actualites/${id}/${other}`)} hrefLang={other}>
          {e.otherLanguage(e.languages[other])}
        </a>
      </li>
      {saved && (
        <li>
          <a href={ctx.href(`/admin/actualites/${id}/${locale}/apercu`)}>{e.preview}</a>
        </li>
      )}
      {saved?.state === 'published' && (
        <li>
          <a href={articlePath(locale, saved.slug)}>{e.view}</a>
        </li>
      )}
      <li>
        <a href={ctx.href(`/admin/actualites/${id}/revisions`)}>{e.revisions}</a>
      </li>
    </ul>
  );
}

/** a save refused because someone saved in between: what changed since the editor's version */
function ConflictTable({ ctx, changes }: { ctx: PageContext; changes: Change[] }) {
  const e = ctx.t.news.editor;
  return (
    <div className="error-summary" role="alert">
      <p>{e.conflict}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{e.changeField}</th>
            <th scope="col">{e.changeBefore}</th>
            <th scope="col">{e.changeAfter}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{c.field}</th>
              <td className="mono">{c.before.slice(0, 400) || '—'}</td>
              <td className="mono">{c.after.slice(0, 400) || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EditorPage({
  ctx,
  data,
  form,
  changes,
  fileProblem,
}: {
  ctx: PageContext;
  data: EditorData;
  form: FormState;
  changes?: Change[];
  fileProblem?: string;
}) {
  const { t } = ctx;
  const n = t.news;
  const e = n.editor;
  const langName = e.languages[data.locale];
  const saved = data.versions.find((v) => v.locale === data.locale);
  const title =
    data.id === null
      ? e.newTitle
      : saved
        ? e.editTitle(saved.title, langName)
        : e.addTitle(langName);
  const action =
    data.id === null ? '/admin/actualites/nouveau' : `/admin/actualites/${data.id}/${data.locale}`;
  const images = data.files.filter((f) => ALLOWED_TYPES[f.content_type]?.image);
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: n.title, href: '/admin/actualites' },
        { label: title },
      ]}
      head={<script src={asset('picker.js')} defer />}
    >
      <h1>{title}</h1>
      {data.id !== null && (
        <EditorLinks ctx={ctx} id={data.id} locale={data.locale} saved={saved} />
      )}
      {data.review === 'proposed' && <p className="badge-line">{n.admin.proposedBy}</p>}
      {data.job && data.id !== null && (
        <section aria-labelledby="publication-title" className="card">
          <h2 id="publication-title">{e.publication}</h2>
          <JobStatus ctx={ctx} job={data.job} articleId={data.id} />
        </section>
      )}
      {changes && <ConflictTable ctx={ctx} changes={changes} />}
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href(action)} className="stack" noValidate lang={data.locale}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={String(data.version)} />
        <Field form={form} name="title" label={e.titleLabel} required />
        <Field form={form} name="slug" label={e.slug} hint={e.slugHint} />
        <TextArea form={form} name="summary" label={e.summary} hint={e.summaryHint} rows={3} />
        <TextArea form={form} name="body_md" label={e.body} hint={e.bodyHint} rows={16} mono />
        <CoverField ctx={ctx} form={form} images={images} />
        <Field form={form} name="cover_alt" label={e.coverAlt} hint={e.coverAltHint} />
        <div className="field">
          <input
            type="checkbox"
            id="field-is_translation"
            name="is_translation"
            value="1"
            defaultChecked={form.values.is_translation === '1'}
          />{' '}
          <label htmlFor="field-is_translation">{e.translation}</label>
        </div>
        <StateFields ctx={ctx} form={form} />
        <SharedFields
          ctx={ctx}
          form={form}
          categories={data.categories}
          organisations={data.organisations}
        />
        <p>
          <button type="submit">{e.save}</button>{' '}
          <a href={ctx.href('/admin/actualites')}>{e.back}</a>
        </p>
      </form>
      {data.id !== null && (
        <EditorFiles
          ctx={ctx}
          articleId={data.id}
          locale={data.locale}
          files={data.files}
          problem={fileProblem}
        />
      )}
    </Layout>
  );
}
