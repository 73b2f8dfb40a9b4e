import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { CallSummary } from '../applicant.service.ts';
import { callPath, callText } from './common.tsx';

function CallItem({ ctx, call }: { ctx: PageContext; call: CallSummary }) {
  const d = ctx.t.programmes.pages.dates;
  const text = callText(ctx, call);
  const when =
    call.status === 'upcoming'
      ? d.opensOn(ctx.fmt.dateTime(call.opens_at))
      : call.status === 'open'
        ? d.closesOn(ctx.fmt.dateTime(call.closes_at))
        : d.closedOn(ctx.fmt.date(call.closes_at));
  return (
    <li className="card">
      <h3>
        <a href={ctx.href(callPath(call.slug))}>{text.title}</a>
        {call.is_demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h3>
      <p className="hint">
        {text.programme}
        {call.owner_name ? ` · ${call.owner_name}` : ''}
      </p>
      <p>
        <span className={`call-status call-${call.status}`}>{d.statuses[call.status]}</span> ·{' '}
        {when}
      </p>
    </li>
  );
}

/** The calls for applications: open and upcoming first, then the latest closed. */
export function CallsPage({
  ctx,
  current,
  closed,
}: {
  ctx: PageContext;
  current: CallSummary[];
  closed: CallSummary[];
}) {
  const p = ctx.t.programmes.pages;
  return (
    <Layout ctx={ctx} title={p.callsTitle} breadcrumbs={[{ label: p.callsTitle }]}>
      <h1>{p.callsTitle}</h1>
      <p className="lead">{p.callsIntro}</p>
      {ctx.user && (
        <p>
          <a href={ctx.href('/candidatures')}>{p.myApplications}</a>
        </p>
      )}
      <h2>{p.currentCalls}</h2>
      {current.length === 0 ? (
        <p>{p.noCurrentCall}</p>
      ) : (
        <ul className="cards">
          {current.map((c) => (
            <CallItem key={c.id} ctx={ctx} call={c} />
          ))}
        </ul>
      )}
      {closed.length > 0 && (
        <>
          <h2>{p.closedCalls}</h2>
          <ul className="cards">
            {closed.map((c) => (
              <CallItem key={c.id} ctx={ctx} call={c} />
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
