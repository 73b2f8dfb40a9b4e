import { KINDS } from '../../../directory/directory.schema.ts';
import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../../web/forms.tsx';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';
import { CheckBox, ErrorLine, TypedField } from './controls.tsx';
import { ADMIN_PATH } from './ProgrammesPage.tsx';

export type CallPageData = {
  programme: { id: number; name: string };
  /** null: a new call */
  callId: number | null;
  demo: boolean;
  /** acknowledgements issued: the reference code is then fixed */
  acknowledgements: number;
};

/** the eligibility rules, as check boxes with the value each needs */
function RulesFields({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const c = ctx.t.programmes.admin.call;
  return (
    <fieldset className="stack">
      <legend>{c.rules}</legend>
      <p className="hint">{c.rulesHint}</p>
      <ErrorLine form={form} name="eligibility" />
      <CheckBox form={form} name="rule_active" label={c.ruleActive} />
      <CheckBox form={form} name="rule_in_territory" label={c.ruleInTerritory} />
      <CheckBox form={form} name="rule_kind" label={c.ruleKind} />
      <fieldset className={form.errors.kinds ? 'field field-error' : 'field'} id="field-kinds">
        <legend>{c.kinds}</legend>
        <ErrorLine form={form} name="kinds" />
        <ul className="checkbox-list">
          {KINDS.map((k) => (
            <li key={k}>
              <input
                type="checkbox"
                id={`field-kind_${k}`}
                name={`kind_${k}`}
                value="1"
                defaultChecked={form.values[`kind_${k}`] === '1'}
              />{' '}
              <label htmlFor={`field-kind_${k}`}>{ctx.t.directory.kinds[k]}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <CheckBox form={form} name="rule_created_after" label={c.ruleCreatedAfter} />
      <TypedField
        form={form}
        name="created_after_year"
        label={c.createdAfterYear}
        type="text"
        size={4}
      />
      <CheckBox form={form} name="rule_headcount_below" label={c.ruleHeadcount} />
      <TypedField form={form} name="headcount_max" label={c.headcountMax} type="text" size={7} />
    </fieldset>
  );
}

/** the opening, the closing and the grace, typed as Paris wall clocks */
function DatesFields({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const c = ctx.t.programmes.admin.call;
  return (
    <>
      <fieldset className="stack">
        <legend>{c.dates}</legend>
        <TypedField
          form={form}
          name="opens_at"
          label={c.opensAt}
          type="datetime-local"
          hint={c.timeHint}
        />
        <TypedField
          form={form}
          name="closes_at"
          label={c.closesAt}
          type="datetime-local"
          hint={c.timeHint}
        />
      </fieldset>
      <fieldset className="stack">
        <legend>{c.grace}</legend>
        <p className="hint">{c.graceHint}</p>
        <TypedField form={form} name="grace_hours" label={c.graceHours} type="text" size={4} />
        <TypedField
          form={form}
          name="grace_until"
          label={c.graceUntil}
          type="datetime-local"
          hint={c.graceUntilHint}
        />
      </fieldset>
    </>
  );
}

/** A call's form, new or existing: texts, address, reference code, Paris times, grace, rules. */
export function CallEditPage({
  ctx,
  data,
  form,
  submitted = 0,
}: {
  ctx: PageContext;
  data: CallPageData;
  form: FormState;
  /** applications past the draft: the page says dates may still move */
  submitted?: number;
}) {
  const { t } = ctx;
  const a = t.programmes.admin;
  const c = a.call;
  const title =
    data.callId === null
      ? c.newTitle(data.programme.name)
      : c.editTitle(form.values.title_fr || '');
  const action =
    data.callId === null
      ? `${ADMIN_PATH}/${data.programme.id}/appels/nouveau`
      : `${ADMIN_PATH}/appels/${data.callId}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: a.title, href: ADMIN_PATH },
        { label: data.programme.name, href: `${ADMIN_PATH}/${data.programme.id}` },
        { label: title },
      ]}
    >
      <h1>
        {title}
        {data.demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h1>
      {data.callId !== null && (
        <p>
          <a href={ctx.href(`${ADMIN_PATH}/appels/${data.callId}/formulaire`)}>{c.editForm}</a>
          {' · '}
          <a href={ctx.href(`${ADMIN_PATH}/appels/${data.callId}/candidatures`)}>
            {c.seeApplications}
          </a>
          {' · '}
          <a href={ctx.href(`${ADMIN_PATH}/appels/${data.callId}/grille`)}>
            {t.programmes.reviews.rubric.link}
          </a>
        </p>
      )}
      {submitted > 0 && <p className="notice">{c.submitted(submitted)}</p>}
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href(action)} className="stack" noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="title_fr" label={c.titleFr} required />
        <Field form={form} name="title_en" label={c.titleEn} required />
        <Field form={form} name="slug" label={c.slug} hint={c.slugHint} />
        <Field
          form={form}
          name="reference_code"
          label={c.referenceCode}
          hint={
            data.acknowledgements > 0 ? c.referenceLocked(data.acknowledgements) : c.referenceHint
          }
          required
        />
        <TextArea form={form} name="description_fr" label={c.descriptionFr} rows={5} />
        <TextArea form={form} name="description_en" label={c.descriptionEn} rows={5} />
        <DatesFields ctx={ctx} form={form} />
        <RulesFields ctx={ctx} form={form} />
        <p>
          <button type="submit">{c.save}</button> <a href={ctx.href(ADMIN_PATH)}>{a.title}</a>
        </p>
      </form>
    </Layout>
  );
}
