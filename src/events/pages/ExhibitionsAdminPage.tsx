import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { ExhibitionRow } from '../exhibitions.repository.ts';
import { ADMIN_PATH, inLanguage } from './common.tsx';

/** the staff's exhibitions: those to come, and the form that schedules one */
export function ExhibitionsAdminPage(props: {
  ctx: PageContext;
  items: ExhibitionRow[];
  spaces: { id: string; slug: string; name_fr: string; name_en: string }[];
  form: FormState;
}) {
  const { ctx, items, spaces, form } = props;
  const t = ctx.t.events.exhibitions;
  const spaceError = form.errors.space;
  return (
    <Layout
      ctx={ctx}
      title={t.adminTitle}
      breadcrumbs={[
        { label: ctx.t.events.admin.title, href: ctx.href(ADMIN_PATH) },
        { label: t.adminTitle },
      ]}
    >
      <h1>{t.adminTitle}</h1>
      {items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="cards">
          {items.map((x) => (
            <li key={x.id} className="card">
              <h2>{inLanguage(ctx, x.title_fr, x.title_en)}</h2>
              <p>
                {x.organisation_name} · {inLanguage(ctx, x.space_name_fr, x.space_name_en)} ·{' '}
                {t.dates(ctx.fmt.date(x.starts_on), ctx.fmt.date(x.ends_on))}
              </p>
              <form method="post" action={ctx.href(`/admin/expositions/${x.id}/annuler`)}>
                <CsrfField ctx={ctx} />
                <button type="submit" className="secondary">
                  {t.cancel}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2>{t.schedule}</h2>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href('/admin/expositions')} noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="organisation" label={t.organisation} required />
        <div className={spaceError ? 'field field-error' : 'field'}>
          <label htmlFor="field-space">{t.space}</label>
          {spaceError && (
            <p className="error" id="field-space-error">
              {spaceError}
            </p>
          )}
          <select
            id="field-space"
            name="space"
            defaultValue={form.values.space ?? ''}
            aria-invalid={spaceError ? true : undefined}
            aria-describedby={spaceError ? 'field-space-error' : undefined}
          >
            <option value="">—</option>
            {spaces.map((s) => (
              <option key={s.id} value={s.slug}>
                {inLanguage(ctx, s.name_fr, s.name_en)}
              </option>
            ))}
          </select>
        </div>
        <Field form={form} name="from" type="date" label={t.from} required />
        <Field form={form} name="to" type="date" label={t.to} required />
        <Field form={form} name="title_fr" label={t.title_fr} required />
        <Field form={form} name="title_en" label={t.title_en} />
        <TextArea form={form} name="description_fr" label={t.description_fr} rows={3} />
        <TextArea form={form} name="description_en" label={t.description_en} rows={3} />
        <button type="submit">{t.schedule}</button>
      </form>
    </Layout>
  );
}
