import type { NewsLocale } from '../../db/schema.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { ArticleRow, VersionRow } from '../news.repository.ts';
import type { JobRow } from '../publication.repository.ts';
import { JobStatus } from './JobStatus.tsx';

export function AdminNewsPage({
  ctx,
  articles,
  versions,
  jobs,
  proposals,
}: {
  ctx: PageContext;
  articles: ArticleRow[];
  versions: VersionRow[];
  jobs: JobRow[];
  proposals: boolean;
}) {
  const { t, fmt } = ctx;
  const n = t.news;
  const a = n.admin;
  const cell = (article: ArticleRow, locale: NewsLocale) => {
    const v = versions.find((x) => x.article_id === article.id && x.locale === locale);
    const job = jobs.find((j) => j.article_id === article.id && j.locale === locale);
    if (!v)
      return (
        <td>
          {a.missing} —{' '}
          <a href={ctx.href(`/admin/actualites/${article.id}/${locale}`)}>{a.addVersion}</a>
        </td>
      );
    return (
      <td>
        <a href={ctx.href(`/admin/actualites/${article.id}/${locale}`)} lang={locale}>
          {v.title}
        </a>
        <br />
        <span className={`state state-${v.state}`}>{n.states[v.state]}</span>
        {v.state === 'published' && v.publish_at && <> — {fmt.date(v.publish_at)}</>}
        {job && (v.state === 'scheduled' || v.state === 'published') && (
          <JobStatus ctx={ctx} job={job} articleId={article.id} />
        )}
      </td>
    );
  };
  return (
    <Layout
      ctx={ctx}
      title={a.title}
      breadcrumbs={[{ label: t.nav.admin, href: '/admin' }, { label: n.title }]}
    >
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      <p>
        <a className="button" href={ctx.href('/admin/actualites/nouveau')}>
          {a.create}
        </a>
      </p>
      <nav aria-label={a.proposals}>
        <ul className="footer-links">
          <li>
            <a href={ctx.href('/admin/actualites')} aria-current={proposals ? undefined : 'page'}>
              {a.all}
            </a>
          </li>
          <li>
            <a
              href={ctx.href('/admin/actualites?propositions=1')}
              aria-current={proposals ? 'page' : undefined}
            >
              {a.proposals}
            </a>
          </li>
        </ul>
      </nav>
      {articles.length === 0 ? (
        <p>{a.empty}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{a.colFr}</th>
              <th scope="col">{a.colEn}</th>
              <th scope="col">{a.colUpdated}</th>
            </tr>
          </thead>
          <tbody>
            {articles.map((article) => (
              <tr key={article.id}>
                <th scope="row">
                  {article.id}
                  {article.is_demo && (
                    <>
                      {' '}
                      <DemoBadge ctx={ctx} />
                    </>
                  )}
                  {article.review === 'proposed' && (
                    <>
                      <br />
                      {a.proposedBy}
                      <form
                        method="post"
                        action={ctx.href(`/admin/actualites/${article.id}/refuser`)}
                        className="inline-form"
                      >
                        <CsrfField ctx={ctx} />
                        <button type="submit" className="link-button">
                          {a.reject}
                        </button>
                      </form>
                    </>
                  )}
                  {article.review === 'rejected' && (
                    <>
                      <br />
                      {a.rejected}
                    </>
                  )}
                </th>
                {cell(article, 'fr')}
                {cell(article, 'en')}
                <td>{fmt.dateTime(article.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
