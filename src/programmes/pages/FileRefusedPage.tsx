import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';

/**
 * Why a file sent from an application's page was refused (422): the field's message, and the way
 * back to that field. The application's answers are as they were.
 */
export function FileRefusedPage({
  ctx,
  message,
  back,
}: {
  ctx: PageContext;
  message: string;
  /** the application's page, at the field */
  back: string;
}) {
  const a = ctx.t.programmes.attachments;
  return (
    <Layout ctx={ctx} title={a.refusedTitle}>
      <h1>{a.refusedTitle}</h1>
      <p role="alert">{message}</p>
      <p>
        <a href={back}>{a.back}</a>
      </p>
    </Layout>
  );
}
