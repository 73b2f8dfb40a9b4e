import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { OutboxEntry } from '../mailer.ts';

function crumbs(ctx: PageContext, last?: string) {
  const { t } = ctx;
  return [
    { label: t.nav.home, href: '/' },
    { label: t.admin.title, href: '/admin' },
    { label: t.admin.outbox, href: '/admin/outbox' },
    ...(last ? [{ label: last }] : []),
  ];
}

export function OutboxListPage({ ctx, entries }: { ctx: PageContext; entries: OutboxEntry[] }) {
  const { t, fmt } = ctx;
  return (
    <Layout ctx={ctx} title={t.admin.outbox} breadcrumbs={crumbs(ctx)}>
      <h1>{t.admin.outbox}</h1>
      <p>{t.admin.outboxIntro}</p>
      {entries.length === 0 ? (
        <p>{t.admin.outboxEmpty}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t.admin.sentAt}</th>
              <th scope="col">{t.admin.to}</th>
              <th scope="col">{t.admin.subject}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{fmt.dateTime(new Date(e.sentAt))}</td>
                <td>{e.to}</td>
                <td>
                  <a href={ctx.href(`/admin/outbox/${e.id}`)}>{e.subject}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function OutboxMessagePage({ ctx, entry }: { ctx: PageContext; entry: OutboxEntry }) {
  const { t, fmt } = ctx;
  return (
    <Layout ctx={ctx} title={entry.subject} breadcrumbs={crumbs(ctx, entry.subject)}>
      <h1>{entry.subject}</h1>
      <dl className="facts">
        <dt>{t.admin.sentAt}</dt>
        <dd>{fmt.dateTime(new Date(entry.sentAt))}</dd>
        <dt>{t.admin.to}</dt>
        <dd>{entry.to}</dd>
      </dl>
      <pre className="mail-body">{entry.text}</pre>
      <p>
        <a href={ctx.href('/admin/outbox')}>{t.admin.back}</a>
      </p>
    </Layout>
  );
}
