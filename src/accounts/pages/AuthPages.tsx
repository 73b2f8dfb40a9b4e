import type { PageContext } from '../../web/context.ts';
import { CsrfField, ErrorSummary, Field, type FormState } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';

type FormPageProps = { ctx: PageContext; form: FormState };

export function SignInPage({ ctx, form }: FormPageProps) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.signIn.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: t.signIn.title }]}
    >
      <h1>{t.signIn.title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href('/connexion')} className="stack narrow" noValidate>
        <CsrfField ctx={ctx} />
        {form.values.next && <input type="hidden" name="next" value={form.values.next} />}
        <Field
          form={form}
          name="email"
          type="email"
          label={t.form.email}
          autoComplete="email"
          required
        />
        <Field
          form={form}
          name="password"
          type="password"
          label={t.form.password}
          autoComplete="current-password"
          required
          keepValue={false}
        />
        <button type="submit">{t.signIn.submit}</button>
      </form>
      <p>
        <a href={ctx.href('/mot-de-passe-oublie')}>{t.signIn.forgot}</a>
      </p>
      <p>
        {t.signIn.noAccount} <a href={ctx.href('/inscription')}>{t.nav.signUp}</a>
      </p>
    </Layout>
  );
}

export function SignUpPage({ ctx, form }: FormPageProps) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.signUp.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: t.signUp.title }]}
    >
      <h1>{t.signUp.title}</h1>
      <ErrorSummary ctx={ctx} form={form} />
      <form method="post" action={ctx.href('/inscription')} className="stack narrow" noValidate>
        <CsrfField ctx={ctx} />
        <Field form={form} name="name" label={t.form.name} autoComplete="name" required />
        <Field
          form={form}
          name="email"
          type="email"
          label={t.form.email}
          autoComplete="email"
          required
        />
        <Field
          form={form}
          name="password"
          type="password"
          label={t.form.password}
          hint={t.form.passwordHint}
          autoComplete="new-password"
          required
          keepValue={false}
        />
        <button type="submit">{t.signUp.submit}</button>
      </form>
      <p>
        {t.signUp.haveAccount} <a href={ctx.href('/connexion')}>{t.nav.signIn}</a>
      </p>
    </Layout>
  );
}

export function ForgotPage({ ctx, form }: FormPageProps) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.forgot.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: t.forgot.title }]}
    >
      <h1>{t.forgot.title}</h1>
      <p>{t.forgot.intro}</p>
      <ErrorSummary ctx={ctx} form={form} />
      <form
        method="post"
        action={ctx.href('/mot-de-passe-oublie')}
        className="stack narrow"
        noValidate
      >
        <CsrfField ctx={ctx} />
        <Field
          form={form}
          name="email"
          type="email"
          label={t.form.email}
          autoComplete="email"
          required
        />
        <button type="submit">{t.forgot.submit}</button>
      </form>
    </Layout>
  );
}

export function ResetPage({ ctx, form, tokenValid }: FormPageProps & { tokenValid: boolean }) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.reset.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: t.reset.title }]}
    >
      <h1>{t.reset.title}</h1>
      {tokenValid ? (
        <>
          <ErrorSummary ctx={ctx} form={form} />
          <form
            method="post"
            action={ctx.href('/reinitialiser-mot-de-passe')}
            className="stack narrow"
            noValidate
          >
            <CsrfField ctx={ctx} />
            <input type="hidden" name="token" value={form.values.token ?? ''} />
            <Field
              form={form}
              name="password"
              type="password"
              label={t.form.password}
              hint={t.form.passwordHint}
              autoComplete="new-password"
              required
              keepValue={false}
            />
            <Field
              form={form}
              name="confirm"
              type="password"
              label={t.form.passwordConfirm}
              autoComplete="new-password"
              required
              keepValue={false}
            />
            <button type="submit">{t.reset.submit}</button>
          </form>
        </>
      ) : (
        <div className="error-summary" role="alert">
          <p>{t.reset.invalid}</p>
          <p>
            <a href={ctx.href('/mot-de-passe-oublie')}>{t.signIn.forgot}</a>
          </p>
        </div>
      )}
    </Layout>
  );
}

/** the page a confirmation link opens: one button, so that a mail scanner's visit confirms nothing */
export function VerifyPage({
  ctx,
  token,
  email,
}: {
  ctx: PageContext;
  token: string;
  /** the address the link confirms; undefined when the link is no longer valid */
  email: string | undefined;
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.verify.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: t.verify.title }]}
    >
      <h1>{t.verify.title}</h1>
      {email !== undefined ? (
        <form method="post" action={ctx.href('/confirmer-adresse')} className="stack narrow">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="token" value={token} />
          <p>{t.verify.intro(email)}</p>
          <button type="submit">{t.verify.submit}</button>
        </form>
      ) : (
        <div className="error-summary" role="alert">
          <p>{t.verify.invalid}</p>
          <p>
            <a href={ctx.href('/connexion')}>{t.nav.signIn}</a>
          </p>
        </div>
      )}
    </Layout>
  );
}
