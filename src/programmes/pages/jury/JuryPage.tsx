import type { PageContext } from '../../../web/context.ts';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';

export type JuryAssignment = {
  id: number;
  application_id: number;
  is_demo: boolean;
  acknowledgement: string | null;
  call_id: number;
  title_fr: string;
  title_en: string;
  organisation_name: string;
  version: number | null;
  submitted_at: Date | null;
};

/** to do (no review saved), draft, or submitted */
export const reviewState = (a: Pick<JuryAssignment, 'version' | 'submitted_at'>) =>
  a.submitted_at ? 'submitted' : a.version === null ? 'todo' : 'draft';

/** A reviewer's assignments, call by call, with their review's state. */
export function JuryPage({
  ctx,
  assignments,
}: {
  ctx: PageContext;
  assignments: JuryAssignment[];
}) {
  const j = ctx.t.programmes.reviews.jury;
  const calls = new Map<number, JuryAssignment[]>();
  for (const a of assignments) calls.set(a.call_id, [...(calls.get(a.call_id) ?? []), a]);
  return (
    <Layout ctx={ctx} title={j.title} breadcrumbs={[{ label: j.title }]}>
      <h1>{j.title}</h1>
      <p>{j.intro}</p>
      <p>
        <a href={ctx.href('/jury/conflits')}>{j.conflicts}</a>
      </p>
      {calls.size === 0 && <p>{j.none}</p>}
      {[...calls.values()].map((rows) => {
        const first = rows[0] as JuryAssignment;
        const title = ctx.locale === 'en' ? first.title_en : first.title_fr;
        return (
          <section key={first.call_id} aria-labelledby={`call-${first.call_id}`}>
            <h2 id={`call-${first.call_id}`}>{title}</h2>
            <div className="table-scroll">
              <table className="table">
                <caption>{j.caption(title)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{j.colApplication}</th>
                    <th scope="col">{j.colOrganisation}</th>
                    <th scope="col">{j.colState}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((a) => (
                    <tr key={a.id}>
                      <th scope="row">
                        <a href={ctx.href(`/jury/candidatures/${a.application_id}`)}>
                          {a.acknowledgement ?? `n° ${a.application_id}`}
                        </a>
                        {a.is_demo && (
                          <>
                            {' '}
                            <DemoBadge ctx={ctx} />
                          </>
                        )}
                      </th>
                      <td>{a.organisation_name}</td>
                      <td>{j.states[reviewState(a)]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </Layout>
  );
}
