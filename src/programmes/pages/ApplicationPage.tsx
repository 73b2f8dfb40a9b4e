import { asset } from '../../web/assets.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { ApplicationPageData } from '../applicant.service.ts';
import { maySubmit } from '../applications.service.ts';
import type { FormField } from '../forms/definition.ts';
import { answersAsValues, controlId } from '../forms/form-data.ts';
import { AnswersView } from './AnswersView.tsx';
import { applicationPath, callPath, callText, StateBadge } from './common.tsx';
import { DecisionBlock } from './DecisionBlock.tsx';
import { type AttachedFile, type FieldValues, FormFields } from './FormFields.tsx';

const EDITABLE = new Set(['draft', 'correction_requested']);
const WITHDRAWABLE = new Set(['draft', 'submitted', 'under_review', 'correction_requested']);

/** what the page shows after a refused save or submission */
export type ApplicationForm = {
  values: FieldValues;
  errors: Record<string, string>;
  message?: string;
  /** another save came first: the fields whose stored answers differ from those sent */
  conflict?: { fields: string[]; version: number };
  moreRows?: Record<string, number>;
};

/** the label of an answer's path (`founders.2.name` → "Fondateurs, ligne 3 : Nom") */
export function pathLabel(ctx: PageContext, fields: readonly FormField[], path: string): string {
  const [key, row, sub] = path.split('.');
  const field = fields.find((f) => f.key === key);
  if (!field) return path;
  const top = field.label[ctx.locale];
  if (row === undefined || sub === undefined) return top;
  const inner = field.fields?.find((f) => f.key === sub);
  return `${ctx.t.programmes.pages.row(top, Number(row) + 1)} : ${inner?.label[ctx.locale] ?? sub}`;
}

function Deadline({ ctx, data, now }: { ctx: PageContext; data: ApplicationPageData; now: Date }) {
  const p = ctx.t.programmes.pages;
  const { call, application } = data;
  if (now <= call.closes_at) return <p>{p.deadline(ctx.fmt.dateTime(call.closes_at))}</p>;
  if (maySubmit(call, application.started_at, now))
    return <p className="notice">{p.inGrace(ctx.fmt.dateTime(call.grace_until))}</p>;
  return <p className="notice">{p.tooLate}</p>;
}

function ConflictNotice({
  ctx,
  data,
  conflict,
}: {
  ctx: PageContext;
  data: ApplicationPageData;
  conflict: NonNullable<ApplicationForm['conflict']>;
}) {
  const p = ctx.t.programmes.pages;
  const stored = answersAsValues(data.fields, data.application.answers);
  return (
    <div className="error-summary" role="alert" tabIndex={-1} id="conflict">
      <p>{p.conflict}</p>
      {conflict.fields.length > 0 && (
        <>
          <p>{p.conflictFields}</p>
          <dl>
            {conflict.fields.map((key) => {
              const field = data.fields.find((f) => f.key === key);
              const shown = Object.entries(stored)
                .filter(([name]) => name === `a.${key}` || name.startsWith(`a.${key}.`))
                .map(([, v]) => (Array.isArray(v) ? v.join(', ') : v));
              return (
                <div key={key}>
                  <dt>
                    <a href={`#${controlId(key)}`}>{field?.label[ctx.locale] ?? key}</a>
                  </dt>
                  <dd className="stored-answer">
                    {shown.length > 0 ? shown.join(' · ') : p.emptyAnswer}
                  </dd>
                </div>
              );
            })}
          </dl>
        </>
      )}
      <p>{p.conflictResolve}</p>
    </div>
  );
}

function Errors({
  ctx,
  fields,
  form,
}: {
  ctx: PageContext;
  fields: readonly FormField[];
  form: ApplicationForm;
}) {
  const entries = Object.entries(form.errors);
  if (entries.length === 0 && !form.message) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} id="error-summary">
      {form.message && <p>{form.message}</p>}
      {entries.length > 0 && (
        <>
          <p>{ctx.t.form.errorSummary}</p>
          <ul>
            {entries.map(([path, message]) => (
              <li key={path}>
                <a href={`#${controlId(path)}`}>
                  {pathLabel(ctx, fields, path)} : {message}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Editor({
  ctx,
  data,
  form,
  now,
}: {
  ctx: PageContext;
  data: ApplicationPageData;
  form: ApplicationForm;
  now: Date;
}) {
  const p = ctx.t.programmes.pages;
  const { application, fields } = data;
  const here = applicationPath(application.id);
  const correction = application.correction;
  const offered = (key: string) => correction === null || correction.fields.includes(key);
  const files = filesByField(data, ctx);
  const uploads = fields.filter((f) => f.type === 'file' && offered(f.key));
  const version = form.conflict?.version ?? application.version;
  return (
    <>
      {correction ? (
        <div className="notice" id="correction">
          <p>{p.correctionAsked}</p>
          <blockquote className="long-answer">{correction.note}</blockquote>
          <p>
            {p.correctionFields(
              ctx.fmt.list(correction.fields.map((k) => pathLabel(ctx, fields, k))),
            )}
          </p>
        </div>
      ) : (
        <Deadline ctx={ctx} data={data} now={now} />
      )}
      {form.conflict && <ConflictNotice ctx={ctx} data={data} conflict={form.conflict} />}
      <Errors ctx={ctx} fields={fields} form={form} />
      {/* the file questions' own forms, before the answers' form: a multipart body gives its
          fields in the page's order, and the token and the question must come before the file */}
      {uploads.map((f) => (
        <form
          key={f.key}
          id={`upload-${f.key}`}
          method="post"
          action={ctx.href(`${here}/fichiers`)}
          encType="multipart/form-data"
          hidden
        >
          <CsrfField ctx={ctx} />
          <input type="hidden" name="field" value={f.key} />
        </form>
      ))}
      {uploads.flatMap((f) => {
        const file = files[f.key];
        return file
          ? [
              <form
                key={f.key}
                id={`remove-${f.key}`}
                method="post"
                action={ctx.href(`${here}/fichiers/${file.id}/supprimer`)}
                hidden
              >
                <CsrfField ctx={ctx} />
              </form>,
            ]
          : [];
      })}
      <form
        method="post"
        action={ctx.href(here)}
        className="stack application-form"
        id="application-form"
        data-autosave="on"
        data-msg-saving={p.saving.saving}
        data-msg-saved={p.saving.saved('{time}')}
        data-msg-invalid={p.saving.invalid}
        data-msg-conflict={p.saving.conflict}
        data-msg-offline={p.saving.offline}
        noValidate
      >
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={version} />
        <FormFields
          ctx={ctx}
          fields={fields}
          values={form.values}
          errors={form.errors}
          offered={offered}
          files={files}
          uploadForm={(key) => `upload-${key}`}
          removeForm={(key) => `remove-${key}`}
          moreRows={form.moreRows}
        />
        <p id="save-status" className="hint" role="status" aria-live="polite">
          {p.lastSaved(ctx.fmt.dateTime(application.updated_at))}
        </p>
        <div className="actions">
          <button type="submit" name="intent" value="save" className="button secondary">
            {p.save}
          </button>{' '}
          <button type="submit" name="intent" value="submit" className="button">
            {p.submit}
          </button>
        </div>
      </form>
      <script src={asset('application.js')} defer />
    </>
  );
}

/** the file each file question holds (its answer names it), with the address to download it */
function filesByField(data: ApplicationPageData, ctx: PageContext) {
  const out: Record<string, AttachedFile> = {};
  const here = applicationPath(data.application.id);
  for (const f of data.files) {
    if (String(data.application.answers[f.field]) !== String(f.id)) continue;
    const href = ctx.href(`${here}/fichiers/${f.id}`);
    out[f.field] = { id: String(f.id), name: f.name, size: f.size, href };
  }
  return out;
}

/** the answers, read only, a file by its name and link */
function Answers({ ctx, data }: { ctx: PageContext; data: ApplicationPageData }) {
  const files = filesByField(data, ctx);
  const byId = new Map(Object.values(files).map((f) => [f.id, f]));
  return (
    <AnswersView
      fields={data.fields}
      answers={data.application.answers}
      locale={ctx.locale}
      highlight={data.application.correction?.fields ?? []}
      fileLink={(ref) => {
        const file = byId.get(ref);
        return file ? <a href={file.href}>{file.name}</a> : ref;
      }}
    />
  );
}

function History({ ctx, data }: { ctx: PageContext; data: ApplicationPageData }) {
  const p = ctx.t.programmes.pages;
  return (
    <ol className="history">
      {data.application.history.map((h) => (
        <li key={`${h.at.toISOString()}-${h.to_state}`}>
          <time dateTime={h.at.toISOString()}>{ctx.fmt.dateTime(h.at)}</time> —{' '}
          {p.states[h.to_state]}
          {h.actor_id && data.people.get(h.actor_id) ? ` · ${data.people.get(h.actor_id)}` : ''}
          {h.note ? ` : ${h.note}` : ''}
        </li>
      ))}
    </ol>
  );
}

/** An application: its form while it may be edited, its answers after, its history. */
export function ApplicationPage({
  ctx,
  data,
  form,
  now,
}: {
  ctx: PageContext;
  data: ApplicationPageData;
  form?: ApplicationForm;
  now: Date;
}) {
  const p = ctx.t.programmes.pages;
  const { application, call, organisation } = data;
  const title = callText(ctx, call).title;
  const editable = EDITABLE.has(application.state);
  const shownForm = form ?? {
    values: answersAsValues(data.fields, application.answers),
    errors: {},
  };
  return (
    <Layout
      ctx={ctx}
      title={`${p.applicationOf(organisation.name)} — ${title}`}
      breadcrumbs={[
        { label: p.myApplications, href: '/candidatures' },
        { label: `${organisation.name} — ${title}` },
      ]}
    >
      <h1>
        {title}
        {application.is_demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h1>
      <dl className="facts">
        <dt>{p.columns.organisation}</dt>
        <dd>
          <a href={ctx.href(`/annuaire/${organisation.slug}`)}>{organisation.name}</a>
        </dd>
        <dt>{p.columns.state}</dt>
        <dd>
          <StateBadge ctx={ctx} state={application.state} />
        </dd>
        {application.acknowledgement && (
          <>
            <dt>{p.columns.acknowledgement}</dt>
            <dd>
              <strong>{application.acknowledgement}</strong>
              {application.submitted_at && (
                <> — {p.submittedOn(ctx.fmt.dateTime(application.submitted_at))}</>
              )}
            </dd>
          </>
        )}
        <dt>{p.columns.call}</dt>
        <dd>
          <a href={ctx.href(callPath(call.slug))}>{title}</a>
        </dd>
      </dl>
      {data.decision && (
        <DecisionBlock ctx={ctx} applicationId={application.id} decision={data.decision} />
      )}
      {editable ? (
        <>
          <Editor ctx={ctx} data={data} form={shownForm} now={now} />
          {application.correction && (
            <>
              <h2>{p.otherAnswers}</h2>
              <Answers ctx={ctx} data={data} />
            </>
          )}
        </>
      ) : (
        <>
          <h2>{p.answers}</h2>
          <Answers ctx={ctx} data={data} />
        </>
      )}
      <h2>{p.history}</h2>
      <History ctx={ctx} data={data} />
      {application.state === 'accepted' && (
        // a laureate's accompaniment: its milestones (accompaniment.routes.ts)
        <p>
          <a href={ctx.href(`${applicationPath(application.id)}/accompagnement`)}>
            {ctx.t.programmes.accompaniment.link}
          </a>
        </p>
      )}
      {WITHDRAWABLE.has(application.state) && (
        <p>
          <a href={ctx.href(`${applicationPath(application.id)}/retirer`)}>{p.withdraw}</a>
        </p>
      )}
    </Layout>
  );
}

/** Asks before withdrawing: a withdrawn application cannot come back. */
export function WithdrawPage({ ctx, data }: { ctx: PageContext; data: ApplicationPageData }) {
  const p = ctx.t.programmes.pages;
  const title = callText(ctx, data.call).title;
  const here = applicationPath(data.application.id);
  return (
    <Layout
      ctx={ctx}
      title={p.withdrawTitle}
      breadcrumbs={[
        { label: p.myApplications, href: '/candidatures' },
        { label: `${data.organisation.name} — ${title}`, href: here },
        { label: p.withdrawTitle },
      ]}
    >
      <h1>{p.withdrawTitle}</h1>
      <p>{p.withdrawWarning(data.organisation.name, title)}</p>
      <form method="post" action={ctx.href(`${here}/retirer`)}>
        <CsrfField ctx={ctx} />
        <button type="submit" className="button danger">
          {p.withdrawConfirm}
        </button>{' '}
        <a href={ctx.href(here)}>{p.cancel}</a>
      </form>
    </Layout>
  );
}
