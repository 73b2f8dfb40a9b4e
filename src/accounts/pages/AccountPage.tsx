import type { PageContext, SignedInUser } from '../../web/context.ts';
import { emptyForm, type FormState } from '../../web/forms.tsx';
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
      </dl>
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
