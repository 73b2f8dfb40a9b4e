import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';

export function SettingsPage({
  ctx,
  form,
  territory,
  fields,
}: {
  ctx: PageContext;
  form: FormState;
  territory: { code: string; name: string; communes: number }[];
  fields: { slug: string; name: string }[];
}) {
  const { t } = ctx;
  const s = t.settings;
  return (
    <Layout
      ctx={ctx}
      title={s.title}
      breadcrumbs={[
        { label: t.nav.home, href: '/' },
        { label: t.admin.title, href: '/admin' },
        { label: s.title },
      ]}
    >
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href('/admin/parametres')} className="stack" noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="epci" label={s.epci} hint={s.epciHint} required />
        <ul>
          {territory.map((e) => (
            <li key={e.code}>
              {e.code} — {e.name} ({t.home.communes(e.communes)})
            </li>
          ))}
        </ul>
        <div className={form.errors.sectors ? 'field field-error' : 'field'}>
          <label htmlFor="field-sectors">{s.sectors}</label>
          <p className="hint" id="field-sectors-hint">
            {s.sectorsHint(fields.map((f) => `${f.slug} (${f.name})`).join(', '))}
          </p>
          {form.errors.sectors && (
            <p className="error" id="field-sectors-error">
              {form.errors.sectors}
            </p>
          )}
          <textarea
            id="field-sectors"
            name="sectors"
            rows={16}
            defaultValue={form.values.sectors ?? ''}
            aria-describedby={
              form.errors.sectors ? 'field-sectors-hint field-sectors-error' : 'field-sectors-hint'
            }
            className="mono"
          />
        </div>
        <div className={form.errors.fields ? 'field field-error' : 'field'}>
          <label htmlFor="field-fields">{s.fields}</label>
          <p className="hint" id="field-fields-hint">
            {s.fieldsHint}
          </p>
          {form.errors.fields && (
            <p className="error" id="field-fields-error">
              {form.errors.fields}
            </p>
          )}
          <textarea
            id="field-fields"
            name="fields"
            rows={6}
            defaultValue={form.values.fields ?? ''}
            aria-describedby={
              form.errors.fields ? 'field-fields-hint field-fields-error' : 'field-fields-hint'
            }
            className="mono"
          />
        </div>
        <p>{s.reimport}</p>
        <button type="submit">{s.save}</button>
      </form>
    </Layout>
  );
}
