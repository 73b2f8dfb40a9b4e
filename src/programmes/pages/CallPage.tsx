import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { ApplicantChoice, CallPageData } from '../applicant.service.ts';
import { reasonText } from '../applications.service.ts';
import { applicationPath, CallDates, callPath, callText, ruleText, StateBadge } from './common.tsx';

/** a text of several paragraphs, separated by blank lines */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p key={p}>{p}</p>
        ))}
    </>
  );
}

function Choice({ ctx, data, o }: { ctx: PageContext; data: CallPageData; o: ApplicantChoice }) {
  const p = ctx.t.programmes.pages;
  if (o.application)
    return (
      <p>
        <StateBadge ctx={ctx} state={o.application.state as never} />{' '}
        <a href={ctx.href(applicationPath(o.application.id))}>{p.seeApplication}</a>
      </p>
    );
  if (o.reasons.length > 0)
    return (
      <>
        <p>{p.notEligible}</p>
        <ul>
          {o.reasons.map((r) => (
            <li key={r.reason}>{reasonText(r, ctx.locale)}</li>
          ))}
        </ul>
      </>
    );
  if (data.call.status !== 'open') return null;
  return (
    <form method="post" action={ctx.href(`${callPath(data.call.slug)}/candidater`)}>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="organisation" value={o.id} />
      <button type="submit" className="button">
        {p.start(o.name)}
      </button>
    </form>
  );
}

function Apply({ ctx, data }: { ctx: PageContext; data: CallPageData }) {
  const p = ctx.t.programmes.pages;
  const here = callPath(data.call.slug);
  if (data.call.status === 'closed') return <p>{p.closedNotice}</p>;
  if (data.organisations === null)
    return (
      <p>
        <a href={ctx.href(`/connexion?next=${encodeURIComponent(ctx.href(here))}`)}>
          {p.signInToApply}
        </a>
      </p>
    );
  if (data.unverified) return <p>{p.verifyToApply}</p>;
  if (data.organisations.length === 0)
    return (
      <p>
        {p.joinToApply} <a href={ctx.href('/annuaire')}>{ctx.t.nav.directory}</a>
      </p>
    );
  return (
    <>
      {data.call.status === 'upcoming' && <p>{p.notOpenYet}</p>}
      <ul className="stack">
        {data.organisations.map((o) => (
          <li key={o.id}>
            <h3>{o.name}</h3>
            <Choice ctx={ctx} data={data} o={o} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** A call: its programme, dates, conditions, the questions asked, and how to apply. */
export function CallPage({
  ctx,
  data,
  message,
}: {
  ctx: PageContext;
  data: CallPageData;
  /** why the last attempt to start was refused */
  message?: string;
}) {
  const p = ctx.t.programmes.pages;
  const text = callText(ctx, data.call);
  return (
    <Layout
      ctx={ctx}
      title={text.title}
      breadcrumbs={[{ label: p.callsTitle, href: '/appels' }, { label: text.title }]}
    >
      <h1>
        {text.title}
        {data.call.is_demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h1>
      <p className="lead">
        {text.programme}
        {data.call.owner_name && data.call.owner_slug && (
          <>
            {' · '}
            <a href={ctx.href(`/annuaire/${data.call.owner_slug}`)}>{data.call.owner_name}</a>
          </>
        )}
      </p>
      {message && (
        <div className="error-summary" role="alert">
          <p>{message}</p>
        </div>
      )}
      <Paragraphs text={text.description} />
      <CallDates ctx={ctx} call={data.call} />
      <h2>{p.conditions}</h2>
      {data.rules.length === 0 ? (
        <p>{p.noCondition}</p>
      ) : (
        <ul>
          {data.rules.map((r) => (
            <li key={JSON.stringify(r)}>{ruleText(ctx, r)}</li>
          ))}
        </ul>
      )}
      <h2>{p.apply}</h2>
      <Apply ctx={ctx} data={data} />
      {data.fields.length > 0 && (
        <>
          <h2>{p.questions}</h2>
          <p>{p.questionsIntro}</p>
          <ol>
            {data.fields.map((f) => (
              <li key={f.key}>
                {f.label[ctx.locale]}
                {f.required ? ` (${p.hints.required.toLowerCase()})` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
      {text.programmeDescription && (
        <>
          <h2>{p.aboutProgramme}</h2>
          <Paragraphs text={text.programmeDescription} />
        </>
      )}
    </Layout>
  );
}
