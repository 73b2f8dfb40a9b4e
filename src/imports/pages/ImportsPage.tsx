import { explainReason } from '../../sirene/reasons.ts';
import { asset } from '../../web/assets.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, type FormState } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { ImportRejection, ImportRow } from '../imports.repository.ts';

type Summary = {
  organisationsCreated: number;
  organisationsUpdated: number;
  rejectedLines: number;
  asOf?: string;
  observationsReplaced?: number;
};

export function ImportsPage({
  ctx,
  imports,
  rejections,
  rejectionsShown,
  form,
  maxBytes,
}: {
  ctx: PageContext;
  imports: ImportRow[];
  /** the first rejected lines of the imports that turned some down */
  rejections: ReadonlyMap<number, ImportRejection[]>;
  /** how many of them are listed at most */
  rejectionsShown: number;
  form: FormState;
  /** the largest file the server takes */
  maxBytes: number;
}) {
  const { t, fmt } = ctx;
  const i = t.imports;
  const running = imports.some((row) => row.status === 'running' || row.status === 'queued');
  return (
    <Layout
      ctx={ctx}
      title={i.title}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: t.admin.title, href: '/admin' },
        { label: i.title },
      ]}
      head={
        <>
          <script src={asset('upload.js')} defer />
          {running && <script src={asset('imports.js')} defer />}
          {/* without a script, the page reloads itself while an import runs */}
          {running && (
            <noscript>
              <meta httpEquiv="refresh" content="10" />
            </noscript>
          )}
        </>
      }
    >
      <h1>{i.title}</h1>
      <section aria-labelledby="upload-title">
        <h2 id="upload-title">{i.uploadTitle}</h2>
        <p>{i.uploadIntro}</p>
        <ErrorSummary ctx={ctx} form={form} />
        <form
          method="post"
          action={ctx.href('/admin/imports')}
          encType="multipart/form-data"
          className="stack narrow"
          data-max-bytes={maxBytes}
          data-too-large={i.tooLarge(`${Math.round(maxBytes / 1_048_576)} MB`)}
        >
          {/* first: the server checks it before it reads any file */}
          <CsrfField ctx={ctx} />
          <div className="field">
            <label htmlFor="file-establishments">{i.establishments}</label>
            <input
              type="file"
              id="file-establishments"
              name="establishments"
              accept=".csv,.gz,.zip"
            />
          </div>
          <div className="field">
            <label htmlFor="file-units">{i.units}</label>
            <input type="file" id="file-units" name="units" accept=".csv,.gz,.zip" />
          </div>
          <div>
            <input type="checkbox" id="all-sectors" name="allSectors" value="1" />{' '}
            <label htmlFor="all-sectors">{i.allSectors}</label>
          </div>
          <button type="submit">{i.submit}</button>
        </form>
      </section>
      <section aria-labelledby="imports-title" id="imports-table" aria-live="polite">
        <h2 id="imports-title">{i.history}</h2>
        {imports.length === 0 ? (
          <p>{i.none}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{i.number}</th>
                <th scope="col">{i.files}</th>
                <th scope="col">{i.status}</th>
                <th scope="col">{i.progress}</th>
                <th scope="col">{i.result}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((row) => {
                const share =
                  row.bytes_total > 0
                    ? Math.min(1, row.bytes_read / row.bytes_total)
                    : row.status === 'done'
                      ? 1
                      : 0;
                return (
                  <tr key={row.id}>
                    <td>{row.id}</td>
                    <td>
                      {row.files.map((f) => f.name).join(', ')}
                      {row.files_deleted_at && (
                        <div className="meta">{i.filesDeleted(row.files_kept_days ?? 0)}</div>
                      )}
                    </td>
                    <td>
                      {i.statuses[row.status]}
                      {row.finished_at && (
                        <div className="meta">{fmt.dateTime(row.finished_at)}</div>
                      )}
                    </td>
                    <td>
                      <progress
                        max={100}
                        value={Math.round(share * 100)}
                        aria-label={`${i.progress} ${row.id}`}
                      >
                        {Math.round(share * 100)} %
                      </progress>{' '}
                      {Math.round(share * 100)} % · {i.rows(fmt.number(row.rows_read))}
                      {row.status === 'running' && row.phase === 'merging' && <> · {i.merging}</>}
                    </td>
                    <td>
                      <ImportResult
                        ctx={ctx}
                        row={row}
                        lines={rejections.get(row.id) ?? []}
                        shown={rejectionsShown}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

/** what an import did, or why it failed, with its first rejected lines */
function ImportResult({
  ctx,
  row,
  lines,
  shown,
}: {
  ctx: PageContext;
  row: ImportRow;
  lines: ImportRejection[];
  shown: number;
}) {
  const { fmt } = ctx;
  const i = ctx.t.imports;
  const summary = row.summary as Summary | null;
  return (
    <>
      {summary
        ? i.summary(
            fmt.number(summary.organisationsCreated),
            fmt.number(summary.organisationsUpdated),
            fmt.number(summary.rejectedLines),
          )
        : (row.error ?? '—')}
      {summary?.observationsReplaced ? (
        <p className="meta">
          {i.replaced(
            fmt.number(summary.observationsReplaced),
            summary.asOf ? fmt.date(summary.asOf) : '',
          )}
        </p>
      ) : null}
      <Rejections
        ctx={ctx}
        lines={lines}
        more={summary ? summary.rejectedLines > shown : lines.length >= shown}
        shown={shown}
      />
    </>
  );
}

/** an import's rejected lines, folded under the result (open without JavaScript: <details>) */
function Rejections({
  ctx,
  lines,
  more,
  shown,
}: {
  ctx: PageContext;
  lines: ImportRejection[];
  more: boolean;
  shown: number;
}) {
  const i = ctx.t.imports;
  if (lines.length === 0) return null;
  // stored in the reader's English words; said in French on the French pages
  const reason = (text: string) => (ctx.locale === 'fr' ? explainReason(text).fr : text);
  const fileName = (file: string) =>
    file === 'establishments' || file === 'units' ? i.rejectedFiles[file] : file;
  return (
    <details className="rejections">
      <summary>{i.rejections}</summary>
      <ul>
        {lines.map((r) => (
          <li key={`${r.file}:${r.line}`}>
            {i.rejectedLine(fileName(r.file), ctx.fmt.number(Number(r.line)), reason(r.reason))}
          </li>
        ))}
      </ul>
      {more && <p className="meta">{i.rejectionsFirst(ctx.fmt.number(shown))}</p>}
    </details>
  );
}
