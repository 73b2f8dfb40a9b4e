import { createRequire } from 'node:module';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { communeMap, type MapCommune } from './CommuneMap.tsx';
import type { PageContext } from './context.ts';
import { coreFr } from './i18n/core.fr.ts';

type RawEpci = { code: string; membres: { code: string; nom: string }[] };
const epcis = createRequire(import.meta.url)(
  '@etalab/decoupage-administratif/data/epci.json',
) as RawEpci[];
const gam = epcis.find((e) => e.code === '200040715')?.membres ?? [];

const ctx = {
  locale: 'fr',
  t: coreFr,
  fmt: { number: (n: number) => new Intl.NumberFormat('fr-FR').format(n) },
} as unknown as PageContext;

const communes: MapCommune[] = gam.map((m, i) => ({
  code: m.code,
  name: m.nom,
  // Grenoble the most, a third of the communes with none
  count: m.code === '38185' ? 120 : i % 3 === 0 ? 0 : i,
  href: `/annuaire?commune=${m.code}`,
}));

const draw = (list: MapCommune[], selected?: string[]) => {
  const map = communeMap({
    ctx,
    id: 'm',
    title: 'Organisations par commune',
    description: 'La carte',
    communes: list,
    countLabel: (n) => `${n} organisation${n > 1 ? 's' : ''}`,
    selected,
  });
  return (
    map &&
    renderToStaticMarkup(
      <>
        {map.svg}
        {map.legend}
      </>,
    )
  );
};

describe('a map of communes', () => {
  const html = draw(communes) ?? '';

  it('draws each commune of the territory as a link named with its count, to its address', () => {
    const links = [...html.matchAll(/<a href="([^"]+)" aria-label="([^"]+)"><path d="M[^"]+"/g)];
    expect(links).toHaveLength(49);
    expect(links.map((l) => l[1]).sort()).toEqual(communes.map((c) => c.href).sort());
    expect(html).toContain('aria-label="Grenoble : 120 organisations"');
    const none = communes.find((c) => c.count === 0);
    expect(html).toContain(`aria-label="${none?.name} : 0 organisation"`);
  });

  it('is a group of links with a title and a description, scaled by its viewBox', () => {
    expect(html).toMatch(
      /<svg viewBox="0 0 \d+ \d+" width="\d+" height="\d+" class="commune-map" role="group" aria-labelledby="m-title m-svgdesc">/,
    );
    expect(html).toContain('<title id="m-title">Organisations par commune</title>');
  });

  it('names the main communes, the largest count first, and explains its shades', () => {
    const labels = [...html.matchAll(/<text [^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels[0]).toBe('Grenoble');
    expect(labels.length).toBeGreaterThan(2);
    expect(labels.length).toBeLessThanOrEqual(8);
    expect(html).toContain('Nombre par commune');
    expect(html).toMatch(/de \d+ à 120/);
  });

  it('outlines the communes chosen in the filters, and says so', () => {
    const chosen = draw(communes, ['38185']) ?? '';
    expect(chosen).toContain('class="map-selected"');
    expect(chosen).toContain(coreFr.map.selected);
    expect(html).not.toContain(coreFr.map.selected);
  });

  it('is not drawn when a commune has no contour, nor for no commune', () => {
    const paris = { code: '75056', name: 'Paris', count: 3, href: '/annuaire?commune=75056' };
    expect(draw([...communes, paris])).toBeNull();
    expect(draw([])).toBeNull();
  });
});
