import type { ExportJob } from '../../privacy/export-jobs.repository.ts';
import type { PersonalData } from '../../privacy/privacy.service.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import { ScrollRegion } from '../../web/ScrollRegion.tsx';

const cell = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

/** rows as a table, their columns in the order of the first row */
function Rows({ rows, caption }: { rows: Record<string, unknown>[]; caption: string }) {
  const columns = Object.keys(rows[0] ?? {});
  return (
    <ScrollRegion label={caption}>
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // rows have no common key: their order is the export's
            // biome-ignore lint/suspicious/noArrayIndexKey: a static list rendered once
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{cell(row[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Everything held about the person, readable; the archive (JSON) of the same, prepared as a job. */
export function MyDataPage({
  ctx,
  data,
  archive,
  keptDays,
}: {
  ctx: PageContext;
  data: PersonalData;
  /** the latest archive asked for, if any */
  archive: ExportJob | undefined;
  keptDays: number;
}) {
  const p = ctx.t.privacy;
  return (
    <Layout
      ctx={ctx}
      title={p.title}
      breadcrumbs={[
        { label: ctx.t.nav.home, href: '/' },
        { label: ctx.t.account.title, href: '/compte' },
        { label: p.title },
      ]}
    >
      <h1>{p.title}</h1>
      <p>{p.intro}</p>
      <ArchiveSection ctx={ctx} archive={archive} keptDays={keptDays} />
      <h2>{p.account}</h2>
      <dl className="facts">
        {Object.entries(data.account).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{cell(v)}</dd>
          </div>
        ))}
      </dl>
      {data.tables.map((x) => (
        <section key={`${x.table}.${x.column}`}>
          <h2>{p.table(x.table, x.why)}</h2>
          <Rows rows={x.rows} caption={`${x.table} — ${p.rows(x.rows.length)}`} />
        </section>
      ))}
      <h2>{p.mails}</h2>
      {data.mails.length === 0 ? (
        <p>{p.noMails}</p>
      ) : (
        <Rows rows={data.mails} caption={p.rows(data.mails.length)} />
      )}
    </Layout>
  );
}

/** The archive of the data: asked for, under way, ready to download, or failed. */
function ArchiveSection({
  ctx,
  archive,
  keptDays,
}: {
  ctx: PageContext;
  archive: ExportJob | undefined;
  keptDays: number;
}) {
  const p = ctx.t.privacy;
  const waiting = archive?.status === 'queued' || archive?.status === 'running';
  const size = new Intl.NumberFormat(ctx.locale, {
    style: 'unit',
    unit: 'kilobyte',
    maximumFractionDigits: 0,
  });
  return (
    <section aria-labelledby="archive-title">
      <h2 id="archive-title">{p.archiveTitle}</h2>
      <p>{p.archiveIntro(keptDays)}</p>
      {waiting && <p>{p.archiveWaiting(ctx.fmt.dateTime(archive.requested_at))}</p>}
      {archive?.status === 'done' && archive.finished_at && (
        <p>
          <a href={ctx.href(`/compte/donnees/archive/${archive.id}`)} download>
            {p.archiveReady(
              ctx.fmt.dateTime(archive.finished_at),
              size.format(Math.max(1, Math.round((archive.bytes ?? 0) / 1024))),
            )}
          </a>
        </p>
      )}
      {archive?.status === 'failed' && <p>{p.archiveFailed}</p>}
      {!waiting && (
        <form method="post" action={ctx.href('/compte/donnees/archive')}>
          <CsrfField ctx={ctx} />
          <button type="submit">{archive ? p.archiveAskAgain : p.archiveAsk}</button>
        </form>
      )}
    </section>
  );
}

/** The last step before an account is erased: what it means, and the password. */
export function EraseAccountPage({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const p = ctx.t.privacy;
  return (
    <Layout
      ctx={ctx}
      title={p.eraseTitle}
      breadcrumbs={[
        { label: ctx.t.nav.home, href: '/' },
        { label: ctx.t.account.title, href: '/compte' },
        { label: p.eraseTitle },
      ]}
    >
      <h1>{p.eraseTitle}</h1>
      <p>{p.eraseIntro}</p>
      <form
        method="post"
        action={ctx.href('/compte/supprimer')}
        className="stack narrow"
        noValidate
      >
        <CsrfField ctx={ctx} />
        <ErrorSummary ctx={ctx} form={form} />
        <Field
          form={form}
          name="password"
          type="password"
          label={p.erasePassword}
          autoComplete="current-password"
          keepValue={false}
          required
        />
        <button type="submit" className="danger">
          {p.eraseSubmit}
        </button>
      </form>
    </Layout>
  );
}

/** The account page's section: the data, and the way out. */
export function PrivacyCard({ ctx }: { ctx: PageContext }) {
  const p = ctx.t.privacy;
  return (
    <>
      <p>{p.sectionIntro}</p>
      <ul>
        <li>
          <a href={ctx.href('/compte/donnees')}>{p.view}</a>
        </li>
        <li>
          <a href={ctx.href('/compte/supprimer')}>{p.erase}</a>
        </li>
      </ul>
    </>
  );
}
