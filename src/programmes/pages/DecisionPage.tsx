import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, type FormState, TextArea } from '../../web/forms.tsx';
import { localePath } from '../../web/i18n/index.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { DecisionsService } from '../decisions.service.ts';
import { resultText } from './RankingPage.tsx';

export type DecisionData = Awaited<ReturnType<DecisionsService['decisionPage']>>;

function Reviews({ ctx, data }: { ctx: PageContext; data: DecisionData }) {
  const d = ctx.t.programmes.decisions.decide;
  if (data.reviews.length === 0) return <p>{d.noReviews}</p>;
  return (
    <>
      {data.line && (
        <p>{d.summary(resultText(ctx, data.line.mean), resultText(ctx, data.line.spread))}</p>
      )}
      <div className="table-scroll">
        <table className="table">
          <caption>{d.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{d.reviewer}</th>
              <th scope="col">{d.result}</th>
              <th scope="col">{d.submitted}</th>
              <th scope="col">{d.commentJury}</th>
              <th scope="col">{d.commentApplicant}</th>
            </tr>
          </thead>
          <tbody>
            {data.reviews.map((r) => (
              <tr key={r.assignment_id}>
                <th scope="row">{r.reviewer_name}</th>
                <td>
                  {r.submitted_at === null
                    ? d.notSubmitted
                    : r.abstain
                      ? d.abstained
                      : resultText(ctx, r.result)}
                </td>
                <td>{r.submitted_at ? ctx.fmt.dateTime(r.submitted_at) : '—'}</td>
                <td className="long-answer">{r.submitted_at ? r.comment_jury : ''}</td>
                <td className="long-answer">{r.submitted_at ? r.comment_applicant : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function DecisionForm({
  ctx,
  data,
  form,
}: {
  ctx: PageContext;
  data: DecisionData;
  form: FormState;
}) {
  const t = ctx.t.programmes.decisions;
  const d = t.decide;
  const error = form.errors.decision;
  return (
    <form
      method="post"
      action={ctx.href(`/admin/programmes/candidatures/${data.application.id}/decision`)}
      className="stack"
    >
      <h2>{d.form}</h2>
      <CsrfField ctx={ctx} />
      <p className="hint">{d.stateHint}</p>
      <fieldset
        className={error ? 'field field-error' : 'field'}
        id="field-decision"
        aria-describedby={error ? 'field-decision-error' : undefined}
      >
        <legend>{d.outcome}</legend>
        {error && (
          <p className="error" id="field-decision-error">
            {error}
          </p>
        )}
        {(['accepted', 'refused'] as const).map((o) => (
          <label key={o} className="choice">
            <input
              type="radio"
              name="decision"
              value={o}
              defaultChecked={form.values.decision === o}
            />{' '}
            {t.outcomes[o]}
          </label>
        ))}
      </fieldset>
      <TextArea form={form} name="reasons" label={d.reasons} hint={d.reasonsHint} rows={6} />
      <button type="submit">{d.submit}</button>
    </form>
  );
}

function Taken({ ctx, data }: { ctx: PageContext; data: DecisionData }) {
  const t = ctx.t.programmes.decisions;
  const d = t.decide;
  const { decision, label } = data;
  if (!decision) return null;
  return (
    <section aria-labelledby="decision-taken" className="notice">
      <h2 id="decision-taken">{d.outcome}</h2>
      <p>
        {d.taken(t.outcomes[decision.decision], ctx.fmt.dateTime(decision.decided_at))}
        {decision.decider && <> {d.decidedBy(decision.decider)}</>}
      </p>
      <p className="long-answer">{decision.reasons}</p>
      {label && <p>{d.label(ctx.locale === 'en' ? label.name_en : label.name_fr)}</p>}
      {decision.letter_stored_name && (
        <p>
          <a href={ctx.href(`/candidatures/${data.application.id}/lettre.pdf`)}>{d.letter}</a>
        </p>
      )}
    </section>
  );
}

/** The staff's decision on an application: the jury's reviews, then the form or the decision. */
export function DecisionPage({
  ctx,
  data,
  form,
}: {
  ctx: PageContext;
  data: DecisionData;
  form: FormState;
}) {
  const { t, locale } = ctx;
  const d = t.programmes.decisions.decide;
  const { application: a, call, organisation } = data;
  const title = d.title(a.acknowledgement ?? t.programmes.review.detail.draftLabel(Number(a.id)));
  const callTitle = locale === 'en' ? call.title_en : call.title_fr;
  const page = `/admin/programmes/candidatures/${a.id}`;
  const decidable = a.state === 'submitted' || a.state === 'under_review';
  return (
    <Layout
      ctx={ctx}
      title={title}
      alternates={{
        fr: localePath('fr', `${page}/decision`),
        en: localePath('en', `${page}/decision`),
      }}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: t.programmes.admin.title, href: '/admin/programmes' },
        {
          label: t.programmes.review.list.title(callTitle),
          href: `/admin/programmes/appels/${call.id}/candidatures`,
        },
        { label: title },
      ]}
    >
      <h1>
        {title}
        {a.is_demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h1>
      <ErrorSummary ctx={ctx} form={form} />
      <dl className="facts">
        <dt>{t.programmes.review.detail.organisation}</dt>
        <dd>{organisation.name}</dd>
        <dt>{t.programmes.review.detail.state}</dt>
        <dd>{t.programmes.review.states[a.state]}</dd>
      </dl>
      <h2>{d.reviews}</h2>
      <Reviews ctx={ctx} data={data} />
      <Taken ctx={ctx} data={data} />
      {!data.decision && decidable && <DecisionForm ctx={ctx} data={data} form={form} />}
      {!data.decision && !decidable && <p>{d.notDecidable}</p>}
      <ul className="links">
        <li>
          <a href={ctx.href(page)}>{d.application}</a>
        </li>
        <li>
          <a href={ctx.href(`/admin/programmes/appels/${call.id}/classement`)}>{d.ranking}</a>
        </li>
      </ul>
    </Layout>
  );
}
