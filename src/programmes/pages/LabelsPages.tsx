import type { NamedAuditRow } from '../../audit/audit.service.ts';
import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { LabelPage, LabelRow, LabelStanding, LaureatesList } from '../labels.service.ts';

export const labelName = (ctx: PageContext, l: LabelRow) =>
  ctx.locale === 'en' ? l.name_en : l.name_fr;

/** the holder: its directory profile when the directory lists it, else its name as recorded */
export function Holder({ ctx, label }: { ctx: PageContext; label: LabelRow }) {
  if (label.organisation_slug && label.organisation_name) {
    return <a href={ctx.href(`/annuaire/${label.organisation_slug}`)}>{label.organisation_name}</a>;
  }
  return <>{label.holder_name ?? '—'}</>;
}

export function Validity({ ctx, label }: { ctx: PageContext; label: LabelRow }) {
  const l = ctx.t.programmes.labels;
  const from = ctx.fmt.date(label.valid_from);
  if (label.valid_until === null) return <>{`${l.from(from)} (${l.untilUnknown})`}</>;
  return <>{l.fromTo(from, ctx.fmt.date(label.valid_until))}</>;
}

export function StandingBadge({ ctx, standing }: { ctx: PageContext; standing: LabelStanding }) {
  return (
    <span className={`label-standing label-${standing}`}>
      {ctx.t.programmes.labels.standing[standing]}
    </span>
  );
}

/** labels grouped by their name, in the order they come */
function byName(ctx: PageContext, rows: LabelRow[]): [string, LabelRow[]][] {
  const groups = new Map<string, LabelRow[]>();
  for (const r of rows) {
    const name = labelName(ctx, r);
    groups.set(name, [...(groups.get(name) ?? []), r]);
  }
  return [...groups];
}

function LabelsTable({
  ctx,
  caption,
  rows,
}: {
  ctx: PageContext;
  caption: string;
  rows: LabelRow[];
}) {
  const l = ctx.t.programmes.labels;
  return (
    <div className="table-scroll">
      <table className="table labels-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{l.holder}</th>
            <th scope="col">{l.validity}</th>
            <th scope="col">{l.call}</th>
            <th scope="col">{l.details}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Holder ctx={ctx} label={r} />
                {r.is_demo && (
                  <>
                    {' '}
                    <DemoBadge ctx={ctx} />
                  </>
                )}
              </th>
              <td>
                <Validity ctx={ctx} label={r} />
              </td>
              <td>
                {r.call_slug ? (
                  <a href={ctx.href(`/appels/${r.call_slug}`)}>
                    {ctx.locale === 'en' ? r.call_title_en : r.call_title_fr}
                  </a>
                ) : (
                  '—'
                )}
                {r.source_note && <p className="hint">{r.source_note}</p>}
              </td>
              <td>
                <a href={ctx.href(`/labels/${r.id}`)}>{l.details}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Section({
  ctx,
  id,
  title,
  rows,
  intro,
}: {
  ctx: PageContext;
  id: string;
  title: string;
  rows: LabelRow[];
  intro?: string;
}) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro && <p>{intro}</p>}
      {byName(ctx, rows).map(([name, group]) => (
        <LabelsTable key={name} ctx={ctx} caption={name} rows={group} />
      ))}
    </section>
  );
}

/**
 * The public list of laureates: current labels grouped by name, then the archive of expired
 * ones, then the withdrawn ones (each links to its history, which gives the reason).
 */
export function LabelsPage({ ctx, list }: { ctx: PageContext; list: LaureatesList }) {
  const l = ctx.t.programmes.labels;
  const empty = list.current.length + list.expired.length + list.withdrawn.length === 0;
  return (
    <Layout
      ctx={ctx}
      title={l.title}
      breadcrumbs={[{ label: ctx.t.nav.home, href: '/' }, { label: l.title }]}
    >
      <h1>{l.title}</h1>
      <p className="lead">{l.intro}</p>
      {empty && <p>{l.none}</p>}
      <Section ctx={ctx} id="labels-current" title={l.current} rows={list.current} />
      <Section ctx={ctx} id="labels-expired" title={l.expired} rows={list.expired} />
      <Section
        ctx={ctx}
        id="labels-withdrawn"
        title={l.withdrawn}
        intro={l.withdrawnIntro}
        rows={list.withdrawn}
      />
    </Layout>
  );
}

/** an entry of a label's history; the public reads "the hub's team", staff the person's name */
export function HistoryList({
  ctx,
  history,
  names,
}: {
  ctx: PageContext;
  history: NamedAuditRow[];
  names: boolean;
}) {
  const l = ctx.t.programmes.labels;
  if (history.length === 0) return <p>{l.noHistory}</p>;
  return (
    <ol className="label-history">
      {history.map((h) => {
        const after = (h.after ?? {}) as { reason?: unknown };
        return (
          <li key={h.seq}>
            <time dateTime={h.at.toISOString()}>{ctx.fmt.dateTime(h.at)}</time>
            {' — '}
            {l.actions[h.action] ?? h.action}{' '}
            {names && h.actor_name ? l.admin.by(h.actor_name) : l.byTeam}
            {typeof after.reason === 'string' && (
              <p>
                {l.reason} : {after.reason}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function LabelFacts({ ctx, page }: { ctx: PageContext; page: LabelPage }) {
  const l = ctx.t.programmes.labels;
  const { label } = page;
  return (
    <dl className="facts">
      <dt>{l.holder}</dt>
      <dd>
        <Holder ctx={ctx} label={label} />
      </dd>
      <dt>{l.validity}</dt>
      <dd>
        <Validity ctx={ctx} label={label} /> <StandingBadge ctx={ctx} standing={page.standing} />
      </dd>
      {label.call_slug && (
        <>
          <dt>{l.call}</dt>
          <dd>
            <a href={ctx.href(`/appels/${label.call_slug}`)}>
              {ctx.locale === 'en' ? label.call_title_en : label.call_title_fr}
            </a>
          </dd>
        </>
      )}
      {label.source_note && (
        <>
          <dt>{l.source}</dt>
          <dd>{label.source_note}</dd>
        </>
      )}
      {label.withdrawn_reason && (
        <>
          <dt>{l.reason}</dt>
          <dd>{label.withdrawn_reason}</dd>
        </>
      )}
    </dl>
  );
}

/** One label: its holder, validity, call or source, and its history (the withdrawal's reason). */
export function LabelDetailPage({ ctx, page }: { ctx: PageContext; page: LabelPage }) {
  const l = ctx.t.programmes.labels;
  const name = labelName(ctx, page.label);
  const holder = page.label.organisation_name ?? page.label.holder_name ?? '';
  return (
    <Layout
      ctx={ctx}
      title={`${name} — ${holder}`}
      breadcrumbs={[
        { label: ctx.t.nav.home, href: '/' },
        { label: l.title, href: '/labels' },
        { label: holder },
      ]}
    >
      <h1>
        {name} — {holder} {page.label.is_demo && <DemoBadge ctx={ctx} />}
      </h1>
      <LabelFacts ctx={ctx} page={page} />
      <h2>{l.history}</h2>
      <HistoryList ctx={ctx} history={page.history} names={false} />
      <p>
        <a href={ctx.href('/labels')}>{l.back}</a>
      </p>
    </Layout>
  );
}
