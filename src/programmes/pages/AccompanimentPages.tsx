import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { Accompaniment, LateMilestoneRow, Milestone } from '../accompaniment.service.ts';

function StatusCell({ ctx, m }: { ctx: PageContext; m: Milestone }) {
  const a = ctx.t.programmes.accompaniment;
  const status = m.late ? 'late' : m.status;
  return (
    <>
      <span className={`milestone-status milestone-${status}`}>{a.status[status]}</span>
      {m.done_at && <span className="hint"> ({a.doneOn(ctx.fmt.date(m.done_at))})</span>}
    </>
  );
}

/** staff's actions on one milestone: done or reopened, and a new due date */
function MilestoneActions({ ctx, m }: { ctx: PageContext; m: Milestone }) {
  const a = ctx.t.programmes.accompaniment;
  const action = ctx.href(`/admin/programmes/jalons/${m.id}`);
  return (
    <div className="milestone-actions">
      <form method="post" action={action}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value={m.status === 'done' ? 'reopen' : 'done'} />
        <button type="submit" className="button secondary">
          {m.status === 'done' ? a.reopen : a.markDone}
        </button>
      </form>
      <form method="post" action={action}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value="due" />
        <label htmlFor={`due-${m.id}`}>{a.newDue}</label>{' '}
        <input id={`due-${m.id}`} name="due_on" type="date" defaultValue={m.due_on} required />{' '}
        <button type="submit" className="button secondary">
          {a.changeDue}
        </button>
      </form>
    </div>
  );
}

function MilestonesTable({
  ctx,
  milestones,
  staff,
}: {
  ctx: PageContext;
  milestones: Milestone[];
  staff: boolean;
}) {
  const a = ctx.t.programmes.accompaniment;
  if (milestones.length === 0) return <p>{a.none}</p>;
  return (
    <div className="table-scroll">
      <table className="table milestones">
        <caption>{a.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{a.colTitle}</th>
            <th scope="col">{a.colDue}</th>
            <th scope="col">{a.colStatus}</th>
            {staff && <th scope="col">{a.colActions}</th>}
          </tr>
        </thead>
        <tbody>
          {milestones.map((m) => (
            <tr key={m.id} className={m.late ? 'milestone-row-late' : undefined}>
              <th scope="row">
                {m.title} {m.is_demo && <DemoBadge ctx={ctx} />}
                {m.description && <p className="hint">{m.description}</p>}
              </th>
              <td>
                <time dateTime={m.due_on}>{ctx.fmt.date(m.due_on)}</time>
              </td>
              <td>
                <StatusCell ctx={ctx} m={m} />
              </td>
              {staff && (
                <td>
                  <MilestoneActions ctx={ctx} m={m} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A laureate's accompaniment: its milestones, late ones marked. Staff (at /admin/…) add
 * milestones, mark them done or reopen them and move their due dates; members read.
 */
export function AccompanimentPage({
  ctx,
  data,
  staff,
  form,
}: {
  ctx: PageContext;
  data: Accompaniment;
  staff: boolean;
  form: FormState;
}) {
  const a = ctx.t.programmes.accompaniment;
  const { laureate } = data;
  const call = ctx.locale === 'en' ? laureate.call_title_en : laureate.call_title_fr;
  const applicationPath = staff
    ? `/admin/programmes/candidatures/${laureate.id}`
    : `/candidatures/${laureate.id}`;
  const title = `${a.title} — ${laureate.organisation_name}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        ...(staff
          ? [
              { label: ctx.t.nav.admin, href: '/admin' },
              { label: ctx.t.programmes.admin.title, href: '/admin/programmes' },
            ]
          : [{ label: ctx.t.programmes.pages.myApplications, href: '/candidatures' }]),
        { label: laureate.acknowledgement ?? String(laureate.id), href: applicationPath },
        { label: a.title },
      ]}
    >
      <h1>
        {title} {laureate.is_demo && <DemoBadge ctx={ctx} />}
      </h1>
      <p>
        {a.intro} {call}
      </p>
      <MilestonesTable ctx={ctx} milestones={data.milestones} staff={staff} />
      {staff && (
        <section aria-labelledby="add-milestone">
          <h2 id="add-milestone">{a.add}</h2>
          <form
            method="post"
            action={ctx.href(`/admin/programmes/candidatures/${laureate.id}/accompagnement`)}
            className="stack"
          >
            <CsrfField ctx={ctx} />
            <ErrorSummary ctx={ctx} form={form} />
            <Field form={form} name="title" label={a.fieldTitle} required />
            <TextArea form={form} name="description" label={a.fieldDescription} rows={3} />
            <Field form={form} name="due_on" label={a.fieldDue} type="date" required />
            <p>
              <button type="submit" className="button">
                {a.save}
              </button>
            </p>
          </form>
        </section>
      )}
      <p>
        <a href={ctx.href(applicationPath)}>{a.back}</a>
      </p>
    </Layout>
  );
}

/** Staff's list of the late milestones of every laureate. */
export function LateMilestonesPage({
  ctx,
  rows,
  count,
}: {
  ctx: PageContext;
  rows: LateMilestoneRow[];
  count: number;
}) {
  const a = ctx.t.programmes.accompaniment;
  return (
    <Layout
      ctx={ctx}
      title={a.late.title}
      breadcrumbs={[{ label: ctx.t.nav.admin, href: '/admin' }, { label: a.late.title }]}
    >
      <h1>{a.late.title}</h1>
      <p>{a.late.intro}</p>
      <p>
        <strong>{a.late.count(count)}</strong>
      </p>
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{a.late.title}</caption>
            <thead>
              <tr>
                <th scope="col">{a.colTitle}</th>
                <th scope="col">{a.late.colLaureate}</th>
                <th scope="col">{a.late.colCall}</th>
                <th scope="col">{a.colDue}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <a
                      href={ctx.href(
                        `/admin/programmes/candidatures/${m.application_id}/accompagnement`,
                      )}
                    >
                      {m.title}
                    </a>{' '}
                    {m.is_demo && <DemoBadge ctx={ctx} />}
                  </th>
                  <td>{m.organisation_name}</td>
                  <td>{ctx.locale === 'en' ? m.call_title_en : m.call_title_fr}</td>
                  <td>
                    <time dateTime={m.due_on}>{ctx.fmt.date(m.due_on)}</time>
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
