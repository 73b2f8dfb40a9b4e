import type { ReactNode } from 'react';
import type { PageContext } from '../../web/context.ts';
import { viewOf } from '../events.service.ts';
import type { ExhibitionsService } from '../exhibitions.service.ts';
import { EventItem } from './common.tsx';
import { ExhibitionList } from './ExhibitionsPage.tsx';

/** an organisation's exhibitions and events, as its directory profile shows them */
export async function showingsSection(
  ctx: PageContext,
  exhibitions: ExhibitionsService,
  organisationId: string,
): Promise<ReactNode | null> {
  const { exhibitions: shown, events } = await exhibitions.ofOrganisation(organisationId);
  if (shown.length === 0 && events.length === 0) return null;
  const t = ctx.t.events;
  return (
    <section aria-labelledby="showings-title">
      <h2 id="showings-title">{t.exhibitions.ofOrganisation}</h2>
      {shown.length > 0 && <ExhibitionList ctx={ctx} items={shown} />}
      {events.length > 0 && (
        <ul className="cards">
          {events.map((e) => (
            <EventItem key={e.id} ctx={ctx} event={viewOf(e)} />
          ))}
        </ul>
      )}
    </section>
  );
}
