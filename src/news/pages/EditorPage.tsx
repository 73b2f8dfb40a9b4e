import type { NewsLocale } from '../../db/schema.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { Change } from '../articles.ts';
import { trailOf } from '../articles.ts';
import { ALLOWED_TYPES } from '../files.ts';
import type { CategoryRow, FileRow, VersionRow } from '../news.repository.ts';
import { STATES } from '../news.schema.ts';
import { instantToParis } from '../paris-time.ts';
import type { JobRow } from '../publication.repository.ts';
import { articlePath, categoryName, fileKind, filePath } from './common.tsx';
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
  const other: NewsLocale = data.locale === 'fr' ? 'en' : 'fr';
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: n.title, href: '/admin/actualites' },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      {data.id !== null && (
        <ul className="footer-links">
          <li>
            <a href={ctx.href(`/admin/actualites/${data.id}/${other}`)} hrefLang={other}>
              {e.otherLanguage(e.languages[other])}
            </a>
          </li>
          {saved && (
            <li>
              <a href={ctx.href(`/admin/actualites/${data.id}/${data.locale}/apercu`)}>
                {e.preview}
              </a>
            </li>
          )}
          {saved?.state === 'published' && (
            <li>
              <a href={articlePath(data.locale, saved.slug)}>{e.view}</a>
            </li>
          )}
          <li>
            <a href={ctx.href(`/admin/actualites/${data.id}/revisions`)}>{e.revisions}</a>
          </li>
        </ul>
      )}
      {data.review === 'proposed' && <p className="badge-line">{n.admin.proposedBy}</p>}
      {data.job && data.id !== null && (
        <section aria-labelledby="publication-title" className="card">
          <h2 id="publication-title">{e.publication}</h2>
          <JobStatus ctx={ctx} job={data.job} articleId={data.id} />
        </section>
      )}
      {changes && (
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
      )}
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href(action)} className="stack" noValidate lang={data.locale}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={String(data.version)} />
        <Field form={form} name="title" label={e.titleLabel} required />
        <Field form={form} name="slug" label={e.slug} hint={e.slugHint} />
        <TextArea form={form} name="summary" label={e.summary} hint={e.summaryHint} rows={3} />
        <TextArea form={form} name="body_md" label={e.body} hint={e.bodyHint} rows={16} mono />
        <div className={form.errors.cover_file ? 'field field-error' : 'field'}>
          <label htmlFor="field-cover_file">{e.cover}</label>
          {form.errors.cover_file && (
            <p className="error" id="field-cover_file-error">
              {form.errors.cover_file}
            </p>
          )}
          <select
            id="field-cover_file"
            name="cover_file"
            defaultValue={form.values.cover_file ?? ''}
            aria-describedby={form.errors.cover_file ? 'field-cover_file-error' : undefined}
          >
            <option value="">{e.noCover}</option>
            {images.map((f) => (
              <option key={f.id} value={String(f.id)}>
                {f.file_name}
              </option>
            ))}
          </select>
        </div>
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
        <fieldset className="stack">
          <legend>{e.state}</legend>
          {form.errors.state && <p className="error">{form.errors.state}</p>}
          {STATES.map((s) => (
            <div key={s}>
              <input
                type="radio"
                id={`state-${s}`}
                name="state"
                value={s}
                defaultChecked={(form.values.state ?? 'draft') === s}
              />{' '}
              <label htmlFor={`state-${s}`}>{n.states[s]}</label>
            </div>
          ))}
        </fieldset>
        <div className={form.errors.publish_at ? 'field field-error' : 'field'}>
          <label htmlFor="field-publish_at">{e.publishAt}</label>
          <p className="hint" id="field-publish_at-hint">
            {e.publishAtHint}
          </p>
          {form.errors.publish_at && (
            <p className="error" id="field-publish_at-error">
              {form.errors.publish_at}
            </p>
          )}
          <input
            type="datetime-local"
            id="field-publish_at"
            name="publish_at"
            defaultValue={form.values.publish_at ?? ''}
            aria-invalid={form.errors.publish_at ? true : undefined}
            aria-describedby={`field-publish_at-hint${form.errors.publish_at ? ' field-publish_at-error' : ''}`}
          />
        </div>
        <fieldset className="stack">
          <legend>{e.shared}</legend>
          <div className={form.errors.category ? 'field field-error' : 'field'}>
            <label htmlFor="field-category">{e.category}</label>
            {form.errors.category && (
              <p className="error" id="field-category-error">
                {form.errors.category}
              </p>
            )}
            <select
              id="field-category"
              name="category"
              defaultValue={form.values.category ?? 'actualites'}
              aria-describedby={form.errors.category ? 'field-category-error' : undefined}
            >
              {data.categories.map((c) => (
                <option key={c.id} value={c.slug}>
                  {trailOf(data.categories, c.id)
                    .map((x) => categoryName(ctx, x))
                    .join(' › ')}
                </option>
              ))}
            </select>
          </div>
          <Field form={form} name="tags" label={e.tags} hint={e.tagsHint} />
          <Field
            form={form}
            name="organisations"
            label={e.organisations}
            hint={e.organisationsHint}
          />
        </fieldset>
        <p>
          <button type="submit">{e.save}</button>{' '}
          <a href={ctx.href('/admin/actualites')}>{e.back}</a>
        </p>
      </form>
      {data.id !== null && (
        <section aria-labelledby="files-title">
          <h2 id="files-title">{e.files}</h2>
          <p>{e.filesIntro}</p>
          {fileProblem && (
            <div className="error-summary" role="alert">
              <p>{fileProblem}</p>
            </div>
          )}
          {data.files.length === 0 ? (
            <p>{e.noFiles}</p>
          ) : (
            <ul>
              {data.files.map((f) => (
                <li key={f.id}>
                  <a href={filePath(f)}>{f.title_fr || f.file_name}</a> (
                  {fileKind(ctx, f.content_type)}, {n.bytes(f.bytes)}){' '}
                  <form
                    method="post"
                    action={ctx.href(`/admin/actualites/${data.id}/fichiers/${f.id}/supprimer`)}
                    className="inline-form"
                  >
                    <CsrfField ctx={ctx} />
                    <button type="submit" className="link-button">
                      {e.delete} <span className="visually-hidden">{f.file_name}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          <form
            method="post"
            action={ctx.href(`/admin/actualites/${data.id}/fichiers?langue=${data.locale}`)}
            encType="multipart/form-data"
            className="stack narrow"
          >
            {/* first, so that the server checks it before reading the file */}
            <CsrfField ctx={ctx} />
            <div className="field">
              <label htmlFor="upload-title">{e.fileTitle}</label>
              <input type="text" id="upload-title" name="title" maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor="upload-file">{e.fileLabel}</label>
              <input
                type="file"
                id="upload-file"
                name="file"
                accept=".pdf,.png,.jpg,.jpeg,.webp,.gif,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc"
              />
            </div>
            <button type="submit">{e.upload}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
