import { describe, expect, it } from 'vitest';
import { atom, rss } from './feeds.ts';
import type { PublishedRow } from './news.repository.ts';

const row = {
  article_id: 1,
  locale: 'fr',
  title: 'Un <b>titre</b>',
  slug: 'un-titre',
  summary: 'Résumé <img src=x onerror="alert(1)"> & fin',
  body_md: 'Le texte.',
  tags: ['label'],
  publish_at: new Date('2014-11-14T09:00:00Z'),
  updated_at: new Date('2014-11-14T09:00:00Z'),
} as unknown as PublishedRow;

const input = {
  locale: 'fr' as const,
  title: 'Hub',
  description: 'Le <i>hub</i>',
  publicUrl: 'https://hub.example',
  pagePath: '/actualites',
  selfPath: '/actualites/flux.rss',
  rows: [row],
};

describe('feeds', () => {
  it('give an RSS reader the summary as text, never as markup', () => {
    const feed = rss(input);
    // a reader decodes the XML, then reads HTML: what it reads must be the text, escaped
    expect(feed).toContain(
      '<description>Résumé &amp;lt;img src=x onerror=&amp;quot;alert(1)&amp;quot;&amp;gt; &amp;amp; fin</description>',
    );
    expect(feed).toContain('<description>Le &amp;lt;i&amp;gt;hub&amp;lt;/i&amp;gt;</description>');
    expect(feed).not.toContain('<description>Résumé &lt;img');
  });

  it('give an Atom reader the summary as text, which its type says', () => {
    expect(atom(input)).toContain(
      '<summary type="text">Résumé &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; fin</summary>',
    );
  });
});
