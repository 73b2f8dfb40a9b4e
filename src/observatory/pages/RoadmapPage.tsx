import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { MilestoneRow } from '../observatory.repository.ts';
import { crumbs } from './parts.tsx';

/** how much of the date the source gives: 2015-01-31 with 'month' reads "end of January 2015" */
export function dueText(ctx: PageContext, m: Pick<MilestoneRow, 'due_on' | 'precision'>): string {
  const date = new Date(`${m.due_on}T12:00:00Z`);
  const tag = ctx.locale === 'fr' ? 'fr-FR' : 'en-GB';
  const o = ctx.t.observatory;
  if (m.precision === 'year') return o.dueIn.year(String(date.getUTCFullYear()));
  if (m.precision === 'month')
    return o.dueIn.month(
      new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        date,
      ),
    );
  return o.dueIn.day(ctx.fmt.date(m.due_on));
}

export function RoadmapPage({ ctx, milestones }: { ctx: PageContext; milestones: MilestoneRow[] }) {
  const o = ctx.t.observatory;
  const fr = ctx.locale === 'fr';
  return (
    <Layout ctx={ctx} title={o.roadmap} breadcrumbs={crumbs(ctx, { label: o.roadmap })}>
      <h1>{o.roadmap}</h1>
      <p className="lead">{o.roadmapIntro}</p>
      <p className="hint">{o.statusExplain}</p>
      {milestones.length === 0 ? (
        <p>{o.noMilestones}</p>
      ) : (
        <ol className="timeline">
          {milestones.map((m) => (
            <li key={m.id} className={`milestone status-${m.status}`}>
              <p className="milestone-date">
                <time dateTime={m.due_on}>{dueText(ctx, m)}</time>
              </p>
              <h2>{fr ? m.title_fr : m.title_en}</h2>
              <p>
                <span className={`status-badge status-${m.status}`}>
                  {o.milestoneStatus[m.status]}
                </span>
              </p>
              {(fr ? m.description_fr : m.description_en) && (
                <p>{fr ? m.description_fr : m.description_en}</p>
              )}
              {(fr ? m.note_fr : m.note_en) && <p className="hint">{fr ? m.note_fr : m.note_en}</p>}
              <h3 className="visually-hidden">{o.evidence}</h3>
              {m.evidence.length === 0 ? (
                <p className="hint">{o.noEvidence}</p>
              ) : (
                <ul>
                  {m.evidence.map((e) => (
                    <li key={e.url}>
                      <a href={e.url}>{e.label}</a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
