import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState, TextArea } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';

/** The contact form: posts, then comes back with a notice, or with a message per field. */
export function ContactPage({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const c = ctx.t.legal.contact;
  return (
    <Layout
      ctx={ctx}
      title={c.title}
      breadcrumbs={[{ label: ctx.t.nav.home, href: '/' }, { label: c.title }]}
    >
      <h1>{c.title}</h1>
      <p>{c.intro}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href('/contact')} className="stack" noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="name" label={c.name} autoComplete="name" required />
        <Field
          form={form}
          name="email"
          type="email"
          label={c.email}
          hint={c.emailHint}
          autoComplete="email"
          required
        />
        <Field form={form} name="subject" label={c.subject} required />
        <TextArea form={form} name="message" label={c.message} rows={8} />
        <p className="hint">
          {c.privacy} <a href={ctx.href('/confidentialite')}>{ctx.t.legal.privacy.title}</a>
        </p>
        <button type="submit">{c.send}</button>
      </form>
    </Layout>
  );
}
