import { Fragment, type ReactNode } from 'react';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { HubOverview } from '../hub.service.ts';

export function HomePage({
  ctx,
  hub,
  blocks = [],
}: {
  ctx: PageContext;
  hub: HubOverview;
  /** what the other capabilities show on the home page, in order (null: nothing to show) */
  blocks?: ReactNode[];
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

      {/* side by side where the screen allows (the latest news beside the next events) */}
      <div className="home-blocks">
        {blocks.map((block, i) =>
          // biome-ignore lint/suspicious/noArrayIndexKey: the blocks keep their order on every render
          block ? <Fragment key={i}>{block}</Fragment> : null,
        )}
      </div>

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
