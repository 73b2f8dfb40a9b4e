import { describe, expect, it } from 'vitest';
import { type LinkedOrganisation, linkOrganisations } from './news.organisations.ts';

const kept: LinkedOrganisation = { id: 'k', slug: 'gardee', name: 'Gardée' };
const other: LinkedOrganisation = { id: 'o', slug: 'autre', name: 'Autre' };

/** a directory that knows two organisations, one of them also by a merged duplicate's slug */
const directory = {
  bySlugs: async (slugs: readonly string[]) =>
    new Map(
      slugs.flatMap((s): [string, LinkedOrganisation][] =>
        s === 'gardee' || s === 'doublon' ? [[s, kept]] : s === 'autre' ? [[s, other]] : [],
      ),
    ),
  membershipsOf: async () => [],
};

describe('linkOrganisations', () => {
  it('links each organisation once, however many of its slugs were typed', async () => {
    expect(await linkOrganisations(directory, ['doublon', 'gardee', 'autre'])).toEqual({
      ids: ['k', 'o'],
      unknown: [],
    });
  });

  it('names the slugs the directory does not know, in the order typed', async () => {
    expect(await linkOrganisations(directory, ['personne', 'gardee', 'inconnue'])).toEqual({
      ids: ['k'],
      unknown: ['personne', 'inconnue'],
    });
    expect(await linkOrganisations(directory, [])).toEqual({ ids: [], unknown: [] });
  });
});
