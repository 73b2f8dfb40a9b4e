import type { PageContext } from '../../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../../web/forms.tsx';
import { localePath } from '../../../web/i18n/index.ts';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';
import type { AssignmentsService, AssignmentView } from '../../assignments.service.ts';
import { type Conflict, conflictReason } from '../../conflicts.service.ts';
import { ADMIN_PATH, inLanguage } from './ProgrammesPage.tsx';

export type JuryData = Awaited<ReturnType<AssignmentsService['jury']>>;
type JuryApplication = JuryData['applications'][number];

/** a refused assignment: the conflicts found, and the override's form */
export type ConflictPanel = {
  applicationId: number;
  reviewerId: string;
  reviewerName: string;
  conflicts: Conflict[];
  overridable: boolean;
  form: FormState;
};

/** what the page's forms send back when refused */
export type JuryForms = {
  member?: FormState;
  settings?: FormState;
  /** a manual assignment refused without a conflict: its application and message */
  assign?: { applicationId: number; message: string };
  conflict?: ConflictPanel;
  lacking?: { organisation: string; missing: number }[];
};

export const juryPath = (callId: number) => `${ADMIN_PATH}/appels/${callId}/jury`;

function Members({ ctx, data, form }: { ctx: PageContext; data: JuryData; form: FormState }) {
  const j = ctx.t.programmes.juries.jury;
  const path = juryPath(data.call.id);
  return (
    <section aria-labelledby="jury-members">
      <h2 id="jury-members">{j.members}</h2>
      {data.members.length === 0 ? (
        <p>{j.noMembers}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption>{j.membersCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{j.name}</th>
                <th scope="col">{j.email}</th>
                <th scope="col">{j.role}</th>
                <th scope="col">{j.load}</th>
                <th scope="col">{j.actions}</th>
              </tr>
            </thead>
            <tbody>
              {data.members.map((m) => (
                <tr key={m.user_id}>
                  <th scope="row">
                    {m.name}
                    {m.is_demo && (
                      <>
                        {' '}
                        <DemoBadge ctx={ctx} />
                      </>
                    )}
                  </th>
                  <td>{m.email}</td>
                  <td>{ctx.t.account.roles[m.role]}</td>
                  <td>{ctx.fmt.number(m.load)}</td>
                  <td>
                    <form method="post" action={ctx.href(`${path}/membres/${m.user_id}/retirer`)}>
                      <CsrfField ctx={ctx} />
                      <button
                        type="submit"
                        className="secondary"
                        aria-label={j.removeMember(m.name)}
                      >
                        {j.remove}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">{j.removeRule}</p>
      <form method="post" action={ctx.href(`${path}/membres`)} className="stack" noValidate>
        <h3>{j.addMember}</h3>
        <CsrfField ctx={ctx} />
        <Field
          form={form}
          name="email"
          type="email"
          label={j.email}
          hint={j.addMemberHint}
          required
        />
        <button type="submit">{j.add}</button>
      </form>
    </section>
  );
}

function Settings({ ctx, data, form }: { ctx: PageContext; data: JuryData; form: FormState }) {
  const j = ctx.t.programmes.juries.jury;
  const path = juryPath(data.call.id);
  return (
    <section aria-labelledby="jury-settings">
      <h2 id="jury-settings">{j.settings}</h2>
      <form method="post" action={ctx.href(`${path}/reglages`)} className="stack" noValidate>
        <CsrfField ctx={ctx} />
        <Field
          form={form}
          name="per_application"
          type="number"
          label={j.perApplication}
          hint={j.perApplicationHint}
          required
        />
        <button type="submit">{j.saveSettings}</button>
      </form>
      <form method="post" action={ctx.href(`${path}/automatique`)} className="stack">
        <CsrfField ctx={ctx} />
        <p className="hint" id="automatic-hint">
          {j.automaticHint}
        </p>
        <button type="submit" aria-describedby="automatic-hint">
          {j.run}
        </button>
      </form>
    </section>
  );
}

function Reviewer({ ctx, a }: { ctx: PageContext; a: AssignmentView }) {
  const j = ctx.t.programmes.juries.jury;
  return (
    <li className={a.flagged.length > 0 ? 'assignment flagged' : 'assignment'}>
      {a.reviewer_name} <span className="meta">({j.method[a.method]})</span>
      {a.override_reason && <span className="meta"> · {j.overridden}</span>}
      {a.flagged.length > 0 && (
        <p className="error">
          <strong>
            {j.flagged}
            {ctx.locale === 'fr' ? ' :' : ':'}
          </strong>{' '}
          {a.flagged.map((c) => conflictReason(c, ctx.locale)).join(' ; ')}
        </p>
      )}
      {!a.reviewed && (
        <form method="post" action={ctx.href(`${ADMIN_PATH}/affectations/${a.id}/retirer`)}>
          <CsrfField ctx={ctx} />
          <button
            type="submit"
            className="secondary"
            aria-label={j.removeAssignment(a.reviewer_name)}
          >
            {j.remove}
          </button>
        </form>
      )}
    </li>
  );
}

function OverrideForm({
  ctx,
  panel,
  organisation,
}: {
  ctx: PageContext;
  panel: ConflictPanel;
  organisation: string;
}) {
  const j = ctx.t.programmes.juries.jury;
  return (
    <div className="conflict-panel" role="alert">
      <h3>{j.conflictTitle}</h3>
      <p>{j.conflictIntro(panel.reviewerName, organisation)}</p>
      <ul>
        {panel.conflicts.map((c) => (
          <li key={c.key}>{conflictReason(c, ctx.locale)}</li>
        ))}
      </ul>
      {panel.overridable ? (
        <form
          method="post"
          action={ctx.href(`${ADMIN_PATH}/candidatures/${panel.applicationId}/affectations`)}
          className="stack"
          noValidate
        >
          <CsrfField ctx={ctx} />
          <input type="hidden" name="reviewer" value={panel.reviewerId} />
          <input type="hidden" name="override" value="1" />
          <TextArea
            form={panel.form}
            name="override_reason"
            label={j.overrideReason}
            hint={j.overrideHint}
            rows={3}
          />
          <button type="submit">{j.override}</button>
        </form>
      ) : (
        <p>{j.declaredNoOverride}</p>
      )}
    </div>
  );
}

function ApplicationRow({
  ctx,
  data,
  app,
  forms,
}: {
  ctx: PageContext;
  data: JuryData;
  app: JuryApplication;
  forms: JuryForms;
}) {
  const j = ctx.t.programmes.juries.jury;
  const states = ctx.t.programmes.review.states;
  const taken = new Set(app.assignments.map((a) => a.reviewer_id));
  const free = data.members.filter((m) => !taken.has(m.user_id));
  const select = `reviewer-${app.id}`;
  const refused = forms.assign?.applicationId === app.id ? forms.assign.message : undefined;
  const flagged = app.assignments.some((a) => a.flagged.length > 0);
  return (
    <tr id={`candidature-${app.id}`} className={flagged ? 'flagged' : undefined}>
      <th scope="row">
        <a href={ctx.href(`${ADMIN_PATH}/candidatures/${app.id}`)}>{app.organisation_name}</a>
        {app.is_demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </th>
      <td>{states[app.state as keyof typeof states] ?? app.state}</td>
      <td>
        {app.assignments.length === 0 ? (
          j.none
        ) : (
          <ul className="plain">
            {app.assignments.map((a) => (
              <Reviewer key={a.id} ctx={ctx} a={a} />
            ))}
          </ul>
        )}
        {forms.conflict?.applicationId === app.id && (
          <OverrideForm ctx={ctx} panel={forms.conflict} organisation={app.organisation_name} />
        )}
      </td>
      <td>
        {free.length > 0 && (
          <form
            method="post"
            action={ctx.href(`${ADMIN_PATH}/candidatures/${app.id}/affectations`)}
          >
            <CsrfField ctx={ctx} />
            <label htmlFor={select} className="visually-hidden">
              {j.assignTo(app.organisation_name)}
            </label>
            {refused && (
              <p className="error" id={`${select}-error`}>
                {refused}
              </p>
            )}
            <select
              id={select}
              name="reviewer"
              aria-describedby={refused ? `${select}-error` : undefined}
            >
              {free.map((m) => (
                <option key={m.user_id} value={m.user_id}>
                  {m.name}
                </option>
              ))}
            </select>{' '}
            <button type="submit">{j.assign}</button>
          </form>
        )}
      </td>
    </tr>
  );
}

/**
 * A call's jury (staff): its members and their load, the number of reviewers per application,
 * the automatic assignment, and each application submitted or under review with its reviewers
 * (flagged ones marked), a form to assign one by hand and, when refused for a conflict, the
 * conflicts and the override's form.
 */
export function JuryPage({
  ctx,
  data,
  forms = {},
}: {
  ctx: PageContext;
  data: JuryData;
  forms?: JuryForms;
}) {
  const { t } = ctx;
  const j = t.programmes.juries.jury;
  const callTitle = inLanguage(ctx, data.call.title_fr, data.call.title_en);
  const title = j.title(callTitle);
  const path = juryPath(data.call.id);
  const member = forms.member ?? { values: {}, errors: {} };
  const settings = forms.settings ?? {
    values: { per_application: String(data.perApplication) },
    errors: {},
  };
  const summary: FormState = {
    values: {},
    errors: { ...member.errors, ...settings.errors, ...(forms.conflict?.form.errors ?? {}) },
  };
  return (
    <Layout
      ctx={ctx}
      title={title}
      alternates={{ fr: localePath('fr', path), en: localePath('en', path) }}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: t.programmes.admin.title, href: ADMIN_PATH },
        { label: title },
      ]}
    >
      <h1>
        {title}
        {data.call.is_demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h1>
      <ErrorSummary ctx={ctx} form={summary} />
      {data.flagged > 0 && (
        <div className="notice" role="note">
          <p>{j.flaggedCount(data.flagged)}</p>
        </div>
      )}
      {forms.lacking && forms.lacking.length > 0 && (
        <div className="notice" role="status">
          <ul>
            {forms.lacking.map((l) => (
              <li key={l.organisation}>{j.lacking(l.organisation, l.missing)}</li>
            ))}
          </ul>
        </div>
      )}
      <Members ctx={ctx} data={data} form={member} />
      <Settings ctx={ctx} data={data} form={settings} />
      <section aria-labelledby="jury-applications">
        <h2 id="jury-applications">{j.applications}</h2>
        {data.applications.length === 0 ? (
          <p>{j.noApplications}</p>
        ) : (
          <div className="table-scroll">
            <table className="table jury-table">
              <caption>{j.applicationsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{j.organisation}</th>
                  <th scope="col">{j.state}</th>
                  <th scope="col">{j.reviewers}</th>
                  <th scope="col">{j.assign}</th>
                </tr>
              </thead>
              <tbody>
                {data.applications.map((app) => (
                  <ApplicationRow key={app.id} ctx={ctx} data={data} app={app} forms={forms} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
