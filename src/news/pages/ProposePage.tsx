import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';

export function ProposePage({
  ctx,
  organisations,
  mine,
  form,
}: {
  ctx: PageContext;
  organisations: { slug: string; name: string }[];
  mine: { id: number; title: string; review: string | null; organisation: string | null }[];
  form: FormState;
}) {
  const { t } = ctx;
  const p = t.news.propose;
  const e = t.news.editor;
  return (
    <Layout
      ctx={ctx}
      title={p.title}
      breadcrumbs={[{ label: t.news.title, href: '/actualites' }, { label: p.title }]}
    >
      <h1>{p.title}</h1>
      <p>{p.intro}</p>
      {organisations.length === 0 ? (
        <p>
          {p.needMembership} <a href={ctx.href('/annuaire')}>{t.nav.directory}</a>
        </p>
      ) : (
        <>
          <ErrorSummary ctx={ctx} form={form} />
          <form
            method="post"
            action={ctx.href('/actualites/proposer')}
            className="stack"
            noValidate
          >
            <CsrfField ctx={ctx} />
            <div className={form.errors.organisation ? 'field field-error' : 'field'}>
              <label htmlFor="field-organisation">{p.organisation}</label>
              {form.errors.organisation && (
                <p className="error" id="field-organisation-error">
                  {form.errors.organisation}
                </p>
              )}
              <select
                id="field-organisation"
                name="organisation"
                defaultValue={form.values.organisation}
              >
                {organisations.map((o) => (
                  <option key={o.slug} value={o.slug}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="field-locale">{p.language}</label>
              <select
                id="field-locale"
                name="locale"
                defaultValue={form.values.locale ?? ctx.locale}
              >
                <option value="fr">{e.languages.fr}</option>
                <option value="en">{e.languages.en}</option>
              </select>
            </div>
            <Field form={form} name="title" label={e.titleLabel} required />
            <TextArea form={form} name="summary" label={e.summary} hint={e.summaryHint} rows={3} />
            <TextArea form={form} name="body_md" label={e.body} hint={e.bodyHint} rows={12} mono />
            <p>
              <button type="submit">{p.submit}</button>
            </p>
          </form>
        </>
      )}
      {mine.length > 0 && (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">{p.mine}</h2>
          <ul>
            {mine.map((m) => (
              <li key={m.id}>
                {m.title} — {m.organisation} —{' '}
                {p.reviews[(m.review ?? 'proposed') as keyof typeof p.reviews] ?? m.review}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
