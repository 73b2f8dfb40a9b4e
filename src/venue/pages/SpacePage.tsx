import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/Layout.tsx';
import type { GridModel } from '../spaces.grid.ts';
import type { ClosureRow, SiteRow } from '../spaces.repository.ts';
import type { SpaceView } from '../spaces.service.ts';
import { AvailabilityGrid } from './AvailabilityGrid.tsx';
import {
  Demo,
  HoursList,
  inLanguage,
  photoPath,
  SpaceFacts,
  spaceName,
  VENUE_PATH,
} from './common.tsx';
import { ClosuresList } from './VenuePage.tsx';

/** One space: its photos, facts, hours, rules, closings, and its availability grid. */
export function SpacePage({
  ctx,
  site,
  space,
  closures,
  model,
  canBook,
}: {
  ctx: PageContext;
  site: SiteRow;
  space: SpaceView;
  closures: ClosureRow[];
  /** null when the engine could not answer */
  model: GridModel | null;
  canBook: boolean;
}) {
  const v = ctx.t.venue;
  const name = spaceName(ctx, space);
  return (
    <Layout
      ctx={ctx}
      title={name}
      breadcrumbs={[{ label: site.name, href: VENUE_PATH }, { label: name }]}
    >
      <h1>
        {name}
        <Demo ctx={ctx} demo={space.is_demo} />
      </h1>
      <p className="lead">{inLanguage(ctx, space.description_fr, space.description_en)}</p>
      <div className="venue-space-facts">
        {space.photos.length > 0 && (
          <div className="venue-photos">
            {space.photos.map((p) => (
              <img
                key={p.id}
                src={photoPath(p.id)}
                alt={inLanguage(ctx, p.alt_fr, p.alt_en)}
                className="venue-photo"
              />
            ))}
          </div>
        )}
        <SpaceFacts ctx={ctx} space={space} withRules />
      </div>
      <h2>{v.hoursTitle}</h2>
      <HoursList ctx={ctx} space={space} />
      <ClosuresList ctx={ctx} closures={closures} spaces={[space]} />
      {model ? (
        <AvailabilityGrid ctx={ctx} space={space} model={model} canBook={canBook} />
      ) : (
        <p>{v.grid.unavailable}</p>
      )}
    </Layout>
  );
}
