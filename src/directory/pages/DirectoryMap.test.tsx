import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../../web/context.ts';
import { coreFr } from '../../web/i18n/core.fr.ts';
import { directoryFr } from '../directory.fr.ts';
import { toQueryString } from '../directory.routes.ts';
import { type SearchResult, searchQuery } from '../directory.schema.ts';
import { DirectoryMap } from './DirectoryMap.tsx';

const ctx = {
  locale: 'fr',
  t: { ...coreFr, ...directoryFr },
  fmt: { number: (n: number) => String(n) },
  href: (p: string) => p,
} as unknown as PageContext;

const result = (commune: Record<string, number>, total: number) =>
  ({
    total,
    page: 1,
    per_page: 20,
    items: [],
    place: null,
    facets: { kind: {}, field: {}, commune, headcount: {}, status: {}, label: {} },
  }) as SearchResult;

const draw = (names: [string, string][], counts: Record<string, number>) => {
  const query = searchQuery.parse({ kind: 'startup' });
  return renderToStaticMarkup(
    <DirectoryMap
      ctx={ctx}
      query={query}
      result={result(counts, 5)}
      communeNames={new Map(names)}
      queryString={(changes) => toQueryString(query, changes)}
    />,
  );
};

describe('the directory’s map view', () => {
  it('draws the communes of a territory in Isère, each leading to its filtered list', () => {
    const html = draw(
      [
        ['38185', 'Grenoble'],
        ['38151', 'Échirolles'],
      ],
      { '38185': 4, '38151': 1 },
    );
    expect(html).toContain('class="commune-map"');
    expect(html).toContain(
      '<a href="/annuaire?kind=startup&amp;commune=38151" aria-label="Échirolles : 1 organisation">',
    );
  });

  it('gives the table alone, saying why, for a territory whose borders are not shipped', () => {
    const html = draw(
      [
        ['75056', 'Paris'],
        ['38185', 'Grenoble'],
      ],
      { '75056': 3, '38185': 2 },
    );
    expect(html).not.toContain('<svg');
    expect(html).toContain(directoryFr.directory.mapNoContours);
    expect(html).toContain('<a href="/annuaire?kind=startup&amp;commune=75056">Paris</a>');
    expect(html).toContain('<td data-commune="75056">3</td>');
  });

  it('says so when no organisation of the search is in a commune', () => {
    const html = draw([['38185', 'Grenoble']], {});
    expect(html).toContain(directoryFr.directory.mapNone);
    expect(html).not.toContain('<table');
  });
});
