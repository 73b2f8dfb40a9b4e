import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, type FormState, TextArea } from '../../../web/forms.tsx';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';
import type { LabelPage, LaureatesList } from '../../labels.service.ts';
import {
  HistoryList,
  Holder,
  LabelFacts,
  labelName,
  StandingBadge,
  Validity,
} from '../LabelsPages.tsx';

function crumbs(ctx: PageContext) {
  return [
    { label: ctx.t.nav.admin, href: '/admin' },
    { label: ctx.t.programmes.admin.title, href: '/admin/programmes' },
  ];
}

/** Staff's list of every label, current, expired and withdrawn, each leading to its page. */
export function LabelsAdminPage({ ctx, list }: { ctx: PageContext; list: LaureatesList }) {
  const l = ctx.t.programmes.labels;
  const rows = [
    ...list.current.map((r) => ({ r, s: 'current' as const })),
    ...list.expired.map((r) => ({ r, s: 'expired' as const })),
    ...list.withdrawn.map((r) => ({ r, s: 'withdrawn' as const })),
  ];
  return (
    <Layout
      ctx={ctx}
      title={l.admin.title}
      breadcrumbs={[...crumbs(ctx), { label: l.admin.title }]}
    >
      <h1>{l.admin.title}</h1>
      <p>{l.admin.intro}</p>
      {rows.length === 0 ? (
        <p>{l.none}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{l.admin.title}</caption>
            <thead>
              <tr>
                <th scope="col">{l.holder}</th>
                <th scope="col">{l.title}</th>
                <th scope="col">{l.validity}</th>
                <th scope="col">{ctx.t.programmes.accompaniment.colStatus}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ r, s }) => (
                <tr key={r.id}>
                  <th scope="row">
                    <a href={ctx.href(`/admin/programmes/labels/${r.id}`)}>
                      {r.organisation_name ?? r.holder_name}
                    </a>
                    {r.is_demo && (
                      <>
                        {' '}
                        <DemoBadge ctx={ctx} />
                      </>
                    )}
                  </th>
                  <td>{labelName(ctx, r)}</td>
                  <td>
                    <Validity ctx={ctx} label={r} />
                  </td>
                  <td>
                    <StandingBadge ctx={ctx} standing={s} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** One label for staff: its facts, its history with names, and the withdrawal form. */
export function LabelAdminPage({
  ctx,
  page,
  form,
}: {
  ctx: PageContext;
  page: LabelPage;
  form: FormState;
}) {
  const l = ctx.t.programmes.labels;
  const { label } = page;
  const name = labelName(ctx, label);
  return (
    <Layout
      ctx={ctx}
      title={name}
      breadcrumbs={[
        ...crumbs(ctx),
        { label: l.admin.title, href: '/admin/programmes/labels' },
        { label: label.organisation_name ?? label.holder_name ?? name },
      ]}
    >
      <h1>
        {name} — <Holder ctx={ctx} label={label} /> {label.is_demo && <DemoBadge ctx={ctx} />}
      </h1>
      <LabelFacts ctx={ctx} page={page} />
      {label.application_id !== null && (
        <p>
          <a
            href={ctx.href(`/admin/programmes/candidatures/${label.application_id}/accompagnement`)}
          >
            {ctx.t.programmes.accompaniment.link}
          </a>
        </p>
      )}
      <h2>{l.history}</h2>
      <HistoryList ctx={ctx} history={page.history} names={true} />
      {label.status === 'withdrawn' ? (
        <p>{l.admin.alreadyWithdrawn(ctx.fmt.dateTime(label.withdrawn_at ?? new Date()))}</p>
      ) : (
        <section aria-labelledby="withdraw">
          <h2 id="withdraw">{l.admin.withdrawTitle}</h2>
          <form
            method="post"
            action={ctx.href(`/admin/programmes/labels/${label.id}/retrait`)}
            className="stack"
          >
            <CsrfField ctx={ctx} />
            <ErrorSummary ctx={ctx} form={form} />
            <TextArea form={form} name="reason" label={l.admin.reason} hint={l.admin.reasonHint} />
            <p>
              <button type="submit" className="button">
                {l.admin.withdraw}
              </button>
            </p>
          </form>
        </section>
      )}
    </Layout>
  );
}
