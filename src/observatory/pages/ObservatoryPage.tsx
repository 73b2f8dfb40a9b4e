import { asset } from '../../web/assets.ts';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { Indicators } from '../compute.service.ts';
import type { ObjectiveItem } from '../observatory.schema.ts';
import { IndicatorSections } from './IndicatorSections.tsx';
import { DataNotice, ObjectiveSummary, type ObservatoryState } from './parts.tsx';

type Props = {
  ctx: PageContext;
  state: ObservatoryState;
  objectives: ObjectiveItem[];
  indicators: Indicators | undefined;
  fields: Map<string, string>;
  /** the territory's communes, for the map */
  communes: { code: string; name: string }[];
};

export function ObservatoryPage({ ctx, state, objectives, indicators, fields, communes }: Props) {
  const o = ctx.t.observatory;
  return (
    <Layout
      ctx={ctx}
      title={o.title}
      breadcrumbs={[{ label: ctx.t.nav.home, href: '/' }, { label: o.nav }]}
      head={<script src={asset('observatory.js')} defer />}
    >
      <h1>{o.title}</h1>
      <p className="lead">{o.intro}</p>
      <DataNotice ctx={ctx} state={state} />

      <section aria-labelledby="objectives-title">
        <h2 id="objectives-title">{o.objectivesTitle}</h2>
        {objectives.length === 0 ? (
          <p>{o.noObjectives}</p>
        ) : (
          <ul className="cards">
            {objectives.map((item) => (
              <li key={item.id} className="card objective-card">
                <ObjectiveSummary ctx={ctx} item={item} />
                <p className="hint">{item.rule.description}</p>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={ctx.href('/observatoire/feuille-de-route')}>{o.roadmapLink}</a>
        </p>
      </section>

      {indicators && (
        <IndicatorSections ctx={ctx} data={indicators} fields={fields} communes={communes} />
      )}
    </Layout>
  );
}
