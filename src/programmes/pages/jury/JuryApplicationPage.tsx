import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, type FormState, TextArea } from '../../../web/forms.tsx';
import { localePath } from '../../../web/i18n/index.ts';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';
import type { ReviewRow } from '../../reviews.repository.ts';
import type { Workspace } from '../../reviews.service.ts';
import type { Criterion } from '../../rubric.ts';
import { AnswersView } from '../AnswersView.tsx';

/** a colon as each language writes it */
const colon = (ctx: PageContext) => (ctx.locale === 'fr' ? ' : ' : ': ');

/** one criterion's score: a whole number of its scale */
function ScoreInput({
  ctx,
  form,
  c,
  disabled,
}: {
  ctx: PageContext;
  form: FormState;
  c: Criterion;
  disabled: boolean;
}) {
  const r = ctx.t.programmes.reviews.review;
  const name = `scores.${c.key}`;
  const id = `field-${name}`;
  const error = form.errors[name];
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>
        {c.label[ctx.locale]}{' '}
        <span className="hint">
          ({r.scale(c.max)}, {r.weight(ctx.fmt.number(c.weight))})
        </span>
      </label>
      {error && (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input
        type="number"
        id={id}
        name={name}
        min={0}
        max={c.max}
        step={1}
        inputMode="numeric"
        defaultValue={form.values[name] ?? ''}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </div>
  );
}

/** the stored version, above the form, when a save came over it */
function Stored({
  ctx,
  review,
  rubric,
}: {
  ctx: PageContext;
  review: ReviewRow;
  rubric: Criterion[];
}) {
  const r = ctx.t.programmes.reviews.review;
  return (
    <div className="notice review-stored" role="note">
      <h3>{r.storedTitle}</h3>
      <p>{r.stale(review.version)}</p>
      <ul>
        {review.abstain ? (
          <li>{r.abstained}</li>
        ) : (
          rubric.map((c) => (
            <li key={c.key}>
              {c.label[ctx.locale]}
              {colon(ctx)}
              {review.scores[c.key] ?? '—'}
            </li>
          ))
        )}
      </ul>
      <p className="long-answer">
        {r.commentJury}
        {colon(ctx)}
        {review.comment_jury}
      </p>
      <p className="long-answer">
        {r.commentApplicant}
        {colon(ctx)}
        {review.comment_applicant}
      </p>
    </div>
  );
}

function ReviewForm({
  ctx,
  data,
  form,
  stale,
}: {
  ctx: PageContext;
  data: Workspace;
  form: FormState;
  stale: ReviewRow | null;
}) {
  const r = ctx.t.programmes.reviews.review;
  const closed = data.closed;
  const submitted = data.review?.submitted_at;
  return (
    <section aria-labelledby="my-review">
      <h2 id="my-review">{r.form}</h2>
      {stale && <Stored ctx={ctx} review={stale} rubric={data.rubric} />}
      {submitted && <p>{r.submittedOn(ctx.fmt.dateTime(submitted))}</p>}
      {data.review?.result !== null && data.review?.result !== undefined && (
        <p>
          {r.result}
          {colon(ctx)}
          {ctx.fmt.number(data.review.result)}
        </p>
      )}
      {closed && <p className="notice">{r.closed}</p>}
      {data.rubric.length === 0 && <p className="notice">{r.noRubric}</p>}
      <form
        method="post"
        action={ctx.href(`/jury/candidatures/${data.application.id}`)}
        className="stack"
        noValidate
      >
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={form.values.version ?? '0'} />
        <fieldset className="stack" id="field-scores">
          <legend>{r.scoresLegend}</legend>
          <p className="hint">{r.scoresHint}</p>
          {form.errors.scores && <p className="error">{form.errors.scores}</p>}
          {data.rubric.map((c) => (
            <ScoreInput key={c.key} ctx={ctx} form={form} c={c} disabled={closed} />
          ))}
        </fieldset>
        <div className="field">
          <input
            type="checkbox"
            id="field-abstain"
            name="abstain"
            value="1"
            defaultChecked={form.values.abstain === '1'}
            disabled={closed}
          />{' '}
          <label htmlFor="field-abstain">{r.abstain}</label>
        </div>
        <TextArea form={form} name="comment_jury" label={r.commentJury} hint={r.commentJuryHint} />
        <TextArea
          form={form}
          name="comment_applicant"
          label={r.commentApplicant}
          hint={r.commentApplicantHint}
        />
        {!closed && (
          <p className="actions">
            {!submitted && (
              <button type="submit" name="intent" value="save" className="secondary">
                {r.save}
              </button>
            )}{' '}
            <button type="submit" name="intent" value="submit">
              {submitted ? r.resubmit : r.submit}
            </button>
          </p>
        )}
      </form>
    </section>
  );
}

function Others({ ctx, data }: { ctx: PageContext; data: Workspace }) {
  const r = ctx.t.programmes.reviews.review;
  return (
    <section aria-labelledby="others">
      <h2 id="others">{r.others}</h2>
      {data.hidden ? (
        <p>{r.othersHidden}</p>
      ) : data.others.length === 0 ? (
        <p>{r.othersNone}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption>{r.othersCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{r.colReviewer}</th>
                {data.rubric.map((c) => (
                  <th scope="col" key={c.key}>
                    {c.label[ctx.locale]}
                  </th>
                ))}
                <th scope="col">{r.colResult}</th>
                <th scope="col">{r.colComment}</th>
              </tr>
            </thead>
            <tbody>
              {data.others.map((o) => (
                <tr key={o.assignmentId}>
                  <th scope="row">{o.reviewer || r.unknown}</th>
                  {data.rubric.map((c) => (
                    <td key={c.key}>{o.abstain ? '—' : (o.scores[c.key] ?? '—')}</td>
                  ))}
                  <td>
                    {o.abstain ? r.abstained : o.result === null ? '—' : ctx.fmt.number(o.result)}
                  </td>
                  <td className="long-answer">{o.commentJury}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Discussion({ ctx, data, post }: { ctx: PageContext; data: Workspace; post: FormState }) {
  const r = ctx.t.programmes.reviews.review;
  return (
    <section aria-labelledby="discussion">
      <h2 id="discussion">{r.discussion}</h2>
      <p className="hint">{r.discussionHint}</p>
      {data.posts.length === 0 ? (
        <p>{r.discussionNone}</p>
      ) : (
        <ol className="discussion">
          {data.posts.map((p) => (
            <li key={p.id}>
              <p className="discussion-meta">
                <strong>{p.author_name ?? r.unknown}</strong> — {ctx.fmt.dateTime(p.created_at)}
              </p>
              <p className="long-answer">{p.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form
        method="post"
        action={ctx.href(`/jury/candidatures/${data.application.id}/discussion`)}
        className="stack"
      >
        <CsrfField ctx={ctx} />
        <TextArea form={post} name="message" label={r.message} rows={4} />
        <button type="submit">{r.post}</button>
      </form>
    </section>
  );
}

/** One application as its jury reads it: answers, my review, the others', the discussion. */
export function JuryApplicationPage({
  ctx,
  data,
  form,
  post,
  stale = null,
}: {
  ctx: PageContext;
  data: Workspace;
  form: FormState;
  post: FormState;
  /** the stored review, when a save came over another version */
  stale?: ReviewRow | null;
}) {
  const { t, locale } = ctx;
  const r = t.programmes.reviews.review;
  const a = data.application;
  const title = r.title(a.acknowledgement ?? `n° ${a.id}`);
  const callTitle = locale === 'en' ? data.call.title_en : data.call.title_fr;
  const path = `/jury/candidatures/${a.id}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      alternates={{ fr: localePath('fr', path), en: localePath('en', path) }}
      breadcrumbs={[{ label: t.programmes.reviews.jury.title, href: '/jury' }, { label: title }]}
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
      <ErrorSummary ctx={ctx} form={{ ...form, errors: { ...form.errors, ...post.errors } }} />
      <dl className="facts">
        <dt>{r.call}</dt>
        <dd>{callTitle}</dd>
        <dt>{r.organisation}</dt>
        <dd>{data.organisation.name}</dd>
        <dt>{t.programmes.review.detail.state}</dt>
        <dd>{t.programmes.review.states[a.state]}</dd>
      </dl>
      <h2>{r.answers}</h2>
      <AnswersView
        fields={data.fields}
        answers={a.answers}
        locale={locale}
        fileLink={(ref) => data.files.get(ref) ?? ref}
      />
      {data.assignment ? (
        <ReviewForm ctx={ctx} data={data} form={form} stale={stale} />
      ) : (
        <p className="notice">{r.notMine}</p>
      )}
      <Others ctx={ctx} data={data} />
      <Discussion ctx={ctx} data={data} post={post} />
      <p>
        <a href={ctx.href('/jury')}>{r.back}</a>
      </p>
    </Layout>
  );
}
