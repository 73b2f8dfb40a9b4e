import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { ExhibitionRow } from '../exhibitions.repository.ts';
import { inLanguage } from './common.tsx';

export function ExhibitionList({ ctx, items }: { ctx: PageContext; items: ExhibitionRow[] }) {
  const t = ctx.t.events.exhibitions;
  return (
    <ul className="cards">
      {items.map((x) => (
        <li key={x.id} className="card">
          <h3>
            {inLanguage(ctx, x.title_fr, x.title_en)}
            {x.is_demo && (
              <>
                {' '}
                <DemoBadge ctx={ctx} />
              </>
            )}
          </h3>
          <p>
            <a href={ctx.href(`/annuaire/${x.organisation_slug}`)}>{x.organisation_name}</a> ·{' '}
            {inLanguage(ctx, x.space_name_fr, x.space_name_en)} ·{' '}
            {t.dates(ctx.fmt.date(x.starts_on), ctx.fmt.date(x.ends_on))}
          </p>
          {inLanguage(ctx, x.description_fr, x.description_en) && (
            <p>{inLanguage(ctx, x.description_fr, x.description_en)}</p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** /expositions: what the showrooms show now, and what is coming */
export function ExhibitionsPage(props: {
  ctx: PageContext;
  current: ExhibitionRow[];
  coming: ExhibitionRow[];
}) {
  const { ctx, current, coming } = props;
  const t = ctx.t.events.exhibitions;
  return (
    <Layout ctx={ctx} title={t.title}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {current.length === 0 && coming.length === 0 && <p>{t.none}</p>}
      {current.length > 0 && (
        <section aria-labelledby="current-title">
          <h2 id="current-title">{t.current}</h2>
          <ExhibitionList ctx={ctx} items={current} />
        </section>
      )}
      {coming.length > 0 && (
        <section aria-labelledby="coming-title">
          <h2 id="coming-title">{t.coming}</h2>
          <ExhibitionList ctx={ctx} items={coming} />
        </section>
      )}
    </Layout>
  );
}
