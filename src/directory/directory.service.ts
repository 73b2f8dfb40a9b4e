import type { Kysely } from 'kysely';
import { AppError } from '../app/errors.ts';
import { type Actor, isStaff } from '../app/policy.ts';
import type { DB } from '../db/schema.ts';
import type { Locale } from '../web/i18n/index.ts';
import { connectionsRepository } from './connections.repository.ts';
import type { OrganisationItem, SearchQuery, SearchResult } from './directory.schema.ts';
import { organisationsRepository } from './organisations.repository.ts';
import { type OrgListRow, searchRepository } from './search.repository.ts';
import { indexedSearch } from './search-index/search-index.service.ts';
import { loadTerritory } from './territory.service.ts';

export function directoryService(db: Kysely<DB>) {
  const search = searchRepository(db);
  const indexed = indexedSearch(db);
  const orgs = organisationsRepository(db);
  const connections = connectionsRepository(db);
  const communeNames = async () => (await loadTerritory(db)).communes;

  /** allow-lists what a list item shows: nothing of a row goes out unless named here */
  function present(row: OrgListRow, locale: Locale, names: Map<string, string>): OrganisationItem {
    return {
      id: row.id,
      slug: row.slug,
      siren: row.siren,
      name: row.name,
      kind: row.kind as OrganisationItem['kind'],
      fields: row.field_slugs,
      tags: row.tags,
      status: row.status as OrganisationItem['status'],
      communes: row.communes.map((code) => ({ code, name: names.get(code) ?? code })),
      headcount: {
        band: row.headcount_band,
        min: row.headcount_min,
        max: row.headcount_max,
        year: row.headcount_year,
        source: row.headcount_source as OrganisationItem['headcount']['source'],
      },
      created_on: row.created_on,
      restricted: row.restricted,
      demo: row.is_demo,
      url: `${locale === 'en' ? '/en' : ''}/annuaire/${row.slug}`,
    };
  }

  return {
    present,
    communeNames,

    /** staff edit every profile; a member edits the organisations it belongs to */
    async canEdit(actor: Actor, organisationId: string): Promise<boolean> {
      if (isStaff(actor)) return true;
      return actor.kind === 'user' && orgs.isMember(organisationId, actor.user.id);
    },

    async search(query: SearchQuery, locale: Locale): Promise<SearchResult> {
      const [names, answer] = await Promise.all([communeNames(), indexed.search(query)]);
      return {
        total: answer.total,
        page: query.page,
        per_page: query.per_page,
        items: answer.rows.map((r) => present(r, locale, names)),
        facets: answer.facets as SearchResult['facets'],
      };
    },

    /** every matching organisation, a batch at a time */
    async *export(query: SearchQuery, locale: Locale): AsyncGenerator<OrganisationItem[]> {
      const names = await communeNames();
      for await (const rows of search.all(query)) {
        yield rows.map((r) => present(r, locale, names));
      }
    },

    /** a profile by its address; a merged or renamed one answers with where it lives now */
    async profile(slug: string) {
      const org = await orgs.findBySlug(slug);
      if (!org) {
        const movedTo = await orgs.findByOldSlug(slug);
        const target = movedTo ? await orgs.findById(movedTo) : undefined;
        if (target) return { redirect: target.slug } as const;
        throw new AppError('NOT_FOUND');
      }
      if (org.merged_into) {
        const target = await orgs.findById(org.merged_into);
        if (target) return { redirect: target.slug } as const;
      }
      const [establishments, history, relations, funding, investments] = await Promise.all([
        orgs.establishments(org.id),
        orgs.headcountHistory(org.id),
        connections.relationsOf(org.id),
        connections.roundsOf(org.id),
        connections.roundsInvestedBy(org.id),
      ]);
      return {
        organisation: org,
        // restricted-diffusion establishments show no address nor position
        establishments: establishments.map((e) =>
          e.restricted ? { ...e, street: null, latitude: null, longitude: null, name: null } : e,
        ),
        history,
        relations,
        funding,
        investments,
        communes: await communeNames(),
      } as const;
    },
  };
}

export type DirectoryService = ReturnType<typeof directoryService>;
export type Profile = Exclude<
  Awaited<ReturnType<DirectoryService['profile']>>,
  { redirect: string }
>;
