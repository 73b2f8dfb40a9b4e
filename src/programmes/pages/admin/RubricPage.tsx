import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../../web/forms.tsx';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';
import { CheckBox, ErrorLine, TypedField } from './controls.tsx';
import { ADMIN_PATH } from './ProgrammesPage.tsx';

export type RubricPageData = {
  callId: number;
  callTitle: string;
  programme: { id: number; name: string };
  demo: boolean;
  /** reviews submitted: the scoring is then fixed */
  submitted: number;
  /** criterion rows to show, blank ones included */
  rows: number;
};

/** one input of a criterion's row, labelled for assistive technology */
function Cell({
  form,
  name,
  label,
  size,
}: {
  form: FormState;
  name: string;
  label: string;
  size: number;
}) {
  const error = form.errors[name];
  return (
    <td className={error ? 'field-error' : undefined}>
      <ErrorLine form={form} name={name} />
      <input
        type="text"
        id={`field-${name}`}
        name={name}
        aria-label={label}
        size={size}
        defaultValue={form.values[name] ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `field-${name}-error` : undefined}
      />
    </td>
  );
}

function CriteriaTable({ ctx, form, rows }: { ctx: PageContext; form: FormState; rows: number }) {
  const r = ctx.t.programmes.reviews.rubric;
  return (
    <fieldset className="stack" id="field-criteria">
      <legend>{r.criteria}</legend>
      <p className="hint">{r.criteriaHint}</p>
      <ErrorLine form={form} name="criteria" />
      <div className="table-scroll">
        <table className="table rubric-table">
          <caption>{r.criteriaTable}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">
                {r.key} <span className="hint">({r.keyHint})</span>
              </th>
              <th scope="col">{r.labelFr}</th>
              <th scope="col">{r.labelEn}</th>
              <th scope="col">{r.weight}</th>
              <th scope="col">{r.max}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => {
              const n = r.criterion(i + 1);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions of the form
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <Cell form={form} name={`c${i}_key`} label={`${n} — ${r.key}`} size={12} />
                  <Cell
                    form={form}
                    name={`c${i}_label_fr`}
                    label={`${n} — ${r.labelFr}`}
                    size={24}
                  />
                  <Cell
                    form={form}
                    name={`c${i}_label_en`}
                    label={`${n} — ${r.labelEn}`}
                    size={24}
                  />
                  <Cell form={form} name={`c${i}_weight`} label={`${n} — ${r.weight}`} size={4} />
                  <Cell form={form} name={`c${i}_max`} label={`${n} — ${r.max}`} size={4} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

function MethodField({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const r = ctx.t.programmes.reviews.rubric;
  const method = form.values.score_method;
  return (
    <fieldset
      className={form.errors.score_method ? 'field field-error' : 'field'}
      id="field-score_method"
    >
      <legend>{r.method}</legend>
      <ErrorLine form={form} name="score_method" />
      {(['weighted_mean', 'weighted_sum'] as const).map((m) => (
        <label key={m} className="choice">
          <input type="radio" name="score_method" value={m} defaultChecked={method === m} />{' '}
          {m === 'weighted_sum' ? r.weightedSum : r.weightedMean}
        </label>
      ))}
    </fieldset>
  );
}

function LettersFields({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const r = ctx.t.programmes.reviews.rubric;
  const letters = [
    ['fr', 'accepted'],
    ['fr', 'refused'],
    ['en', 'accepted'],
    ['en', 'refused'],
  ] as const;
  return (
    <fieldset className="stack">
      <legend>{r.letters}</legend>
      <p className="hint">{r.lettersHint}</p>
      {letters.map(([lang, decision]) => (
        <TextArea
          key={`${lang}-${decision}`}
          form={form}
          name={`letter_${lang}_${decision}`}
          label={r.letter(lang === 'fr' ? r.french : r.english, r[decision])}
          rows={6}
        />
      ))}
    </fieldset>
  );
}

/** A call's rubric and jury settings (staff), complete without JavaScript. */
export function RubricPage({
  ctx,
  data,
  form,
}: {
  ctx: PageContext;
  data: RubricPageData;
  form: FormState;
}) {
  const { t } = ctx;
  const r = t.programmes.reviews.rubric;
  const title = r.title(data.callTitle);
  const callPath = `${ADMIN_PATH}/appels/${data.callId}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: t.programmes.admin.title, href: ADMIN_PATH },
        { label: data.programme.name, href: `${ADMIN_PATH}/${data.programme.id}` },
        { label: data.callTitle, href: callPath },
        { label: r.link },
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
      <p>{r.intro}</p>
      {data.submitted > 0 && <p className="notice">{r.locked(data.submitted)}</p>}
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href(`${callPath}/grille`)} className="stack" noValidate>
        <CsrfField ctx={ctx} />
        <CriteriaTable ctx={ctx} form={form} rows={data.rows} />
        <MethodField ctx={ctx} form={form} />
        <fieldset className="stack">
          <legend>{r.jury}</legend>
          <TypedField
            form={form}
            name="reviewers_per_application"
            label={r.reviewersPer}
            type="text"
            size={3}
          />
          <CheckBox form={form} name="scores_hidden" label={r.hidden} />
        </fieldset>
        <LettersFields ctx={ctx} form={form} />
        <fieldset className="stack">
          <legend>{r.label}</legend>
          <p className="hint">{r.labelHint}</p>
          <Field form={form} name="label_name_fr" label={r.labelNameFr} />
          <Field form={form} name="label_name_en" label={r.labelNameEn} />
          <TypedField
            form={form}
            name="label_valid_months"
            label={r.validMonths}
            hint={r.validMonthsHint}
            type="text"
            size={4}
          />
        </fieldset>
        <p>
          <button type="submit">{r.save}</button> <a href={ctx.href(callPath)}>{r.back}</a>
        </p>
      </form>
    </Layout>
  );
}
