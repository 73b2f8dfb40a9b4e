import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { loadTerritory } from '../hub/territory.service.ts';
import { coreError } from '../kernel/errors.ts';
import { type Actor, isStaff } from '../kernel/policy.ts';
import { type OrgListRow, searchService } from '../search/search.service.ts';
import { nafLabel } from '../sirene/naf/naf.ts';
import type { Locale } from '../web/i18n/index.ts';
import { claimsRepository } from './claims.repository.ts';
import { connectionsRepository } from './connections.repository.ts';
import { parisToday } from './connections.schema.ts';
import { actsForOrganisation } from './directory.policy.ts';
import type {
  Kind,
  OrganisationDetail,
  OrganisationItem,
  OrgStatus,
  RelationType,
  SearchQuery,
  SearchResult,
  Source,
  Stage,
} from './directory.schema.ts';
import { presentHeadcount } from './headcount.ts';
import { organisationsRepository } from './organisations.repository.ts';
import { placeOfQuery } from './places.ts';

export function directoryService(db: Kysely<DB>, clock: () => Date = () => new Date()) {
  const search = searchService(db);
  const orgs = organisationsRepository(db);
  const connections = connectionsRepository(db);
  const communeNames = async () => (await loadTerritory(db)).communes;

  /**
   * The labels organisations hold are those of one day, kept in the database (migration 0030):
   * before the first search of each day in Paris, that day becomes today's (one statement, which
   * writes again the organisations whose labels began or ended). Afterwards, nothing per search.
   */
  let labelsDay: string | null = null;
  async function labelsOfToday(): Promise<void> {
    const day = parisToday(clock());
    if (day === labelsDay) return;
    await orgs.holdLabelsOn(day);
    labelsDay = day;
  }

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
      headcount: presentHeadcount(row),
      created_on: row.created_on,
      restricted: row.restricted,
      demo: row.is_demo,
      activity: activityOf(row.naf_code, locale),
      url: `${locale === 'en' ? '/en' : ''}/annuaire/${row.slug}`,
    };
  }

  const service = {
    present,
    communeNames,

    /** when the person asked to join this organisation, while staff have not decided; else null */
    async pendingClaimSince(actor: Actor, organisationId: string): Promise<Date | null> {
      if (actor.kind !== 'user') return null;
      return claimsRepository(db).pendingSince(organisationId, actor.user.id);
    },

    /** staff edit every profile; a member edits the organisations it belongs to */
    async canEdit(actor: Actor, organisationId: string): Promise<boolean> {
      if (isStaff(actor)) return true;
      return actsForOrganisation(orgs, actor, organisationId);
    },

    /**
     * A page of results. Words that name a commune of the territory find the organisations
     * located there too (`place` says which commune).
     */
    async search(query: SearchQuery, locale: Locale): Promise<SearchResult> {
      await labelsOfToday();
      const names = await communeNames();
      const place = placeOfQuery(query.q, names);
      const answer = await search.search(place ? { ...query, places: [place.code] } : query);
      return {
        total: answer.total,
        page: query.page,
        per_page: query.per_page,
        items: answer.rows.map((r) => present(r, locale, names)),
        place,
        facets: answer.facets as SearchResult['facets'],
      };
    },

    /** every matching organisation, a batch at a time */
    async *export(query: SearchQuery, locale: Locale): AsyncGenerator<OrganisationItem[]> {
      await labelsOfToday();
      const names = await communeNames();
      const place = placeOfQuery(query.q, names);
      for await (const rows of search.all(place ? { ...query, places: [place.code] } : query)) {
        yield rows.map((r) => present(r, locale, names));
      }
    },

    /**
     * Where an address of the directory leads (see organisationsRepository.whereIs); a chain of
     * merges that loops leads nowhere (404).
     */
    async whereIs(slug: string) {
      const place = await orgs.whereIs(slug);
      if (place?.kind === 'gone') throw coreError('NOT_FOUND');
      return place;
    },

    /**
     * A profile by its current address. Old addresses (renamed, merged) never reach here: they
     * are redirected before any directory route runs (moved.hooks.ts).
     */
    async profile(slug: string) {
      const org = await orgs.findBySlug(slug);
      if (!org || org.merged_into) throw coreError('NOT_FOUND');
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

    /** one organisation as the API gives it */
    async detail(slug: string): Promise<OrganisationDetail> {
      return detailOf(await service.profile(slug));
    },
  };
  return service;
}

/** one organisation as the API gives it: every value named, nothing else of the rows */
function detailOf(profile: Profile): OrganisationDetail {
  const o = profile.organisation;
  return {
    id: o.id,
    slug: o.slug,
    siren: o.siren,
    name: o.name,
    acronym: o.acronym,
    kind: o.kind as Kind,
    status: o.status as OrgStatus,
    description: { fr: o.description_fr, en: o.description_en },
    website: o.website,
    fields: o.field_slugs,
    tags: o.tags,
    created_on: o.created_on,
    restricted: o.restricted,
    demo: o.is_demo,
    headcount: presentHeadcount(o),
    headcount_history: profile.history.map((h) => ({
      siret: h.siret,
      band: h.band,
      exact: h.exact,
      year: h.year,
      source: h.source as Source,
      observed_on: h.observed_on,
    })),
    establishments: profile.establishments.map((e) => ({
      siret: e.siret,
      head_office: e.is_head_office,
      status: e.status as 'open' | 'closed',
      commune: e.commune_code,
      headcount_band: e.headcount_band,
      headcount_year: e.headcount_year,
      latitude: e.latitude,
      longitude: e.longitude,
    })),
    relations: profile.relations.map((r) => ({
      type: r.type as RelationType,
      from: r.reverse ? r.other.slug : o.slug,
      to: r.reverse ? o.slug : r.other.slug,
      started_on: r.started_on,
      ended_on: r.ended_on,
      source: r.source as Source,
    })),
    funding_rounds: profile.funding.map((f) => ({
      announced_on: f.announced_on,
      stage: f.stage as Stage,
      amount_eur: f.amount_eur,
      investors: f.investors.map((i) => i.slug),
      source: f.source as Source,
      demo: f.is_demo,
    })),
  };
}

/** an activity code with its label in the language asked (French where no English is known) */
function activityOf(code: string | null, locale: Locale): OrganisationItem['activity'] {
  if (!code) return null;
  const found = nafLabel(code, locale);
  return found
    ? { code: found.code, label: found.label, label_language: found.lang }
    : { code, label: null, label_language: null };
}

export type DirectoryService = ReturnType<typeof directoryService>;
export type Profile = Awaited<ReturnType<DirectoryService['profile']>>;
