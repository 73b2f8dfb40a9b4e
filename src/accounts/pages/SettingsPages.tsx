import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';

/** The page a new address's link opens: one button (a mail scanner that opens links changes nothing). */
export function NewAddressPage({
  ctx,
  token,
  email,
  message,
}: {
  ctx: PageContext;
  token: string;
  /** the address the link is for; undefined when the link is no longer valid */
  email: string | undefined;
  /** why the change failed, when it did */
  message?: string;
}) {
  const s = ctx.t.accountSettings;
  return (
    <Layout
      ctx={ctx}
      title={s.confirmTitle}
      breadcrumbs={[{ label: ctx.t.nav.home, href: '/' }, { label: s.confirmTitle }]}
    >
      <h1>{s.confirmTitle}</h1>
      {email !== undefined && !message ? (
        <form method="post" action={ctx.href('/compte/nouvelle-adresse')} className="stack narrow">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="token" value={token} />
          <p>{s.confirmIntro(email)}</p>
          <button type="submit">{s.confirmSubmit}</button>
        </form>
      ) : (
        <div className="error-summary" role="alert">
          <p>{message ?? s.confirmInvalid}</p>
          <p>
            <a href={ctx.href('/compte')}>{s.toAccount}</a>
          </p>
        </div>
      )}
    </Layout>
  );
}

/** The page of an unsubscribe link: what it stops, and the button that stops it; then "done". */
export function UnsubscribePage({
  ctx,
  unsubscribe,
  kind,
  done,
}: {
  ctx: PageContext;
  /** the link's key and kind; undefined when the link is not valid */
  unsubscribe: { key: string; kind: string } | undefined;
  kind: string;
  done?: boolean;
}) {
  const s = ctx.t.accountSettings;
  return (
    <Layout
      ctx={ctx}
      title={s.unsubscribeTitle}
      breadcrumbs={[{ label: ctx.t.nav.home, href: '/' }, { label: s.unsubscribeTitle }]}
    >
      <h1>{s.unsubscribeTitle}</h1>
      {!unsubscribe ? (
        <div className="error-summary" role="alert">
          <p>{s.unsubscribeInvalid}</p>
        </div>
      ) : done ? (
        <div className="notice" role="status">
          <p>{s.unsubscribed(kind)}</p>
          <p>
            <a href={ctx.href('/compte')}>{s.toAccount}</a>
          </p>
        </div>
      ) : (
        <form method="post" action={ctx.href('/desabonnement')} className="stack narrow">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="cle" value={unsubscribe.key} />
          <input type="hidden" name="type" value={unsubscribe.kind} />
          <p>{s.unsubscribeIntro(kind)}</p>
          <button type="submit">{s.unsubscribeSubmit}</button>
        </form>
      )}
    </Layout>
  );
}
