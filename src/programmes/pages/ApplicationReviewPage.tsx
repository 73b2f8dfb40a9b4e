import { formatSiren } from '../../sirene/identifiers.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, type FormState, TextArea } from '../../web/forms.tsx';
import { localePath } from '../../web/i18n/index.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { ApplicationRow } from '../applications.repository.ts';
import type { Correction } from '../applications.service.ts';
import type { FormField } from '../forms/definition.ts';
import type { CallRow } from '../programmes.repository.ts';
import type { NamedHistoryRow } from '../review.repository.ts';
import { AnswersView } from './AnswersView.tsx';

export type ReviewData = {
  application: ApplicationRow & { correction: Correction | null };
  call: CallRow;
  fields: FormField[];
  organisation: { name: string; slug: string; siren: string | null; is_demo: boolean };
  history: NamedHistoryRow[];
  /** the names of the files attached, by their id as a file answer names them */
  files: Map<string, string>;
  /** assignments with a conflict found since they were made (juries) */
  flaggedAssignments?: number;
};

/** the correction form: what was chosen comes back with the messages */
export type CorrectionForm = FormState & { chosen: string[] };

function History({ ctx, history }: { ctx: PageContext; history: NamedHistoryRow[] }) {
  const r = ctx.t.programmes.review;
  const d = r.detail;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{d.when}</th>
            <th scope="col">{d.from}</th>
            <th scope="col">{d.to}</th>
            <th scope="col">{d.who}</th>
            <th scope="col">{d.note}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={`${h.at.toISOString()}-${h.to_state}`}>
              <td>{ctx.fmt.dateTime(h.at)}</td>
              <td>{h.from_state ? r.states[h.from_state] : d.start}</td>
              <td>{r.states[h.to_state]}</td>
              <td>{h.actor_name ?? d.nobody}</td>
              <td className="long-answer">{h.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CorrectionFormView({
  ctx,
  data,
  form,
}: {
  ctx: PageContext;
  data: ReviewData;
  form: CorrectionForm;
}) {
  const d = ctx.t.programmes.review.detail;
  const error = form.errors.fields;
  const describedBy = ['field-fields-hint', error ? 'field-fields-error' : null]
    .filter(Boolean)
    .join(' ');
  return (
    <form
      method="post"
      action={ctx.href(`/admin/programmes/candidatures/${data.application.id}/correction`)}
      className="stack"
    >
      <h3>{d.correction}</h3>
      <CsrfField ctx={ctx} />
      <fieldset
        className={error ? 'field field-error' : 'field'}
        id="field-fields"
        aria-describedby={describedBy}
      >
        <legend>{d.fields}</legend>
        <p className="hint" id="field-fields-hint">
          {d.fieldsHint}
        </p>
        {error && (
          <p className="error" id="field-fields-error">
            {error}
          </p>
        )}
        {data.fields.map((f) => (
          <label key={f.key} className="choice">
            <input
              type="checkbox"
              name="fields"
              value={f.key}
              defaultChecked={form.chosen.includes(f.key)}
            />{' '}
            {f.label[ctx.locale]}
          </label>
        ))}
      </fieldset>
      <TextArea form={form} name="note" label={d.message} hint={d.messageHint} rows={6} />
      <button type="submit">{d.send}</button>
    </form>
  );
}

function Actions({
  ctx,
  data,
  form,
}: {
  ctx: PageContext;
  data: ReviewData;
  form: CorrectionForm;
}) {
  const d = ctx.t.programmes.review.detail;
  const { state, id } = data.application;
  const canCorrect = state === 'submitted' || state === 'under_review';
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">{d.actions}</h2>
      {state === 'submitted' && (
        <form method="post" action={ctx.href(`/admin/programmes/candidatures/${id}/examen`)}>
          <CsrfField ctx={ctx} />
          <p className="hint" id="review-hint">
            {d.reviewHint}
          </p>
          <button type="submit" aria-describedby="review-hint">
            {d.review}
          </button>
        </form>
      )}
      {canCorrect && <CorrectionFormView ctx={ctx} data={data} form={form} />}
      {!canCorrect && <p>{d.noAction}</p>}
    </section>
  );
}

/** One application as staff see it: its facts, answers, history, and what they may do with it. */
export function ApplicationReviewPage({
  ctx,
  data,
  form,
}: {
  ctx: PageContext;
  data: ReviewData;
  form: CorrectionForm;
}) {
  const { t, fmt, locale } = ctx;
  const r = t.programmes.review;
  const d = r.detail;
  const { application: a, call, organisation } = data;
  const title = d.title(a.acknowledgement ?? d.draftLabel(Number(a.id)));
  const callTitle = locale === 'en' ? call.title_en : call.title_fr;
  const correction = a.correction;
  const labelOf = (key: string) => data.fields.find((f) => f.key === key)?.label[locale] ?? key;
  return (
    <Layout
      ctx={ctx}
      title={title}
      // the page itself, also when it answers a form posted to its action
      alternates={{
        fr: localePath('fr', `/admin/programmes/candidatures/${a.id}`),
        en: localePath('en', `/admin/programmes/candidatures/${a.id}`),
      }}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: t.programmes.admin.title, href: '/admin/programmes' },
        {
          label: r.list.title(callTitle),
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
        <dt>{d.call}</dt>
        <dd>{callTitle}</dd>
        <dt>{d.organisation}</dt>
        <dd>
          <a href={ctx.href(`/annuaire/${organisation.slug}`)}>{organisation.name}</a>
        </dd>
        <dt>{d.siren}</dt>
        <dd>{organisation.siren ? formatSiren(organisation.siren) : '—'}</dd>
        <dt>{d.state}</dt>
        <dd>{r.states[a.state]}</dd>
        <dt>{d.acknowledgement}</dt>
        <dd>{a.acknowledgement ?? '—'}</dd>
        <dt>{d.started}</dt>
        <dd>{fmt.dateTime(a.started_at)}</dd>
        <dt>{d.submitted}</dt>
        <dd>{a.submitted_at ? fmt.dateTime(a.submitted_at) : '—'}</dd>
        <dt>{d.formVersion}</dt>
        <dd>{a.form_version}</dd>
      </dl>
      {correction && (
        <div className="notice" role="note">
          <p>
            {d.pending} {fmt.list(correction.fields.map(labelOf))}
          </p>
          <p className="long-answer">{correction.note}</p>
        </div>
      )}
      <h2>{d.answers}</h2>
      <AnswersView
        fields={data.fields}
        answers={a.answers}
        locale={locale}
        highlight={correction?.fields ?? []}
        fileLink={(ref) => {
          const name = data.files.get(ref);
          return name ? (
            <a href={ctx.href(`/candidatures/${a.id}/fichiers/${ref}`)}>{name}</a>
          ) : (
            ref
          );
        }}
      />
      <h2>{d.history}</h2>
      <History ctx={ctx} history={data.history} />
      {/* jury and log: links of the juries' part (others add theirs to this block) */}
      {(data.flaggedAssignments ?? 0) > 0 && (
        <p className="error">
          {t.programmes.juries.jury.flaggedCount(data.flaggedAssignments ?? 0)}
        </p>
      )}
      <nav className="review-links" aria-label={t.programmes.juries.journal.links}>
        <ul>
          <li>
            <a href={ctx.href(`/admin/programmes/appels/${call.id}/jury#candidature-${a.id}`)}>
              {t.programmes.juries.jury.link}
            </a>
          </li>
          <li>
            <a href={ctx.href(`/admin/programmes/candidatures/${a.id}/journal`)}>
              {t.programmes.juries.journal.link}
            </a>
          </li>
        </ul>
      </nav>
      <Actions ctx={ctx} data={data} form={form} />
      {/* the jury's outcome (decisions.routes.ts) */}
      <ul className="links" aria-label={t.programmes.decisions.staff.heading}>
        <li>
          <a href={ctx.href(`/admin/programmes/candidatures/${a.id}/decision`)}>
            {t.programmes.decisions.staff.decide}
          </a>
        </li>
        <li>
          <a href={ctx.href(`/admin/programmes/appels/${call.id}/classement`)}>
            {t.programmes.decisions.staff.ranking}
          </a>
        </li>
      </ul>
      {a.state === 'accepted' && (
        // a laureate's accompaniment: its milestones (accompaniment.routes.ts)
        <p>
          <a href={ctx.href(`/admin/programmes/candidatures/${a.id}/accompagnement`)}>
            {t.programmes.accompaniment.link}
          </a>
        </p>
      )}
      <p>
        <a href={ctx.href(`/admin/programmes/appels/${call.id}/candidatures`)}>{d.back}</a>
      </p>
    </Layout>
  );
}
