import type { ErrorCode } from '../../kernel/errors.ts';
import type { PageContext } from '../context.ts';
import { Layout } from '../Layout.tsx';

export function ErrorPage({
  ctx,
  status,
  code,
}: {
  ctx: PageContext;
  status: number;
  code: ErrorCode;
}) {
  const { t } = ctx;
  const title = t.errors.title[status] ?? t.errors.title[500] ?? String(status);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t.errors.code[code]}</p>
      {code === 'UNAUTHENTICATED' && (
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
