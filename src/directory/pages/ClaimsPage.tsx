import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';

type Claim = {
  id: number;
  message: string;
  created_at: Date;
  slug: string;
  organisation_name: string;
  website: string | null;
  user_name: string;
  user_email: string;
};

/** a membership given at once by the address's domain, still in force */
export type AutomaticClaim = {
  id: number;
  decided_at: Date | null;
  slug: string;
  organisation_name: string;
  user_name: string;
  user_email: string;
};

/**
 * The memberships given at once of the last 30 days, each with a button that revokes it: on the
 * claims queue (every organisation, the form posts there) and on a profile's edit page (its own).
 */
export function AutomaticClaims({
  ctx,
  claims,
  action,
}: {
  ctx: PageContext;
  claims: AutomaticClaim[];
  /** where a claim's revocation is posted */
  action: (claim: AutomaticClaim) => string;
}) {
  const { t, fmt } = ctx;
  const c = t.claim;
  return (
    <section aria-labelledby="automatic-claims">
      <h2 id="automatic-claims">{c.automaticTitle}</h2>
      <p>{c.automaticIntro}</p>
      {claims.length === 0 ? (
        <p>{c.automaticEmpty}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{c.organisation}</th>
              <th scope="col">{c.who}</th>
              <th scope="col">{c.joinedAt}</th>
              <th scope="col">
                <span className="visually-hidden">{c.revoke}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {claims.map((claim) => (
              <tr key={claim.id}>
                <td>
                  <a href={ctx.href(`/annuaire/${claim.slug}`)}>{claim.organisation_name}</a>
                </td>
                <td>
                  {claim.user_name} &lt;{claim.user_email}&gt;
                </td>
                <td>{claim.decided_at ? fmt.dateTime(claim.decided_at) : '—'}</td>
                <td>
                  <form method="post" action={ctx.href(action(claim))} className="inline-form">
                    <CsrfField ctx={ctx} />
                    <button
                      type="submit"
                      className="secondary"
                      aria-label={c.revokeLabel(claim.user_name, claim.organisation_name)}
                    >
                      {c.revoke}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ClaimsPage({
  ctx,
  claims,
  automatic,
}: {
  ctx: PageContext;
  claims: Claim[];
  automatic: AutomaticClaim[];
}) {
  const { t, fmt } = ctx;
  const c = t.claim;
  return (
    <Layout
      ctx={ctx}
      title={c.queueTitle}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: t.admin.title, href: '/admin' },
        { label: c.queueTitle },
      ]}
    >
      <h1>{c.queueTitle}</h1>
      {claims.length === 0 ? (
        <p>{c.queueEmpty}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{c.organisation}</th>
              <th scope="col">{c.who}</th>
              <th scope="col">{t.admin.sentAt}</th>
              <th scope="col">
                <span className="visually-hidden">{c.approve}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {claims.map((claim) => (
              <tr key={claim.id}>
                <td>
                  <a href={ctx.href(`/annuaire/${claim.slug}`)}>{claim.organisation_name}</a>
                  {claim.website && <div className="meta">{claim.website}</div>}
                </td>
                <td>
                  {claim.user_name} &lt;{claim.user_email}&gt;
                  {claim.message && <p className="meta">{claim.message}</p>}
                </td>
                <td>{fmt.dateTime(claim.created_at)}</td>
                <td>
                  <form
                    method="post"
                    action={ctx.href(`/admin/revendications/${claim.id}`)}
                    className="inline-form"
                  >
                    <CsrfField ctx={ctx} />
                    <button type="submit" name="decision" value="approve">
                      {c.approve}
                    </button>{' '}
                    <button type="submit" name="decision" value="reject" className="secondary">
                      {c.reject}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AutomaticClaims
        ctx={ctx}
        claims={automatic}
        action={(claim) => `/admin/revendications/${claim.id}/revoquer`}
      />
    </Layout>
  );
}
