import { KINDS } from '../../directory/directory.schema.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { MilestoneRow, ObjectiveRow } from '../observatory.repository.ts';
import { MEASURES, MILESTONE_STATUSES, PRECISIONS, SCOPES } from '../observatory.schema.ts';
import type { ObservatoryState } from './parts.tsx';
import { dueText } from './RoadmapPage.tsx';

function adminCrumbs(ctx: PageContext, label?: string) {
  const o = ctx.t.observatory;
  return [
    { label: ctx.t.nav.home, href: '/' },
    { label: ctx.t.admin.title, href: '/admin' },
    ...(label
      ? [{ label: o.adminTitle, href: '/admin/observatoire' }, { label }]
      : [{ label: o.adminTitle }]),
  ];
}

export function AdminObservatoryPage({
  ctx,
  state,
  objectives,
  milestones,
}: {
  ctx: PageContext;
  state: ObservatoryState;
  objectives: ObjectiveRow[];
  milestones: MilestoneRow[];
}) {
  const o = ctx.t.observatory;
  const fr = ctx.locale === 'fr';
  return (
    <Layout ctx={ctx} title={o.adminTitle} breadcrumbs={adminCrumbs(ctx)}>
      <h1>{o.adminTitle}</h1>
      <p>{o.adminIntro}</p>
      {state.computedAt && (
        <p>{o.lastRun(ctx.fmt.dateTime(state.computedAt), (state.seconds ?? 0).toFixed(2))}</p>
      )}
      {state.failure && <p className="error">{o.lastFailure(state.failure)}</p>}
      {state.running && <p>{o.computing}</p>}
      <form method="post" action={ctx.href('/admin/observatoire/recalculer')}>
        <CsrfField ctx={ctx} />
        <button type="submit">{o.recompute}</button>
      </form>

      <h2>{o.objectivesTitle}</h2>
      <ul>
        {objectives.map((item) => (
          <li key={item.id}>
            <a href={ctx.href(`/admin/observatoire/objectifs/${item.id}`)}>
              {fr ? item.title_fr : item.title_en}
            </a>{' '}
            — {o.deadline(ctx.fmt.date(item.deadline))} —{' '}
            <a href={ctx.href(`/admin/observatoire/objectifs/${item.id}/supprimer`)}>
              {o.delete}
              <span className="visually-hidden"> {fr ? item.title_fr : item.title_en}</span>
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a className="button" href={ctx.href('/admin/observatoire/objectifs/nouveau')}>
          {o.newObjective}
        </a>
      </p>

      <h2>{o.roadmap}</h2>
      <ul>
        {milestones.map((m) => (
          <li key={m.id}>
            <a href={ctx.href(`/admin/observatoire/jalons/${m.id}`)}>
              {fr ? m.title_fr : m.title_en}
            </a>{' '}
            — {dueText(ctx, m)} — {o.milestoneStatus[m.status]} —{' '}
            <a href={ctx.href(`/admin/observatoire/jalons/${m.id}/supprimer`)}>
              {o.delete}
              <span className="visually-hidden"> {fr ? m.title_fr : m.title_en}</span>
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a className="button" href={ctx.href('/admin/observatoire/jalons/nouveau')}>
          {o.newMilestone}
        </a>
      </p>
    </Layout>
  );
}

function Choice({
  form,
  name,
  legend,
  options,
  multiple,
  hint,
}: {
  form: FormState & { lists?: Record<string, string[]> };
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  multiple?: boolean;
  hint?: string;
}) {
  const error = form.errors[name];
  const chosen = multiple ? (form.lists?.[name] ?? []) : [form.values[name] ?? ''];
  const describedBy =
    [hint ? `field-${name}-hint` : null, error ? `field-${name}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <fieldset
      className={error ? 'field field-error' : 'field'}
      id={`field-${name}`}
      aria-describedby={describedBy}
    >
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={`field-${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error" id={`field-${name}-error`}>
          {error}
        </p>
      )}
      {options.map((opt) => (
        <label key={opt.value} className="choice">
          <input
            type={multiple ? 'checkbox' : 'radio'}
            name={name}
            value={opt.value}
            defaultChecked={chosen.includes(opt.value)}
          />{' '}
          {opt.label}
        </label>
      ))}
    </fieldset>
  );
}

export type ObjectiveForm = FormState & { lists: Record<string, string[]> };

export function ObjectiveFormPage({
  ctx,
  id,
  form,
  fields,
}: {
  ctx: PageContext;
  id: number | null;
  form: ObjectiveForm;
  fields: { slug: string; name: string }[];
}) {
  const o = ctx.t.observatory;
  const f = o.fields;
  const title = id === null ? o.newObjective : o.editObjective;
  const kinds = ctx.t.directory.kinds as Record<string, string>;
  const action =
    id === null ? '/admin/observatoire/objectifs/nouveau' : `/admin/observatoire/objectifs/${id}`;
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={adminCrumbs(ctx, title)}>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href(action)} className="stack" noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="title_fr" label={f.title_fr} required />
        <Field form={form} name="title_en" label={f.title_en} required />
        <Choice
          form={form}
          name="scope"
          legend={f.scope}
          options={SCOPES.map((s) => ({ value: s, label: o.scopes[s] }))}
        />
        <Choice
          form={form}
          name="fields"
          legend={f.fields}
          hint={f.fieldsHint}
          multiple
          options={fields.map((x) => ({ value: x.slug, label: x.name }))}
        />
        <Choice
          form={form}
          name="kinds"
          legend={f.kinds}
          hint={f.kindsHint}
          multiple
          options={KINDS.map((k) => ({ value: k, label: kinds[k] ?? k }))}
        />
        <Choice
          form={form}
          name="measure"
          legend={f.measure}
          options={MEASURES.map((m) => ({ value: m, label: o.measures[m] }))}
        />
        <Field form={form} name="min_employees" label={f.min_employees} hint={f.minHint} required />
        <Field form={form} name="max_employees" label={f.max_employees} hint={f.maxHint} />
        <Field
          form={form}
          name="created_on_or_after"
          label={f.created_on_or_after}
          hint={f.createdHint}
        />
        <div className="field">
          <label className="choice">
            <input
              type="checkbox"
              name="active_only"
              defaultChecked={form.values.active_only === 'on'}
            />{' '}
            {f.active_only}
          </label>
        </div>
        <Field form={form} name="target" label={f.target} required />
        <Field form={form} name="deadline" label={f.deadline} required />
        <button type="submit">{o.save}</button>
      </form>
    </Layout>
  );
}

export function MilestoneFormPage({
  ctx,
  id,
  form,
}: {
  ctx: PageContext;
  id: number | null;
  form: FormState;
}) {
  const o = ctx.t.observatory;
  const f = o.fields;
  const title = id === null ? o.newMilestone : o.editMilestone;
  const action =
    id === null ? '/admin/observatoire/jalons/nouveau' : `/admin/observatoire/jalons/${id}`;
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={adminCrumbs(ctx, title)}>
      <h1>{title}</h1>
      <p className="hint">{o.statusExplain}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href(action)} className="stack" noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="title_fr" label={f.title_fr} required />
        <Field form={form} name="title_en" label={f.title_en} required />
        <TextArea form={form} name="description_fr" label={f.description_fr} rows={3} />
        <TextArea form={form} name="description_en" label={f.description_en} rows={3} />
        <Field form={form} name="due_on" label={f.due_on} required />
        <Choice
          form={form}
          name="precision"
          legend={f.precision}
          options={PRECISIONS.map((p) => ({ value: p, label: o.precisions[p] }))}
        />
        <Choice
          form={form}
          name="status"
          legend={f.status}
          options={MILESTONE_STATUSES.map((s) => ({ value: s, label: o.milestoneStatus[s] }))}
        />
        <TextArea
          form={form}
          name="evidence"
          label={f.evidenceField}
          hint={f.evidenceHint}
          rows={4}
          mono
        />
        <TextArea form={form} name="note_fr" label={f.note_fr} rows={2} />
        <TextArea form={form} name="note_en" label={f.note_en} rows={2} />
        <button type="submit">{o.save}</button>
      </form>
    </Layout>
  );
}

export type DeleteTarget =
  | { kind: 'objective'; id: number; title: string; computed: boolean; members: number }
  | { kind: 'milestone'; id: number; title: string };

/** Says what deleting takes away, and asks to confirm with a form that posts (no script). */
export function DeleteConfirmPage({ ctx, target }: { ctx: PageContext; target: DeleteTarget }) {
  const o = ctx.t.observatory;
  const objective = target.kind === 'objective';
  const title = objective ? o.deleteObjectiveTitle : o.deleteMilestoneTitle;
  const base = objective ? '/admin/observatoire/objectifs' : '/admin/observatoire/jalons';
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={adminCrumbs(ctx, title)}>
      <h1>{title}</h1>
      {target.kind === 'objective' ? (
        <>
          <p>{o.deleteObjectiveWhat(target.title)}</p>
          <ul>
            <li>{o.deleteObjectiveRule}</li>
            {target.computed && <li>{o.deleteObjectiveResult}</li>}
            <li>{o.deleteObjectiveMembers(target.members, ctx.fmt.number(target.members))}</li>
          </ul>
          <p>{o.deleteObjectiveWhere}</p>
        </>
      ) : (
        <p>{o.deleteMilestoneWhat(target.title)}</p>
      )}
      <p>
        <strong>{o.deleteFinal}</strong>
      </p>
      <form method="post" action={ctx.href(`${base}/${target.id}/supprimer`)} className="stack">
        <CsrfField ctx={ctx} />
        <p>
          <button type="submit">{o.deleteConfirm}</button>{' '}
          <a href={ctx.href('/admin/observatoire')}>{o.cancel}</a>
        </p>
      </form>
    </Layout>
  );
}
