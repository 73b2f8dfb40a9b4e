import type { ReactNode } from 'react';
import { asset } from '../../web/assets.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, type FormState } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { ConnectionsAccess } from '../connections.policy.ts';
import type { OrganisationRow } from '../organisations.repository.ts';

/**
 * A wide table that scrolls sideways inside its own box on a narrow screen rather than widening
 * the page; the box takes the keyboard focus so that it can be scrolled without a pointer.
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** a record's edit link and remove button, or why the person may not touch it */
function RowActions({
  ctx,
  base,
  id,
  what,
  mayChange,
}: {
  ctx: PageContext;
  base: string;
  id: number;
  what: string;
  mayChange: boolean;
}) {
  const c = ctx.t.connections;
  if (!mayChange) return <span className="meta">{c.locked}</span>;
  return (
    <span className="row-actions">
      <a href={ctx.href(`${base}/${id}`)} aria-label={c.editLabel(what)}>
        {c.edit}
      </a>{' '}
      <form method="post" action={ctx.href(`${base}/${id}/supprimer`)} className="inline-form">
        <CsrfField ctx={ctx} />
        <button type="submit" className="link-button" aria-label={c.removeLabel(what)}>
          {c.remove}
        </button>
      </form>
    </span>
  );
}

/** the records a sub-resource's page lists, and how one row reads */
export type RecordList<Row extends { id: number; mayChange: boolean }> = {
  title: string;
  /** said when there is none */
  empty: string;
  /** the columns' headings, before the actions' */
  headers: string[];
  rows: Row[];
  /** a row's cells, one per heading */
  cells(row: Row): ReactNode[];
  /** the record in words, for its buttons' accessible names */
  what(row: Row): string;
};

function Recorded<Row extends { id: number; mayChange: boolean }>({
  ctx,
  base,
  list,
}: {
  ctx: PageContext;
  base: string;
  list: RecordList<Row>;
}) {
  const c = ctx.t.connections;
  return (
    <section aria-labelledby="recorded-title">
      <h2 id="recorded-title">{list.title}</h2>
      {list.rows.length === 0 ? (
        <p>{list.empty}</p>
      ) : (
        <ScrollTable label={c.tableOf(list.title)}>
          <table className="table">
            <thead>
              <tr>
                {[...list.headers, c.actions].map((header) => (
                  <th key={header} scope="col">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id}>
                  {list.cells(row).map((cell, i) => (
                    <td key={list.headers[i]}>{cell}</td>
                  ))}
                  <td>
                    <RowActions
                      ctx={ctx}
                      base={base}
                      id={row.id}
                      what={list.what(row)}
                      mayChange={row.mayChange}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

/** the form that adds a record, or changes the one at /{id} */
export type RecordForm = {
  /** the id of its heading */
  titleId: string;
  titles: { add: string; edit: string };
  state: FormState;
  editing?: number;
  /** its fields, between the form token and the buttons */
  fields: ReactNode;
};

function Editor({ ctx, base, form }: { ctx: PageContext; base: string; form: RecordForm }) {
  const c = ctx.t.connections;
  const { editing } = form;
  return (
    <section aria-labelledby={form.titleId}>
      <h2 id={form.titleId}>{editing ? form.titles.edit : form.titles.add}</h2>
      <ErrorSummary ctx={ctx} form={form.state} />
      <form
        method="post"
        action={ctx.href(editing ? `${base}/${editing}` : base)}
        className="stack narrow"
        noValidate
      >
        <CsrfField ctx={ctx} />
        {form.fields}
        <p>
          <button type="submit" name="action" value="save">
            {editing ? c.save : c.add}
          </button>
          {editing && (
            <>
              {' '}
              <a href={ctx.href(base)}>{c.cancel}</a>
            </>
          )}
        </p>
      </form>
    </section>
  );
}

/**
 * The page of a kind of record kept on a profile (relations, funding rounds): what is recorded,
 * each with its edit and remove buttons, then the form; the parts are given per kind.
 */
export function SubresourcePage<Row extends { id: number; mayChange: boolean }>({
  ctx,
  org,
  access,
  base,
  title,
  intro,
  list,
  form,
}: {
  ctx: PageContext;
  org: OrganisationRow;
  access: ConnectionsAccess;
  /** the list's address, /annuaire/{slug}/{path} */
  base: string;
  title: string;
  intro: string;
  list: RecordList<Row>;
  form: RecordForm;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: t.directory.title, href: '/annuaire' },
        { label: org.name, href: `/annuaire/${org.slug}` },
        { label: title },
      ]}
      head={<script src={asset('picker.js')} defer />}
    >
      <h1>{title}</h1>
      <p>{intro}</p>
      {access === 'member' && <p>{t.connections.memberRule}</p>}
      <Recorded ctx={ctx} base={base} list={list} />
      <Editor ctx={ctx} base={base} form={form} />
      <p>
        <a href={ctx.href(`/annuaire/${org.slug}`)}>{t.connections.backToProfile}</a>
      </p>
    </Layout>
  );
}
