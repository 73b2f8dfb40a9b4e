import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
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
        <TextArea
          form={form}
          name="sectors"
          label={s.sectors}
          hint={s.sectorsHint(fields.map((f) => `${f.slug} (${f.name})`).join(', '))}
          rows={16}
          mono
        />
        <TextArea form={form} name="fields" label={s.fields} hint={s.fieldsHint} rows={6} mono />
        <p>{s.reimport}</p>
        <fieldset>
          <legend>{s.legalTitle}</legend>
          <p className="hint">{s.legalIntro}</p>
          <TextArea
            form={form}
            name="publisher"
            label={s.publisher}
            hint={s.publisherHint}
            rows={3}
          />
          <Field form={form} name="director" label={s.director} />
          <TextArea form={form} name="host" label={s.host} hint={s.hostHint} rows={3} />
          <Field
            form={form}
            name="contactEmail"
            type="email"
            label={s.contactEmail}
            hint={s.contactEmailHint}
            autoComplete="email"
          />
        </fieldset>
        <button type="submit">{s.save}</button>
      </form>
    </Layout>
  );
}
