import { LatestNews, type LatestNewsItem } from '../../news/pages/LatestNews.tsx';
import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { HubOverview } from '../hub.service.ts';

/** an objective at a glance (the observatory computes it) */
export type HomeObjective = {
  id: number;
  title: string;
  value: number | null;
  target: number;
  deadline: string;
  url: string;
};

export function HomePage({
  ctx,
  hub,
  news = [],
  objectives = [],
}: {
  ctx: PageContext;
  hub: HubOverview;
  news?: LatestNewsItem[];
  objectives?: HomeObjective[];
}) {
  const { t, fmt } = ctx;
  return (
    <Layout ctx={ctx} title={t.home.title(hub.name)}>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{hub.name}</h1>
        <p className="lead">{hub.tagline}</p>
        {hub.labelledOn && <p>{t.home.labelled(fmt.date(hub.labelledOn))}</p>}
      </section>

      <section aria-labelledby="search-title" className="card home-search">
        <h2 id="search-title">{t.directory.searchBoxTitle}</h2>
        {/* biome-ignore lint/a11y/useSemanticElements: the form itself is the search landmark */}
        <form method="get" action={ctx.href('/annuaire')} role="search" className="search-input">
          <label htmlFor="home-q" className="visually-hidden">
            {t.directory.searchLabel}
          </label>
          <input type="search" id="home-q" name="q" placeholder={t.directory.searchHint} />
          <button type="submit">{t.directory.submit}</button>
        </form>
      </section>

      {news.length > 0 && <LatestNews ctx={ctx} items={news} />}
      {objectives.length > 0 && (
        <section aria-labelledby="objectives-title" className="home-objectives">
          <h2 id="objectives-title">{t.observatory.homeTitle}</h2>
          {ctx.hub.demo && (
            <p className="demo-notice">
              <DemoBadge ctx={ctx} /> {t.observatory.demoData}
            </p>
          )}
          <ul className="cards">
            {objectives.map((o) => (
              <li key={o.id} className="card">
                <h3>
                  <a href={o.url}>{o.title}</a>
                </h3>
                <p className="objective-figure">
                  {o.value === null
                    ? t.observatory.methods.not_computed
                    : t.observatory.valueOfTarget(fmt.number(o.value), fmt.number(o.target))}
                </p>
                <p>{t.observatory.deadline(fmt.date(o.deadline))}</p>
              </li>
            ))}
          </ul>
          <p>
            <a href={ctx.href('/observatoire')}>{t.observatory.homeLink}</a>
          </p>
        </section>
      )}

      <section aria-labelledby="fields-title">
        <h2 id="fields-title">{t.home.fieldsTitle}</h2>
        <p>{t.home.fieldsIntro}</p>
        <ul className="cards">
          {hub.fields.map((f) => (
            <li key={f.slug} className="card">
              <h3>
                <a href={ctx.href(`/annuaire?field=${f.slug}`)}>{f.name}</a>
              </h3>
              <p>{f.description}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="territory-title">
        <h2 id="territory-title">{t.home.territoryTitle}</h2>
        <p>{t.home.territoryText(fmt.list(hub.territory.map((e) => e.name)))}</p>
        <ul>
          {hub.territory.map((e) => (
            <li key={e.code}>
              {e.name} — {t.home.communes(e.communes)}
              {e.population !== null && <>, {t.home.population(fmt.number(e.population))}</>}
            </li>
          ))}
        </ul>
      </section>

      {!ctx.user && (
        <section aria-labelledby="join-title">
          <h2 id="join-title">{t.home.joinTitle}</h2>
          <p>{t.home.joinText}</p>
          <p>
            <a className="button" href={ctx.href('/inscription')}>
              {t.nav.signUp}
            </a>
          </p>
        </section>
      )}
    </Layout>
  );
}
