import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';

/** The back office's home: the cards of every capability this person may open. */
export function AdminPage({
  ctx,
  summaries = [],
}: {
  ctx: PageContext;
  /** each card's line of what needs attention, in the cards' order */
  summaries?: (string | null)[];
}) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t.admin.title}
      breadcrumbs={[{ label: t.nav.home, href: '/' }, { label: t.admin.title }]}
    >
      <h1>{t.admin.title}</h1>
      <ul className="cards">
        {ctx.adminCards.map((card, i) => (
          <li key={card.path} className="card">
            <h2>
              <a href={card.path.startsWith('/api/') ? card.path : ctx.href(card.path)}>
                {card.title}
              </a>
            </h2>
            {card.intro && <p>{card.intro}</p>}
            {summaries[i] && <p className="card-summary">{summaries[i]}</p>}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
