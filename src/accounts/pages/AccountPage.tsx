import type { PageContext, SignedInUser } from '../../web/context.ts';
import { CsrfField, emptyForm, type FormState } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { ApiTokenRow } from '../api-tokens.repository.ts';
import { ApiTokensSection, type NewToken } from './ApiTokensSection.tsx';

export type { NewToken };

/** an organisation the person speaks for, or asked to (a claim staff have not decided yet) */
export type AccountOrganisation = { slug: string; name: string; pending: boolean };

export function AccountPage({
  ctx,
  user,
  organisations = [],
  tokens = [],
  tokenForm = emptyForm(),
  newToken,
}: {
  ctx: PageContext;
  user: SignedInUser;
  organisations?: AccountOrganisation[];
  tokens?: ApiTokenRow[];
  tokenForm?: FormState;
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
                ) : !user.verified ? null : (
                  <>
                    {' · '}
                    <a href={ctx.href(`/annuaire/${o.slug}/modifier`)}>
                      {t.accountOrganisations.edit}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ApiTokensSection ctx={ctx} tokens={tokens} form={tokenForm} newToken={newToken} />
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
