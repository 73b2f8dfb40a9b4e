import type { Role } from '../../db/schema.ts';
import { formatSiren } from '../../sirene/identifiers.ts';
import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { ApiTokenRow } from '../api-tokens.repository.ts';
import type { OrganisationRef } from '../user-admin.service.ts';
import type { UserChangeRow } from '../user-changes.repository.ts';
import type { UserRow } from '../users.repository.ts';

const ROLES: Role[] = ['member', 'reviewer', 'staff', 'admin'];

type Props = {
  ctx: PageContext;
  user: UserRow;
  organisations: OrganisationRef[];
  history: UserChangeRow[];
  tokens: ApiTokenRow[];
  /** the organisation search typed, and what it found (undefined: no search) */
  search: { text: string; found?: OrganisationRef[] };
  /** why the last change was refused */
  refusal?: string;
};

/** One account in the back office: its facts, role, access, organisations and history. */
export function UserPage(props: Props) {
  const { ctx, user, refusal } = props;
  const { t, fmt } = ctx;
  const u = t.userAdmin;
  const self = ctx.user?.id === user.id;
  const base = `/admin/utilisateurs/${user.id}`;
  return (
    <Layout
      ctx={ctx}
      title={user.name}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: t.admin.title, href: '/admin' },
        { label: u.title, href: '/admin/utilisateurs' },
        { label: user.name },
      ]}
    >
      <h1>{user.name}</h1>
      {refusal && (
        <div className="error-summary" role="alert">
          <p>{refusal}</p>
        </div>
      )}
      <dl className="facts">
        <dt>{t.form.email}</dt>
        <dd>{user.email}</dd>
        <dt>{t.account.role}</dt>
        <dd>{t.account.roles[user.role]}</dd>
        <dt>{u.state}</dt>
        <dd>{user.disabled_at ? u.disabledSince(fmt.dateTime(user.disabled_at)) : u.active}</dd>
        <dt>{t.account.memberSince}</dt>
        <dd>{fmt.date(user.created_at)}</dd>
      </dl>
      {self ? (
        <p>{u.self}</p>
      ) : (
        <>
          <form method="post" action={ctx.href(`${base}/role`)} className="stack narrow">
            <CsrfField ctx={ctx} />
            <div className="field">
              <label htmlFor="field-role">{t.account.role}</label>
              <select id="field-role" name="role" defaultValue={user.role}>
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t.account.roles[role]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{u.roleSubmit}</button>
          </form>
          <section aria-labelledby="user-access">
            <h2 id="user-access">{u.access}</h2>
            <form
              method="post"
              action={ctx.href(`${base}/${user.disabled_at ? 'reactiver' : 'desactiver'}`)}
            >
              <CsrfField ctx={ctx} />
              {!user.disabled_at && <p>{u.disableHint}</p>}
              <button type="submit" className={user.disabled_at ? undefined : 'secondary'}>
                {user.disabled_at ? u.enable : u.disable}
              </button>
            </form>
          </section>
        </>
      )}
      <OrganisationsSection {...props} base={base} />
      <TokensAndHistory {...props} />
      <p>
        <a href={ctx.href('/admin/utilisateurs')}>{u.back}</a>
      </p>
    </Layout>
  );
}

function OrganisationsSection({ ctx, organisations, search, base }: Props & { base: string }) {
  const u = ctx.t.userAdmin;
  const label = (o: OrganisationRef) => (o.siren ? `${o.name} (${formatSiren(o.siren)})` : o.name);
  const attached = new Set(organisations.map((o) => o.id));
  return (
    <section aria-labelledby="user-organisations">
      <h2 id="user-organisations">{u.organisations}</h2>
      {organisations.length === 0 ? (
        <p>{u.noOrganisation}</p>
      ) : (
        <ul>
          {organisations.map((o) => (
            <li key={o.id}>
              <a href={ctx.href(`/annuaire/${o.slug}`)}>{label(o)}</a>{' '}
              <form
                method="post"
                action={ctx.href(`${base}/organisations/retirer`)}
                className="inline-form"
              >
                <CsrfField ctx={ctx} />
                <input type="hidden" name="organisation" value={o.id} />
                <button type="submit" className="secondary" aria-label={u.detachLabel(o.name)}>
                  {u.detach}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="get" action={`${ctx.href(base)}#user-organisations`}>
        <label htmlFor="organisation-search">{u.findOrganisation}</label>
        <div className="search-input">
          <input
            id="organisation-search"
            name="organisation"
            type="search"
            defaultValue={search.text}
          />
          <button type="submit">{u.findSubmit}</button>
        </div>
      </form>
      {search.found && search.found.length === 0 && <p>{u.noMatch}</p>}
      {search.found && search.found.length > 0 && (
        <ul>
          {search.found.map((o) => (
            <li key={o.id}>
              {label(o)}{' '}
              {!attached.has(o.id) && (
                <form
                  method="post"
                  action={ctx.href(`${base}/organisations`)}
                  className="inline-form"
                >
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="organisation" value={o.id} />
                  <button type="submit" aria-label={u.attachLabel(o.name)}>
                    {u.attach}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TokensAndHistory({ ctx, tokens, history }: Props) {
  const { t, fmt } = ctx;
  const u = t.userAdmin;
  /** a role is shown by its name; anything else as recorded */
  const shown = (change: UserChangeRow, value: string | null) =>
    value && (change.change === 'role' || change.change === 'created')
      ? (t.account.roles[value as Role] ?? value)
      : (value ?? '');
  return (
    <>
      <section aria-labelledby="user-tokens">
        <h2 id="user-tokens">{u.tokens}</h2>
        {tokens.length === 0 ? (
          <p>{t.apiTokens.none}</p>
        ) : (
          <ul>
            {tokens.map((token) => (
              <li key={token.id}>
                {token.name} · <span className="mono">{token.prefix}…</span> ·{' '}
                {t.apiTokens.lastUsed}{' '}
                {token.last_used_at ? fmt.dateTime(token.last_used_at) : t.apiTokens.neverUsed}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="user-history">
        <h2 id="user-history">{u.history}</h2>
        {history.length === 0 ? (
          <p>{u.noHistory}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{u.when}</th>
                  <th scope="col">{u.who}</th>
                  <th scope="col">{u.what}</th>
                  <th scope="col">{u.before}</th>
                  <th scope="col">{u.after}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((change) => (
                  <tr key={change.id}>
                    <td>{fmt.dateTime(change.at)}</td>
                    <td>
                      {change.actor_id
                        ? `${change.actor_name ?? ''} <${change.actor_email ?? ''}>`
                        : u.commandLine}
                    </td>
                    <td>{u.changes[change.change]}</td>
                    <td>{shown(change, change.before)}</td>
                    <td>{shown(change, change.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
