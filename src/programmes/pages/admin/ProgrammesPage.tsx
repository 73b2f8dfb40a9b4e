import type { ApplicationState } from '../../../db/schema.ts';
import type { PageContext } from '../../../web/context.ts';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';
import type { AdminCall, AdminProgramme } from '../../programmes-admin.service.ts';

export const ADMIN_PATH = '/admin/programmes';

/** a programme's or a call's text in the page's language */
export const inLanguage = (ctx: PageContext, fr: string, en: string) =>
  ctx.locale === 'en' ? en : fr;

/** the call's applications by state, in words ("2 draft, 1 submitted") */
function Counts({ ctx, call }: { ctx: PageContext; call: AdminCall }) {
  const a = ctx.t.programmes.admin;
  const entries = Object.entries(call.counts) as [ApplicationState, number][];
  if (entries.length === 0) return <>{a.noApplications}</>;
  return (
    <>{ctx.fmt.list(entries.map(([state, n]) => `${ctx.fmt.number(n)} ${a.states[state]}`))}</>
  );
}

function CallsTable({ ctx, programme }: { ctx: PageContext; programme: AdminProgramme }) {
  const a = ctx.t.programmes.admin;
  const name = inLanguage(ctx, programme.name_fr, programme.name_en);
  if (programme.calls.length === 0) return <p>{a.noCalls}</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">{a.callsOf(name)}</caption>
      <thead>
        <tr>
          <th scope="col">{a.col.call}</th>
          <th scope="col">{a.col.status}</th>
          <th scope="col">{a.col.opens}</th>
          <th scope="col">{a.col.closes}</th>
          <th scope="col">{a.col.applications}</th>
          <th scope="col">{a.col.form}</th>
        </tr>
      </thead>
      <tbody>
        {programme.calls.map((call) => (
          <tr key={call.id}>
            <th scope="row">
              <a href={ctx.href(`${ADMIN_PATH}/appels/${call.id}`)}>
                {inLanguage(ctx, call.title_fr, call.title_en)}
              </a>{' '}
              <span className="meta">({call.reference_code})</span>
              {call.is_demo && (
                <>
                  {' '}
                  <DemoBadge ctx={ctx} />
                </>
              )}
            </th>
            <td>
              <span className={`state state-${call.status}`}>{a.status[call.status]}</span>
            </td>
            <td>{ctx.fmt.dateTime(call.opens_at)}</td>
            <td>
              {ctx.fmt.dateTime(call.closes_at)}
              {call.grace_until > call.closes_at && (
                <>
                  <br />
                  <span className="meta">{a.graceUntil(ctx.fmt.dateTime(call.grace_until))}</span>
                </>
              )}
            </td>
            <td>
              <Counts ctx={ctx} call={call} />{' '}
              <a href={ctx.href(`${ADMIN_PATH}/appels/${call.id}/candidatures`)}>
                {a.seeApplications}
              </a>
            </td>
            <td>
              <a href={ctx.href(`${ADMIN_PATH}/appels/${call.id}/formulaire`)}>
                {call.current_form_version === null
                  ? a.createForm
                  : a.editForm(call.current_form_version)}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The staff's list: every programme, its owner, its calls with their status and applications. */
export function ProgrammesPage({
  ctx,
  programmes,
}: {
  ctx: PageContext;
  programmes: AdminProgramme[];
}) {
  const { t } = ctx;
  const a = t.programmes.admin;
  return (
    <Layout
      ctx={ctx}
      title={a.title}
      breadcrumbs={[{ label: t.nav.admin, href: '/admin' }, { label: a.title }]}
    >
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      <p>
        <a className="button" href={ctx.href(`${ADMIN_PATH}/nouveau`)}>
          {a.create}
        </a>
      </p>
      {programmes.length === 0 && <p>{a.empty}</p>}
      {programmes.map((p) => (
        <section key={p.id} aria-labelledby={`programme-${p.id}`} className="stack">
          <h2 id={`programme-${p.id}`}>
            {inLanguage(ctx, p.name_fr, p.name_en)}
            {p.is_demo && (
              <>
                {' '}
                <DemoBadge ctx={ctx} />
              </>
            )}
          </h2>
          <p>
            {p.owner ? (
              <>
                {a.owner} <a href={ctx.href(`/annuaire/${p.owner.slug}`)}>{p.owner.name}</a>
              </>
            ) : (
              a.noOwner
            )}
          </p>
          <ul className="footer-links">
            <li>
              <a href={ctx.href(`${ADMIN_PATH}/${p.id}`)}>{a.edit}</a>
            </li>
            <li>
              <a href={ctx.href(`${ADMIN_PATH}/${p.id}/appels/nouveau`)}>{a.newCall}</a>
            </li>
          </ul>
          <CallsTable ctx={ctx} programme={p} />
        </section>
      ))}
    </Layout>
  );
}
