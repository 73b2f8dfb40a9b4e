import type { MailKind } from '../../db/schema.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../web/forms.tsx';
import type { SessionView } from '../account-settings.service.ts';

/** the forms of the account page, each with what was typed and its messages */
export type AccountForms = {
  token: FormState;
  name: FormState;
  email: FormState;
  password: FormState;
};

/** Name, address and password: three small forms, each posting on its own. */
export function IdentitySections({
  ctx,
  email,
  forms,
}: {
  ctx: PageContext;
  email: string;
  forms: AccountForms;
}) {
  const s = ctx.t.accountSettings;
  return (
    <>
      <section aria-labelledby="account-identity" className="card">
        <h2 id="account-identity">{s.profile}</h2>
        <form method="post" action={ctx.href('/compte/nom')} noValidate>
          <CsrfField ctx={ctx} />
          <ErrorSummary ctx={ctx} form={forms.name} />
          <Field
            form={forms.name}
            name="display_name"
            label={s.displayName}
            autoComplete="name"
            required
          />
          <button type="submit">{s.saveName}</button>
        </form>
      </section>
      <section aria-labelledby="account-email" className="card">
        <h2 id="account-email">{s.email}</h2>
        <p>{s.emailIntro(email)}</p>
        <form method="post" action={ctx.href('/compte/adresse')} noValidate>
          <CsrfField ctx={ctx} />
          <ErrorSummary ctx={ctx} form={forms.email} />
          <Field
            form={forms.email}
            name="new_email"
            type="email"
            label={s.newEmail}
            autoComplete="email"
            required
          />
          <Field
            form={forms.email}
            name="email_password"
            type="password"
            label={s.currentPassword}
            autoComplete="current-password"
            keepValue={false}
            required
          />
          <button type="submit">{s.askEmail}</button>
        </form>
      </section>
      <section aria-labelledby="account-password" className="card">
        <h2 id="account-password">{s.password}</h2>
        <p>{s.passwordIntro}</p>
        <form method="post" action={ctx.href('/compte/mot-de-passe')} noValidate>
          <CsrfField ctx={ctx} />
          <ErrorSummary ctx={ctx} form={forms.password} />
          <Field
            form={forms.password}
            name="current_password"
            type="password"
            label={s.currentPassword}
            autoComplete="current-password"
            keepValue={false}
            required
          />
          <Field
            form={forms.password}
            name="password"
            type="password"
            label={s.newPassword}
            hint={ctx.t.form.passwordHint}
            autoComplete="new-password"
            keepValue={false}
            required
          />
          <Field
            form={forms.password}
            name="confirm"
            type="password"
            label={ctx.t.form.passwordConfirm}
            autoComplete="new-password"
            keepValue={false}
            required
          />
          <button type="submit">{s.changePassword}</button>
        </form>
      </section>
    </>
  );
}

/** The sessions open on the account, each but this one with a button that ends it. */
export function SessionsSection({ ctx, sessions }: { ctx: PageContext; sessions: SessionView[] }) {
  const { fmt } = ctx;
  const s = ctx.t.accountSettings;
  return (
    <section aria-labelledby="account-sessions">
      <h2 id="account-sessions">{s.sessions}</h2>
      <p>{s.sessionsIntro}</p>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{s.device}</th>
              <th scope="col">{s.network}</th>
              <th scope="col">{s.opened}</th>
              <th scope="col">{s.lastSeen}</th>
              <th scope="col">
                <span className="visually-hidden">{s.endSession}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => {
              const device =
                [session.browser, session.system].filter(Boolean).join(', ') || s.unknownDevice;
              const opened = fmt.dateTime(session.createdAt);
              return (
                <tr key={session.id}>
                  <td>
                    {device}
                    {session.current && <strong> ({s.thisSession})</strong>}
                  </td>
                  <td>{session.network ?? s.unknownNetwork}</td>
                  <td>{opened}</td>
                  <td>{fmt.dateTime(session.lastSeenAt ?? session.createdAt)}</td>
                  <td>
                    {!session.current && (
                      <form
                        method="post"
                        action={ctx.href(`/compte/sessions/${session.id}/fermer`)}
                        className="inline-form"
                      >
                        <CsrfField ctx={ctx} />
                        <button type="submit" aria-label={s.endSessionLabel(device, opened)}>
                          {s.endSession}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The mails a person chooses, as checkboxes: ticked when received (the digest only once asked for). */
export function MailChoicesSection({
  ctx,
  choices,
}: {
  ctx: PageContext;
  choices: Record<MailKind, boolean>;
}) {
  const s = ctx.t.accountSettings;
  const kinds = Object.keys(choices) as MailKind[];
  return (
    <section aria-labelledby="account-mails" className="card">
      <h2 id="account-mails">{s.mails}</h2>
      <form method="post" action={ctx.href('/compte/courriels')}>
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{s.mailsIntro}</legend>
          {kinds.map((kind) => (
            <p key={kind} className="check">
              <input
                type="checkbox"
                id={`mail-${kind}`}
                name="kinds"
                value={kind}
                defaultChecked={choices[kind]}
              />{' '}
              <label htmlFor={`mail-${kind}`}>{s.kinds[kind]}</label>
            </p>
          ))}
        </fieldset>
        <button type="submit">{s.saveMails}</button>
      </form>
    </section>
  );
}
