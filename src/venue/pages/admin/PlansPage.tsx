import type { Picker } from '../../../directory/connections.service.ts';
import { emptyPicker, OrgPicker } from '../../../directory/pages/OrgPicker.tsx';
import { asset } from '../../../web/assets.ts';
import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../../web/forms.tsx';
import { Layout } from '../../../web/Layout.tsx';
import type { HolderRow, PlanRow } from '../../plans.repository.ts';
import { ADMIN_PATH, Demo, inLanguage } from '../common.tsx';
import { SelectField } from '../controls.tsx';

const PLANS_PATH = `${ADMIN_PATH}/formules`;

function PlanForm({
  ctx,
  form,
  editing,
}: {
  ctx: PageContext;
  form: FormState;
  editing: string | null;
}) {
  const p = ctx.t.venue.plans;
  const a = ctx.t.venue.admin;
  const action = editing ? `${PLANS_PATH}/${editing}` : PLANS_PATH;
  return (
    <form method="post" action={ctx.href(action)} className="stack narrow" noValidate>
      <CsrfField ctx={ctx} />
      <Field form={form} name="name_fr" label={a.nameFr} required />
      <Field form={form} name="name_en" label={a.nameEn} required />
      <Field form={form} name="slug" label={a.slug} hint={a.slugHint} />
      <Field form={form} name="coworking_days" label={p.coworkingDays} />
      <Field form={form} name="meeting_hours" label={p.meetingHours} />
      <p>
        <button type="submit">{p.save}</button>
      </p>
    </form>
  );
}

function HoldersSection({
  ctx,
  plans,
  holders,
  form,
  picker,
}: {
  ctx: PageContext;
  plans: PlanRow[];
  holders: HolderRow[];
  form: FormState;
  picker: Picker;
}) {
  const p = ctx.t.venue.plans;
  const planName = (id: string) => {
    const plan = plans.find((x) => x.id === id);
    return plan ? inLanguage(ctx, plan.name_fr, plan.name_en) : '';
  };
  return (
    <section aria-labelledby="holders-title">
      <h2 id="holders-title">{p.holdersTitle}</h2>
      {holders.length === 0 ? (
        <p>{p.noHolders}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{p.holdersTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t.venue.occupancy.organisation}</th>
              <th scope="col">{p.plan}</th>
              <th scope="col">{p.period}</th>
              <th scope="col">{p.removePlan}</th>
            </tr>
          </thead>
          <tbody>
            {holders.map((h) => (
              <tr key={`${h.organisation_id}-${h.plan_id}-${h.starts_on}`}>
                <th scope="row">{h.organisation_name}</th>
                <td>{planName(h.plan_id)}</td>
                <td>
                  {ctx.fmt.date(h.starts_on)}
                  {h.ends_on && ` – ${ctx.fmt.date(h.ends_on)}`}
                </td>
                <td>
                  <form
                    method="post"
                    action={ctx.href(`${PLANS_PATH}/titulaires/retirer`)}
                    className="inline-form"
                  >
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="organisation_id" value={h.organisation_id} />
                    <input type="hidden" name="plan_id" value={h.plan_id} />
                    <input type="hidden" name="starts_on" value={h.starts_on} />
                    <button type="submit" className="secondary">
                      {p.remove}
                      <span className="visually-hidden"> {h.organisation_name}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorSummary ctx={ctx} form={form} />
      <form
        method="post"
        action={ctx.href(`${PLANS_PATH}/titulaires`)}
        className="stack narrow"
        noValidate
      >
        <CsrfField ctx={ctx} />
        <OrgPicker
          ctx={ctx}
          name="org"
          label={p.organisation}
          picker={{ ...picker, query: form.values.org_q ?? picker.query }}
          error={form.errors.org_q}
          multiple={false}
          exclude=""
        />
        <SelectField
          form={form}
          name="plan_id"
          label={p.plan}
          options={[
            { value: '', label: p.choose },
            ...plans
              .filter((x) => !x.archived)
              .map((x) => ({ value: x.id, label: inLanguage(ctx, x.name_fr, x.name_en) })),
          ]}
        />
        <Field form={form} name="starts_on" label={p.startsOn} type="date" required />
        <Field form={form} name="ends_on" label={p.endsOn} type="date" />
        <p>
          <button type="submit" name="action" value="save">
            {p.assign}
          </button>
        </p>
      </form>
    </section>
  );
}

/** Plans (their monthly allowances) and the organisations that hold them. */
export function PlansPage({
  ctx,
  plans,
  holders,
  planForm,
  editing = null,
  holderForm,
  picker = emptyPicker,
  status = 200,
}: {
  ctx: PageContext;
  plans: PlanRow[];
  holders: HolderRow[];
  planForm: FormState;
  editing?: string | null;
  holderForm: FormState;
  picker?: Picker;
  status?: number;
}) {
  const p = ctx.t.venue.plans;
  const a = ctx.t.venue.admin;
  return (
    <Layout
      ctx={ctx}
      title={p.title}
      head={<script src={asset('picker.js')} defer />}
      breadcrumbs={[
        { label: ctx.t.nav.admin, href: '/admin' },
        { label: a.title, href: ADMIN_PATH },
        { label: p.title },
      ]}
    >
      <h1>{p.title}</h1>
      <p>{p.intro}</p>
      <p className="hint">{p.removeHint}</p>
      {plans.length === 0 ? (
        <p>{p.none}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{p.title}</caption>
          <thead>
            <tr>
              <th scope="col">{p.name}</th>
              <th scope="col">{p.coworkingDays}</th>
              <th scope="col">{p.meetingHours}</th>
              <th scope="col">{a.edit}</th>
              <th scope="col">{p.removePlan}</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((x) => (
              <tr key={x.id}>
                <th scope="row">
                  {inLanguage(ctx, x.name_fr, x.name_en)}
                  <Demo ctx={ctx} demo={x.is_demo} />
                  {x.archived && <> ({p.archived})</>}
                </th>
                <td>{ctx.fmt.number(x.coworking_days)}</td>
                <td>{ctx.fmt.number(x.meeting_hours)}</td>
                <td>
                  <a href={ctx.href(`${PLANS_PATH}?formule=${x.id}#plan-form`)}>
                    {a.edit}
                    <span className="visually-hidden">
                      {' '}
                      {inLanguage(ctx, x.name_fr, x.name_en)}
                    </span>
                  </a>
                </td>
                <td>
                  {!x.archived && (
                    <form
                      method="post"
                      action={ctx.href(`${PLANS_PATH}/${x.id}/supprimer`)}
                      className="inline-form"
                    >
                      <CsrfField ctx={ctx} />
                      <button type="submit" className="secondary">
                        {p.removePlan}
                        <span className="visually-hidden">
                          {' '}
                          {inLanguage(ctx, x.name_fr, x.name_en)}
                        </span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="plan-form">{editing ? a.edit : p.newPlan}</h2>
      {status !== 200 && <ErrorSummary ctx={ctx} form={planForm} />}
      <PlanForm ctx={ctx} form={planForm} editing={editing} />
      <HoldersSection ctx={ctx} plans={plans} holders={holders} form={holderForm} picker={picker} />
    </Layout>
  );
}
