import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { DecisionsService } from '../decisions.service.ts';

export type RankingData = Awaited<ReturnType<DecisionsService['ranking']>>;

/** a result as the page writes it: up to three decimals, or a dash */
export const resultText = (ctx: PageContext, n: number | null) =>
  n === null ? ctx.t.programmes.decisions.ranking.none : ctx.fmt.number(n);

/** A call's applications ranked by their reviewers' mean result, for staff. */
export function RankingPage({ ctx, data }: { ctx: PageContext; data: RankingData }) {
  const { t, locale } = ctx;
  const r = t.programmes.decisions.ranking;
  const { call, lines } = data;
  const callTitle = locale === 'en' ? call.title_en : call.title_fr;
  const title = r.title(callTitle);
  const list = `/admin/programmes/appels/${call.id}/candidatures`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t.nav.admin, href: '/admin' },
        { label: t.programmes.admin.title, href: '/admin/programmes' },
        { label: t.programmes.review.list.title(callTitle), href: list },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <p>{r.intro}</p>
      {lines.length === 0 ? (
        <p>{r.empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="table ranking">
            <caption>{r.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{r.rank}</th>
                <th scope="col">{r.organisation}</th>
                <th scope="col">{r.acknowledgement}</th>
                <th scope="col">{r.mean}</th>
                <th scope="col">{r.reviews}</th>
                <th scope="col">{r.abstentions}</th>
                <th scope="col">{r.spread}</th>
                <th scope="col">{r.deviation}</th>
                <th scope="col">{r.decision}</th>
                <th scope="col">{r.action}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l, i) => {
                const a = l.application;
                return (
                  <tr key={a.id}>
                    <td>{i + 1}</td>
                    <th scope="row">
                      {a.organisation}
                      {a.is_demo && (
                        <>
                          {' '}
                          <DemoBadge ctx={ctx} />
                        </>
                      )}
                    </th>
                    <td>{a.acknowledgement ?? r.none}</td>
                    <td className="number">{resultText(ctx, l.mean)}</td>
                    <td className="number">{`${l.submitted} / ${l.assigned}`}</td>
                    <td className="number">{l.abstentions}</td>
                    <td className="number">{resultText(ctx, l.spread)}</td>
                    <td className="number">{resultText(ctx, l.deviation)}</td>
                    <td>
                      {a.decision ? t.programmes.decisions.outcomes[a.decision] : r.notDecided}
                    </td>
                    <td>
                      <a href={ctx.href(`/admin/programmes/candidatures/${a.id}/decision`)}>
                        {a.decision ? r.see : r.decide}
                        <span className="visually-hidden"> — {a.organisation}</span>
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={ctx.href(list)}>{r.back}</a>
      </p>
    </Layout>
  );
}
