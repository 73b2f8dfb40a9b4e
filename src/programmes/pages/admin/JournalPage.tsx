import type { NamedAuditRow } from '../../../audit/audit.service.ts';
import type { PageContext } from '../../../web/context.ts';
import { localePath } from '../../../web/i18n/index.ts';
import { DemoBadge, Layout } from '../../../web/Layout.tsx';
import { ScrollRegion } from '../../../web/ScrollRegion.tsx';
import { type Conflict, conflictReason } from '../../conflicts.service.ts';
import { ADMIN_PATH } from './ProgrammesPage.tsx';

type Value = Record<string, unknown> | null;

/** an entry's before or after in words where it is known, else its JSON */
function inWords(ctx: PageContext, value: unknown): string {
  if (value === null || value === undefined) return '—';
  const v = value as Value & Record<string, unknown>;
  const states = ctx.t.programmes.review.states;
  const j = ctx.t.programmes.juries.jury;
  const parts: string[] = [];
  if (typeof v.state === 'string') parts.push(states[v.state as keyof typeof states] ?? v.state);
  if (typeof v.note === 'string') parts.push(v.note);
  const reviewer = v.reviewer as { name?: string } | undefined;
  if (reviewer?.name) parts.push(reviewer.name);
  if (v.method === 'manual' || v.method === 'automatic') parts.push(j.method[v.method]);
  if (Array.isArray(v.conflicts)) {
    parts.push(...(v.conflicts as Conflict[]).map((c) => conflictReason(c, ctx.locale)));
  }
  if (typeof v.reason === 'string') parts.push(`${j.overrideReason} : ${v.reason}`);
  return parts.length > 0 ? parts.join(' · ') : JSON.stringify(value);
}

/**
 * The audit log of one application (staff): every entry that belongs to it, oldest first: who,
 * when, what, before → after in words where they are known, and the entry's hash, shortened.
 */
export function JournalPage({
  ctx,
  application,
  entries,
}: {
  ctx: PageContext;
  application: { id: number; organisation_name: string; is_demo: boolean };
  entries: NamedAuditRow[];
}) {
  const { t } = ctx;
  const l = t.programmes.juries.journal;
  const title = l.title(application.organisation_name);
  const path = `${ADMIN_PATH}/candidatures/${application.id}/journal`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      alternates={{ fr: localePath('fr', path), en: localePath('en', path) }}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: t.programmes.admin.title, href: ADMIN_PATH },
        {
          label: application.organisation_name,
          href: `${ADMIN_PATH}/candidatures/${application.id}`,
        },
        { label: l.link },
      ]}
    >
      <h1>
        {title}
        {application.is_demo && (
          <>
            {' '}
            <DemoBadge ctx={ctx} />
          </>
        )}
      </h1>
      <p>{l.intro}</p>
      {entries.length === 0 ? (
        <p>{l.none}</p>
      ) : (
        <ScrollRegion label={l.caption}>
          <table className="table journal">
            <caption>{l.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{l.seq}</th>
                <th scope="col">{l.when}</th>
                <th scope="col">{l.who}</th>
                <th scope="col">{l.what}</th>
                <th scope="col">{l.change}</th>
                <th scope="col">{l.hash}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <th scope="row">{e.seq}</th>
                  <td>{ctx.fmt.dateTime(e.at)}</td>
                  <td>{e.actor_name ?? l.platform}</td>
                  <td>
                    {l.actions[e.action] ?? e.action}{' '}
                    <span className="meta">
                      ({e.subject_type} {e.subject_id})
                    </span>
                  </td>
                  <td className="long-answer">
                    {inWords(ctx, e.before)} → {inWords(ctx, e.after)}
                  </td>
                  <td>
                    <code title={e.hash}>{e.hash.slice(0, 12)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <p>
        <a href={ctx.href(`${ADMIN_PATH}/candidatures/${application.id}`)}>
          {t.programmes.review.detail.back}
        </a>
      </p>
    </Layout>
  );
}
