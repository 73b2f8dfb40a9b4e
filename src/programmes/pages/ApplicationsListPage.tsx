import type { ApplicationState } from '../../db/schema.ts';
import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { CallRow } from '../programmes.repository.ts';
import type { ListedApplication, ReviewFilters } from '../review.repository.ts';

export const STATES: readonly ApplicationState[] = [
  'draft',
  'submitted',
  'under_review',
  'correction_requested',
  'accepted',
  'refused',
  'withdrawn',
];

/** the query of the list (and of its CSV) for these filters and page */
export function listQuery(filters: ReviewFilters, page = 1): string {
  const params = new URLSearchParams();
  if (filters.state) params.set('etat', filters.state);
  if (filters.organisation) params.set('organisation', filters.organisation);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export type ApplicationsList = {
  call: CallRow;
  rows: ListedApplication[];
  counts: Partial<Record<ApplicationState, number>>;
  total: number;
  page: number;
  pages: number;
};

function Filters({
  ctx,
  base,
  filters,
}: {
  ctx: PageContext;
  base: string;
  filters: ReviewFilters;
}) {
  const l = ctx.t.programmes.review.list;
  const states = ctx.t.programmes.review.states;
  return (
    // biome-ignore lint/a11y/useSemanticElements: the form itself is the search landmark
    <form method="get" action={ctx.href(base)} role="search" className="stack">
      <fieldset>
        <legend>{l.filters}</legend>
        <div className="field">
          <label htmlFor="field-etat">{l.state}</label>
          <select id="field-etat" name="etat" defaultValue={filters.state ?? ''}>
            <option value="">{l.allStates}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {states[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-organisation">{l.organisation}</label>
          <p className="hint" id="field-organisation-hint">
            {l.organisationHint}
          </p>
          <input
            id="field-organisation"
            name="organisation"
            type="search"
            defaultValue={filters.organisation ?? ''}
            aria-describedby="field-organisation-hint"
          />
        </div>
        <button type="submit">{l.apply}</button> <a href={ctx.href(base)}>{l.reset}</a>
      </fieldset>
    </form>
  );
}

/** The staff's list of a call's applications: filters, counts by state, a page, the CSV. */
export function ApplicationsListPage({
  ctx,
  list,
  filters,
}: {
  ctx: PageContext;
  list: ApplicationsList;
  filters: ReviewFilters;
}) {
  const { t, fmt } = ctx;
  const r = t.programmes.review;
  const l = r.list;
  const { call } = list;
  const title = l.title(ctx.locale === 'en' ? call.title_en : call.title_fr);
  const base = `/admin/programmes/appels/${call.id}/candidatures`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: t.programmes.admin.title, href: '/admin/programmes' },
        { label: title },
      ]}
    >
      <h1>
        {title}
        {call.is_demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h1>
      <Filters ctx={ctx} base={base} filters={filters} />
      <h2>{l.counts}</h2>
      <ul className="footer-links state-counts">
        {STATES.map((s) => (
          <li key={s}>
            <a
              href={ctx.href(`${base}${listQuery({ ...filters, state: s })}`)}
              aria-current={filters.state === s ? 'true' : undefined}
            >
              {r.states[s]} ({fmt.number(list.counts[s] ?? 0)})
            </a>
          </li>
        ))}
      </ul>
      <p>
        {l.total(list.total)} —{' '}
        <a href={ctx.href(`${base}.csv${listQuery(filters)}`)} download>
          {l.csv}
        </a>
      </p>
      {list.rows.length === 0 ? (
        <p>{l.empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{l.colOrganisation}</th>
                <th scope="col">{l.colState}</th>
                <th scope="col">{l.colAcknowledgement}</th>
                <th scope="col">{l.colSubmitted}</th>
                <th scope="col">{l.colVersion}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <a href={ctx.href(`/annuaire/${a.organisation_slug}`)}>{a.organisation_name}</a>
                    {a.is_demo && (
                      <>
                        {' '}
                        <DemoBadge ctx={ctx} />
                      </>
                    )}
                  </th>
                  <td>{r.states[a.state]}</td>
                  <td>
                    <a href={ctx.href(`/admin/programmes/candidatures/${a.id}`)}>
                      {a.acknowledgement ?? r.detail.draftLabel(Number(a.id))}
                    </a>
                  </td>
                  <td>{a.submitted_at ? fmt.dateTime(a.submitted_at) : l.notYet}</td>
                  <td>{a.form_version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.pages > 1 && (
        <nav aria-label={l.pagination} className="pagination">
          {list.page > 1 && (
            <a rel="prev" href={ctx.href(`${base}${listQuery(filters, list.page - 1)}`)}>
              {l.prev}
            </a>
          )}
          <span>{l.pageOf(list.page, list.pages)}</span>
          {list.page < list.pages && (
            <a rel="next" href={ctx.href(`${base}${listQuery(filters, list.page + 1)}`)}>
              {l.next}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
