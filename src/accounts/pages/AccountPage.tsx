import type { PageContext, SignedInUser } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';

export function AccountPage({ ctx, user }: { ctx: PageContext; user: SignedInUser }) {
  const { t, fmt } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.account.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: t.account.title }]}
    >
      <h1>{t.account.title}</h1>
      <dl className="facts">
        <dt>{t.form.name}</dt>
        <dd>{user.name}</dd>
        <dt>{t.form.email}</dt>
        <dd>{user.email}</dd>
        <dt>{t.account.role}</dt>
        <dd>{t.account.roles[user.role]}</dd>
        <dt>{t.account.memberSince}</dt>
        <dd>{fmt.date(user.createdAt)}</dd>
      </dl>
    </Layout>
  );
}
