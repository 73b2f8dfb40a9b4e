import type { ReactNode } from 'react';
import type { PageContext } from '../../web/context.ts';
import type { EventsService } from '../events.service.ts';
import { AGENDA_PATH, EventItem } from './common.tsx';

/** the home page's block: the next three events, beside the latest news */
export async function homeBlock(
  ctx: PageContext,
  events: EventsService,
): Promise<ReactNode | null> {
  const next = await events.list({ from: events.now(), limit: 3 });
  if (next.length === 0) return null;
  const t = ctx.t.events.home;
  return (
    <section aria-labelledby="next-events-title" className="next-events">
      <h2 id="next-events-title">{t.title}</h2>
      <ul className="cards">
        {next.map((e) => (
          <EventItem key={e.id} ctx={ctx} event={e} />
        ))}
      </ul>
      <p>
        <a href={ctx.href(AGENDA_PATH)}>{t.all}</a>
      </p>
    </section>
  );
}
