import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import { ScrollRegion } from '../../web/ScrollRegion.tsx';
import type { QueueFailures } from '../operations.service.ts';

/** The back office's list of failed jobs: one table per queue, newest first. */
export function FailuresPage({ ctx, queues }: { ctx: PageContext; queues: QueueFailures[] }) {
  const { t, fmt } = ctx;
  const o = t.operations;
  return (
    <Layout
      ctx={ctx}
      title={o.failuresTitle}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: t.admin.title, href: '/admin' },
        { label: o.failuresTitle },
      ]}
    >
      <h1>{o.failuresTitle}</h1>
      <p>{o.failuresIntro}</p>
      {queues.map(({ queue, failures }) => (
        <section key={queue.name} aria-labelledby={`queue-${queue.name}`}>
          <h2 id={`queue-${queue.name}`}>{queue.title(t)}</h2>
          {failures.length === 0 ? (
            <p>{o.none}</p>
          ) : (
            <ScrollRegion label={queue.title(t)}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{o.when}</th>
                    <th scope="col">{o.what}</th>
                    <th scope="col">{o.error}</th>
                    <th scope="col">{o.attempts}</th>
                  </tr>
                </thead>
                <tbody>
                  {failures.map((f) => (
                    <tr key={f.id}>
                      <td>{fmt.dateTime(f.failedAt)}</td>
                      <td>
                        #{f.id} {f.what(t)}
                      </td>
                      <td>{f.error === '' ? o.noMessage : f.error}</td>
                      <td>{f.attempts ?? o.noAttempts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </section>
      ))}
    </Layout>
  );
}
