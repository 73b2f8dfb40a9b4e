import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../web/forms.tsx';
import type { ApiTokenRow } from '../api-tokens.repository.ts';

/** a token just created: its secret, shown on this page only */
export type NewToken = { name: string; secret: string };

/** The account page's API tokens: the new one's secret once, the list, the form to name one. */
export function ApiTokensSection({
  ctx,
  tokens,
  form,
  newToken,
}: {
  ctx: PageContext;
  tokens: ApiTokenRow[];
  form: FormState;
  newToken?: NewToken;
}) {
  const { t, fmt } = ctx;
  const k = t.apiTokens;
  return (
    <section aria-labelledby="api-tokens">
      <h2 id="api-tokens">{k.title}</h2>
      <p>{k.intro}</p>
      {newToken && (
        <div className="notice" id="new-token">
          <h3>{k.created(newToken.name)}</h3>
          <p>
            <strong>{k.createdWarning}</strong>
          </p>
          <label htmlFor="new-token-secret">{k.secretLabel}</label>{' '}
          <input
            id="new-token-secret"
            className="mono"
            readOnly
            size={56}
            value={newToken.secret}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      )}
      {tokens.length === 0 ? (
        <p>{k.none}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{k.name}</th>
                <th scope="col">{k.prefix}</th>
                <th scope="col">{k.createdAt}</th>
                <th scope="col">{k.lastUsed}</th>
                <th scope="col">
                  <span className="visually-hidden">{k.revoke}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td className="mono">{token.prefix}…</td>
                  <td>{fmt.dateTime(token.created_at)}</td>
                  <td>{token.last_used_at ? fmt.dateTime(token.last_used_at) : k.neverUsed}</td>
                  <td>
                    <form
                      method="post"
                      action={ctx.href(`/compte/jetons/${token.id}/revoquer`)}
                      className="inline-form"
                    >
                      <CsrfField ctx={ctx} />
                      <button
                        type="submit"
                        className="secondary"
                        aria-label={k.revokeLabel(token.name)}
                      >
                        {k.revoke}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href('/compte/jetons')} className="stack narrow" noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="name" label={k.name} hint={k.nameHint} required />
        <button type="submit">{k.create}</button>
      </form>
    </section>
  );
}
