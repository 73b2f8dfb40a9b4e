import type { MailKind } from '../../db/schema.ts';
import type { PageContext, SignedInUser } from '../../web/context.ts';
import { CsrfField, emptyForm } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { SessionView } from '../account-settings.service.ts';
import type { ApiTokenRow } from '../api-tokens.repository.ts';
import {
  type AccountForms,
  IdentitySections,
  MailChoicesSection,
  SessionsSection,
} from './AccountSettingsSections.tsx';
import { ApiTokensSection, type NewToken } from './ApiTokensSection.tsx';
import { PrivacyCard } from './PrivacyPages.tsx';

export type { AccountForms, NewToken };

/** every form of the page, empty but the name's */
export function accountForms(user: SignedInUser, given: Partial<AccountForms> = {}): AccountForms {
  return {
    token: emptyForm(),
    name: emptyForm({ display_name: user.name }),
    email: emptyForm(),
    password: emptyForm(),
    ...given,
  };
}

/** an organisation the person speaks for, or asked to (a claim staff have not decided yet) */
export type AccountOrganisation = { slug: string; name: string; pending: boolean };

export function AccountPage({
  ctx,
  user,
  organisations = [],
  tokens = [],
  sessions = [],
  mailChoices,
  forms = accountForms(user),
  newToken,
}: {
  ctx: PageContext;
  user: SignedInUser;
  organisations?: AccountOrganisation[];
  tokens?: ApiTokenRow[];
  sessions?: SessionView[];
  mailChoices?: Record<MailKind, boolean>;
  forms?: AccountForms;
  newToken?: NewToken;
}) {
  const { t, fmt } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.account.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: t.account.title }]}
    >
      <h1>{t.account.title}</h1>
      <dl className="facts">
        <dt>{t.form.name}</dt>
        <dd>{user.name}</dd>
        <dt>{t.form.email}</dt>
        <dd>{user.email}</dd>
        <dt>{t.account.role}</dt>
        <dd>{t.account.roles[user.role]}</dd>
        <dt>{t.account.memberSince}</dt>
        <dd>{fmt.date(user.createdAt)}</dd>
        <dt>{t.verify.state}</dt>
        <dd>{user.verified ? t.verify.verified : t.verify.unverified}</dd>
      </dl>
      {!user.verified && <UnverifiedSection ctx={ctx} email={user.email} />}
      <section aria-labelledby="my-organisations">
        <h2 id="my-organisations">{t.accountOrganisations.title}</h2>
        {organisations.length === 0 ? (
          <p>{t.accountOrganisations.none}</p>
        ) : (
          <ul>
            {organisations.map((o) => (
              <li key={o.slug}>
                <a href={ctx.href(`/annuaire/${o.slug}`)}>{o.name}</a>
                {o.pending ? (
                  <> · {t.accountOrganisations.pending}</>
                ) : (
                  <>
                    {user.verified && (
                      <>
                        {' · '}
                        <a href={ctx.href(`/annuaire/${o.slug}/modifier`)}>
                          {t.accountOrganisations.edit}
                        </a>
                      </>
                    )}{' '}
                    <form
                      method="post"
                      action={ctx.href(`/compte/organisations/${o.slug}/quitter`)}
                      className="inline-form"
                    >
                      <CsrfField ctx={ctx} />
                      <button type="submit" aria-label={t.accountSettings.leaveLabel(o.name)}>
                        {t.accountSettings.leave}
                      </button>
                    </form>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <IdentitySections ctx={ctx} email={user.email} forms={forms} />
      {sessions.length > 0 && <SessionsSection ctx={ctx} sessions={sessions} />}
      {mailChoices && <MailChoicesSection ctx={ctx} choices={mailChoices} />}
      <ApiTokensSection ctx={ctx} tokens={tokens} form={forms.token} newToken={newToken} />
      <section aria-labelledby="account-data" className="card">
        <h2 id="account-data">{t.privacy.section}</h2>
        <PrivacyCard ctx={ctx} />
      </section>
    </Layout>
  );
}

/** until the address is confirmed: what it prevents, and a new link */
function UnverifiedSection({ ctx, email }: { ctx: PageContext; email: string }) {
  const v = ctx.t.verify;
  return (
    <section aria-labelledby="verify-title" className="card">
      <h2 id="verify-title">{v.pending}</h2>
      <p>{v.pendingText(email)}</p>
      <form method="post" action={ctx.href('/compte/confirmer-adresse')} className="inline-form">
        <CsrfField ctx={ctx} />
        <button type="submit">{v.resend}</button>
      </form>
    </section>
  );
}
