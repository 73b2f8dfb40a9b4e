import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import type { FileRow } from '../news.repository.ts';
import { fileKind, filePath } from './common.tsx';

/** The editor's files: those attached, each with its remove button, and the upload form. */
export function EditorFiles({
  ctx,
  articleId,
  locale,
  files,
  problem,
}: {
  ctx: PageContext;
  articleId: number;
  locale: string;
  files: FileRow[];
  problem: string | undefined;
}) {
  const n = ctx.t.news;
  const e = n.editor;
  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">{e.files}</h2>
      <p>{e.filesIntro}</p>
      {problem && (
        <div className="error-summary" role="alert">
          <p>{problem}</p>
        </div>
      )}
      {files.length === 0 ? (
        <p>{e.noFiles}</p>
      ) : (
        <ul>
          {files.map((f) => (
            <li key={f.id}>
              <a href={filePath(f)}>{f.title_fr || f.file_name}</a> ({fileKind(ctx, f.content_type)}
              , {n.bytes(f.bytes)}){' '}
              <form
                method="post"
                action={ctx.href(`/admin/actualites/${articleId}/fichiers/${f.id}/supprimer`)}
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
        action={ctx.href(`/admin/actualites/${articleId}/fichiers?langue=${locale}`)}
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
  );
}
