import type { PageContext } from '../../web/context.ts';
import { CsrfField } from '../../web/forms.tsx';
import { Layout } from '../../web/Layout.tsx';
import type { EventRow } from '../events.repository.ts';
import { AGENDA_PATH, eventPath, titleOf } from './common.tsx';

/** the cancel link's page: it asks, then a POST cancels (a link alone never changes anything) */
export function CancelPage(props: { ctx: PageContext; event: EventRow; token: string }) {
  const { ctx, event, token } = props;
  const t = ctx.t.events.cancel;
  const title = titleOf(ctx, event);
  return (
    <Layout ctx={ctx} title={t.title}>
      <h1>{t.title}</h1>
      <p>{t.confirm(title)}</p>
      <form method="post" action={ctx.href(`${AGENDA_PATH}/desinscription/${token}`)}>
        <CsrfField ctx={ctx} />
        <button type="submit">{t.submit}</button>
      </form>
      <p>
        <a href={ctx.href(eventPath(event.slug))}>{title}</a>
      </p>
    </Layout>
  );
}
