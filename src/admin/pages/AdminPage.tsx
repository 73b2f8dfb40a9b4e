import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';

export function AdminPage({ ctx, mailKind }: { ctx: PageContext; mailKind: 'smtp' | 'outbox' }) {
  const admin = ctx.user?.role === 'admin';
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.admin.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: t.admin.title }]}
    >
      <h1>{t.admin.title}</h1>
      <ul className="cards">
        <li className="card">
          <h2>
            <a href={ctx.href('/admin/revendications')}>{t.claim.queueTitle}</a>
          </h2>
        </li>
        <li className="card">
          <h2>
            <a href={ctx.href('/admin/parametres')}>{t.settings.title}</a>
          </h2>
          <p>{t.settings.intro}</p>
        </li>
        <li className="card">
          <h2>
            <a href={ctx.href('/admin/observatoire')}>{t.observatory.adminTitle}</a>
          </h2>
          <p>{t.observatory.adminIntro}</p>
        </li>
        <li className="card">
          <h2>
            <a href={ctx.href('/admin/imports')}>{t.imports.title}</a>
          </h2>
          <p>{t.imports.intro}</p>
        </li>
        <li className="card">
          <h2>
            <a href={ctx.href('/admin/actualites')}>{t.news.admin.title}</a>
          </h2>
          <p>{t.news.admin.intro}</p>
        </li>
        {admin && mailKind === 'outbox' && (
          <li className="card">
            <h2>
              <a href={ctx.href('/admin/outbox')}>{t.admin.outbox}</a>
            </h2>
            <p>{t.admin.outboxIntro}</p>
          </li>
        )}
        <li className="card">
          <h2>
            <a href="/api/docs">{t.footer.apiDocs}</a>
          </h2>
        </li>
      </ul>
    </Layout>
  );
}
