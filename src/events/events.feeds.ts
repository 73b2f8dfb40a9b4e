import { xml } from '../news/feeds.ts';
import { renderMarkdown } from '../news/markdown.ts';
import { type IcsEvent, icsCalendar } from '../venue/ical.ts';
import type { EventView } from './events.service.ts';

/**
 * The agenda's feeds: iCalendar (the venue's writer: UTC times, folded lines, escaped text), RSS
 * 2.0 and Atom (the news' XML escaping; descriptions through the Markdown allow-list). Pure.
 */

export type FeedContext = {
  locale: 'fr' | 'en';
  title: string;
  publicUrl: string;
  site?: { name: string; address: string };
};

const pick = (f: FeedContext, fr: string, en: string) => (f.locale === 'en' ? en || fr : fr || en);
const pageUrl = (f: FeedContext, slug: string) =>
  `${f.publicUrl}${f.locale === 'en' ? '/en/events' : '/agenda'}/${slug}`;

/** events as an iCalendar: only events with times (a month alone is no calendar entry) */
export function eventsIcs(f: FeedContext, events: EventView[], now = new Date()): string {
  const items: IcsEvent[] = events
    .filter((e) => e.date_precision === 'time')
    .map((e) => {
      const where = [
        pick(f, e.space_name_fr ?? '', e.space_name_en ?? ''),
        f.site?.name,
        f.site?.address,
      ]
        .filter((x) => x)
        .join(', ');
      return {
        uid: `event-${e.id}@totem`,
        start: e.starts_at,
        end: e.ends_at,
        summary: `${pick(f, e.title_fr, e.title_en)}${e.is_demo ? (f.locale === 'en' ? ' (demo)' : ' (démo)') : ''}`,
        description: `${pick(f, e.description_fr, e.description_en)}\n\n${pageUrl(f, e.slug)}`,
        ...(where ? { location: where } : {}),
        status: e.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        stamp: e.updated_at,
      };
    });
  return icsCalendar(f.title, items, now);
}

const updatedOf = (events: EventView[]) =>
  new Date(Math.max(0, ...events.map((e) => e.updated_at.getTime())));

export function eventsRss(f: FeedContext, events: EventView[], selfPath: string): string {
  const items = events
    .map((e) => {
      const url = pageUrl(f, e.slug);
      return `    <item>
      <title>${xml(pick(f, e.title_fr, e.title_en))}</title>
      <link>${xml(url)}</link>
      <guid isPermaLink="true">${xml(url)}</guid>
      <pubDate>${e.starts_at.toUTCString()}</pubDate>
      <description>${xml(renderMarkdown(pick(f, e.description_fr, e.description_en), f.locale))}</description>
${e.tags.map((tag) => `      <category>${xml(tag)}</category>`).join('\n')}
    </item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(f.title)}</title>
    <link>${xml(`${f.publicUrl}${f.locale === 'en' ? '/en/events' : '/agenda'}`)}</link>
    <atom:link href="${xml(f.publicUrl + selfPath)}" rel="self" type="application/rss+xml"/>
    <description>${xml(f.title)}</description>
    <language>${f.locale}</language>
${items}
  </channel>
</rss>
`;
}

export function eventsAtom(f: FeedContext, events: EventView[], selfPath: string): string {
  const entries = events
    .map((e) => {
      const url = pageUrl(f, e.slug);
      return `  <entry>
    <title type="text">${xml(pick(f, e.title_fr, e.title_en))}</title>
    <link rel="alternate" type="text/html" href="${xml(url)}"/>
    <id>${xml(url)}</id>
    <published>${e.starts_at.toISOString()}</published>
    <updated>${e.updated_at.toISOString()}</updated>
    <content type="html">${xml(renderMarkdown(pick(f, e.description_fr, e.description_en), f.locale))}</content>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${f.locale}">
  <title type="text">${xml(f.title)}</title>
  <link rel="alternate" type="text/html" href="${xml(`${f.publicUrl}${f.locale === 'en' ? '/en/events' : '/agenda'}`)}"/>
  <link rel="self" type="application/atom+xml" href="${xml(f.publicUrl + selfPath)}"/>
  <id>${xml(f.publicUrl + selfPath)}</id>
  <updated>${updatedOf(events).toISOString()}</updated>
  <author><name>${xml(f.title)}</name></author>
${entries}
</feed>
`;
}
