import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { UserRow } from '../users.repository.ts';

/** the list's address for a search and a page */
function listPath(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/admin/utilisateurs${query ? `?${query}` : ''}`;
}

/** The back office's accounts: a search by name or address, a page of results. */
export function UsersPage({
  ctx,
  q,
  page,
  pages,
  rows,
  total,
}: {
  ctx: PageContext;
  q: string;
  page: number;
  pages: number;
  rows: UserRow[];
  total: number;
}) {
  const { t, fmt } = ctx;
  const u = t.userAdmin;
  return (
    <Layout
      ctx={ctx}
      title={u.title}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: t.admin.title, href: '/admin' },
        { label: u.title },
      ]}
    >
      <h1>{u.title}</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: the form itself is the search landmark */}
      <form method="get" action={ctx.href('/admin/utilisateurs')} role="search">
        <label htmlFor="users-q">{u.search}</label>
        <div className="search-input">
          <input id="users-q" name="q" type="search" defaultValue={q} />
          <button type="submit">{u.searchSubmit}</button>
        </div>
      </form>
      <p>{u.count(total)}</p>
      {rows.length === 0 ? (
        <p>{u.none}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t.form.name}</th>
                <th scope="col">{t.form.email}</th>
                <th scope="col">{t.account.role}</th>
                <th scope="col">{u.state}</th>
                <th scope="col">{t.account.memberSince}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((user) => (
                <tr key={user.id}>
                  <td>
                    <a href={ctx.href(`/admin/utilisateurs/${user.id}`)}>{user.name}</a>
                  </td>
                  <td>{user.email}</td>
                  <td>{t.account.roles[user.role]}</td>
                  <td>{user.disabled_at ? u.disabled : u.active}</td>
                  <td>{fmt.date(user.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label={u.pagination} className="pagination">
          {page > 1 && (
            <a rel="prev" href={ctx.href(listPath(q, page - 1))}>
              {u.prev}
            </a>
          )}
          <span>{u.pageOf(page, pages)}</span>
          {page < pages && (
            <a rel="next" href={ctx.href(listPath(q, page + 1))}>
              {u.next}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
