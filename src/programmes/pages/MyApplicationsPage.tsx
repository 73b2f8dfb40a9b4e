import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { ApplicationListing } from '../applicant-pages.repository.ts';
import { applicationPath, StateBadge } from './common.tsx';

/** The applications of the person's organisations, each with its state. */
export function MyApplicationsPage({
  ctx,
  applications,
}: {
  ctx: PageContext;
  applications: ApplicationListing[];
}) {
  const p = ctx.t.programmes.pages;
  return (
    <Layout
      ctx={ctx}
      title={p.myApplications}
      breadcrumbs={[{ label: p.callsTitle, href: '/appels' }, { label: p.myApplications }]}
    >
      <h1>{p.myApplications}</h1>
      {applications.length === 0 ? (
        <p>
          {p.noApplication} <a href={ctx.href('/appels')}>{p.seeCalls}</a>
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{p.myApplications}</caption>
            <thead>
              <tr>
                <th scope="col">{p.columns.call}</th>
                <th scope="col">{p.columns.organisation}</th>
                <th scope="col">{p.columns.state}</th>
                <th scope="col">{p.columns.acknowledgement}</th>
                <th scope="col">{p.columns.updated}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <a href={ctx.href(applicationPath(a.id))}>
                      {ctx.locale === 'en' ? a.call_title_en : a.call_title_fr}
                    </a>
                    {a.is_demo && (
                      <>
                        {' '}
                        <DemoBadge ctx={ctx} />
                      </>
                    )}
                  </th>
                  <td>{a.organisation_name}</td>
                  <td>
                    <StateBadge ctx={ctx} state={a.state} />
                  </td>
                  <td>{a.acknowledgement ?? '—'}</td>
                  <td>
                    <time dateTime={a.updated_at.toISOString()}>
                      {ctx.fmt.dateTime(a.updated_at)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
