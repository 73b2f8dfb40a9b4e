import type { PageContext } from '../context.ts';
import { Layout } from '../Layout.tsx';

export function ErrorPage({
  ctx,
  status,
  message,
  signIn = false,
}: {
  ctx: PageContext;
  status: number;
  /** what went wrong, for people */
  message: string;
  /** offer to sign in (the page needs an account) */
  signIn?: boolean;
}) {
  const { t } = ctx;
  const title = t.errors.title[status] ?? t.errors.title[500] ?? String(status);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {signIn && (
        <p>
          <a className="button" href={ctx.href(`/connexion?next=${encodeURIComponent(ctx.path)}`)}>
            {t.nav.signIn}
          </a>
        </p>
      )}
      {status >= 500 && (
        <p>
          {t.errors.requestId} <code>{ctx.requestId}</code>
        </p>
      )}
      <p>
        <a href={ctx.href('/')}>{t.errors.backHome}</a>
      </p>
    </Layout>
  );
}
