import type { PageContext } from '../../web/context.ts';
import { DemoBadge, Layout } from '../../web/Layout.tsx';
import type { ClosureRow } from '../spaces.repository.ts';
import type { SpaceView, VenueView } from '../spaces.service.ts';
import {
  BOOKINGS_PATH,
  Demo,
  HoursList,
  inLanguage,
  photoPath,
  SpaceFacts,
  spaceName,
  spacePath,
} from './common.tsx';

/** the closings to come, each with the space it concerns (or the whole venue) and its reason */
export function ClosuresList({
  ctx,
  closures,
  spaces,
}: {
  ctx: PageContext;
  closures: ClosureRow[];
  spaces: Pick<SpaceView, 'id' | 'name_fr' | 'name_en'>[];
}) {
  const v = ctx.t.venue;
  if (closures.length === 0) return null;
  return (
    <section aria-labelledby="venue-closures">
      <h2 id="venue-closures">{v.closuresTitle}</h2>
      <ul>
        {closures.slice(0, 12).map((c) => {
          const space = spaces.find((s) => s.id === c.space_id);
          const reason = inLanguage(ctx, c.reason_fr, c.reason_en);
          return (
            <li key={c.id}>
              {v.closureRange(ctx.fmt.date(c.starts_on), ctx.fmt.date(c.ends_on))} —{' '}
              {space ? spaceName(ctx, space) : v.closureAll}
              {reason && ` (${reason})`}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function SpaceCard({ ctx, space }: { ctx: PageContext; space: SpaceView }) {
  const v = ctx.t.venue;
  const name = spaceName(ctx, space);
  const photo = space.photos[0];
  return (
    <li className="venue-space card">
      <h3 id={`space-${space.slug}`}>
        <a href={ctx.href(spacePath(space.slug))}>{name}</a>
        <Demo ctx={ctx} demo={space.is_demo} />
      </h3>
      {photo ? (
        <img
          src={photoPath(photo.id)}
          alt={inLanguage(ctx, photo.alt_fr, photo.alt_en)}
          className="venue-photo"
          loading="lazy"
        />
      ) : (
        <p className="hint">{v.photoMissing}</p>
      )}
      <p>{inLanguage(ctx, space.description_fr, space.description_en)}</p>
      <SpaceFacts ctx={ctx} space={space} />
      <details>
        <summary>{v.hoursTitle}</summary>
        <HoursList ctx={ctx} space={space} />
      </details>
      <p>
        <a href={ctx.href(spacePath(space.slug))} aria-describedby={`space-${space.slug}`}>
          {v.grid.title}
        </a>
      </p>
    </li>
  );
}

/** The building's public page: what it is, its spaces with photos, capacity, hours, access. */
export function VenuePage({ ctx, data }: { ctx: PageContext; data: VenueView }) {
  const v = ctx.t.venue;
  const { site, spaces } = data;
  const demoSplit = spaces.some((s) => s.is_demo && s.area_m2 !== null);
  return (
    <Layout ctx={ctx} title={site.name}>
      <h1>
        {site.name}
        <Demo ctx={ctx} demo={site.is_demo} />
      </h1>
      <p className="lead">{inLanguage(ctx, site.description_fr, site.description_en)}</p>
      <dl className="facts">
        {site.address && (
          <>
            <dt>{v.address}</dt>
            <dd>{site.address}</dd>
          </>
        )}
        {site.area_m2 !== null && (
          <>
            <dt>{v.areaLabel}</dt>
            <dd>{v.area(ctx.fmt.number(site.area_m2))}</dd>
          </>
        )}
        {site.opened_on && (
          <>
            <dt>{v.openedLabel}</dt>
            <dd>
              {new Intl.DateTimeFormat(ctx.locale === 'en' ? 'en-GB' : 'fr-FR', {
                month: 'long',
                year: 'numeric',
                timeZone: 'UTC',
              }).format(new Date(`${site.opened_on}T12:00:00Z`))}
            </dd>
          </>
        )}
      </dl>
      {ctx.user && (
        <p>
          <a href={ctx.href(BOOKINGS_PATH)}>{v.booking.nav}</a>
        </p>
      )}
      <h2>{v.spacesTitle}</h2>
      {demoSplit && (
        <p className="venue-demo-note">
          <DemoBadge ctx={ctx} /> {v.demoSplitNote}
        </p>
      )}
      {spaces.length === 0 ? (
        <p>{v.noSpaces}</p>
      ) : (
        <ul className="venue-spaces">
          {spaces.map((s) => (
            <SpaceCard key={s.id} ctx={ctx} space={s} />
          ))}
        </ul>
      )}
      <ClosuresList ctx={ctx} closures={data.closures} spaces={spaces} />
    </Layout>
  );
}
