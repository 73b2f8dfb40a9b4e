import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { Snapshot } from '../articles.ts';

type RevisionItem = { version: number; note: string; saved_at: Date; saved_by_name: string | null };

function noteOf(ctx: PageContext, note: string): string {
  const r = ctx.t.news.revisions;
  const restored = /^restored:(\d+)$/.exec(note);
  if (restored) return r.restoredFrom(Number(restored[1]));
  if (note === 'proposed') return r.proposedNote;
  return '';
}

export function RevisionsPage({
  ctx,
  id,
  title,
  current,
  revisions,
}: {
  ctx: PageContext;
  id: number;
  title: string;
  current: number;
  revisions: RevisionItem[];
}) {
  const { t, fmt } = ctx;
  const r = t.news.revisions;
  return (
    <Layout
      ctx={ctx}
      title={r.title(title)}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: t.news.title, href: '/admin/actualites' },
        { label: title, href: `/admin/actualites/${id}/fr` },
        { label: t.news.editor.revisions },
      ]}
    >
      <h1>{r.title(title)}</h1>
      <p>{r.intro}</p>
      <ol reversed className="stack">
        {revisions.map((rev) => (
          <li key={rev.version}>
            <a href={ctx.href(`/admin/actualites/${id}/revisions/${rev.version}`)}>
              {r.version(rev.version)}
            </a>{' '}
            {r.savedBy(rev.saved_by_name ?? r.someone, fmt.dateTime(rev.saved_at))}
            {noteOf(ctx, rev.note) && <> — {noteOf(ctx, rev.note)}</>}
            {rev.version === current && <> ({r.current})</>}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

export function RevisionPage({
  ctx,
  id,
  revision,
  current,
}: {
  ctx: PageContext;
  id: number;
  revision: RevisionItem & { snapshot: Snapshot };
  current: number;
}) {
  const { t, fmt } = ctx;
  const r = t.news.revisions;
  const e = t.news.editor;
  const s = revision.snapshot;
  return (
    <Layout
      ctx={ctx}
      title={r.version(revision.version)}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: t.news.title, href: '/admin/actualites' },
        { label: t.news.editor.revisions, href: `/admin/actualites/${id}/revisions` },
        { label: r.version(revision.version) },
      ]}
    >
      <h1>{r.version(revision.version)}</h1>
      <p>{r.savedBy(revision.saved_by_name ?? r.someone, fmt.dateTime(revision.saved_at))}</p>
      <dl className="facts">
        <dt>{e.category}</dt>
        <dd>{s.category}</dd>
        <dt>{e.tags}</dt>
        <dd>{s.tags.join(', ') || '—'}</dd>
        <dt>{e.organisations}</dt>
        <dd>{s.organisations.join(', ') || '—'}</dd>
      </dl>
      {(['fr', 'en'] as const).map((locale) => {
        const v = s.versions[locale];
        if (!v) return null;
        return (
          <section key={locale} lang={locale} aria-labelledby={`rev-${locale}`}>
            <h2 id={`rev-${locale}`}>{e.otherLanguage(e.languages[locale])}</h2>
            <dl className="facts">
              <dt>{e.titleLabel}</dt>
              <dd>{v.title}</dd>
              <dt>{e.slug}</dt>
              <dd>{v.slug}</dd>
              <dt>{e.summary}</dt>
              <dd>{v.summary || '—'}</dd>
              <dt>{e.state}</dt>
              <dd>{t.news.states[v.state]}</dd>
            </dl>
            <pre className="mono">{v.body_md}</pre>
          </section>
        );
      })}
      {revision.version !== current && (
        <form
          method="post"
          action={ctx.href(`/admin/actualites/${id}/revisions/${revision.version}/restaurer`)}
        >
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(current)} />
          <button type="submit">{r.restore}</button>
        </form>
      )}
    </Layout>
  );
}
