import type { Kysely } from 'kysely';
import { instanceMeta } from '../db/instance-meta.ts';
import type { DB } from '../db/schema.ts';
import { type HubService, hubService } from '../hub/hub.service.ts';
import { coreError } from '../kernel/errors.ts';
import type { Locale } from '../web/i18n/index.ts';
import type { Indicators } from './compute.service.ts';
import { objectiveEditing, roadmapService } from './editing.service.ts';
import { FIRST_PAGE, listsService, membersPage, type PageRequest } from './lists.service.ts';
import { type ObservatoryRepository, observatoryRepository } from './observatory.repository.ts';
import { presentObjective, withPrefix } from './presenters.ts';

/** what the pages say of the figures: of which date, computed when, running, failed, demo */
function stateReader(db: Kysely<DB>, repo: ObservatoryRepository) {
  return async function state() {
    const [runs, failure, meta] = await Promise.all([
      repo.runs(),
      repo.lastFailure(),
      instanceMeta(db).get('demo_loaded_at'),
    ]);
    const done = runs.done;
    return {
      asOf: done?.as_of ?? null,
      computedAt: done?.finished_at ?? null,
      seconds: done?.seconds ?? null,
      computed: done !== undefined,
      running: runs.running !== undefined,
      failure: failure?.error ?? null,
      demo: (done?.demo ?? false) || meta !== undefined,
    };
  };
}

type State = ReturnType<typeof stateReader>;

/** The objectives as the stored results give them: the overview, one objective, the API. */
function objectivesService(
  repo: ObservatoryRepository,
  state: State,
  fieldNames: (locale: Locale) => Promise<Map<string, string>>,
) {
  return {
    /** every objective with its stored result: the overview page, the home page and the API */
    async objectives(locale: Locale) {
      const [rows, results, fields, s] = await Promise.all([
        repo.objectives(),
        repo.results(),
        fieldNames(locale),
        state(),
      ]);
      const context = { locale, fields, asOf: s.asOf, demo: s.demo };
      return {
        state: s,
        items: rows.map((o) => presentObjective(o, results.get(o.id), context)),
      };
    },

    /** one objective with one page of the organisations behind its value */
    async objective(id: number, locale: Locale, page: PageRequest = FIRST_PAGE) {
      const [o, results, fields, s] = await Promise.all([
        repo.objective(id),
        repo.results(),
        fieldNames(locale),
        state(),
      ]);
      if (!o) throw coreError('NOT_FOUND');
      const list = await membersPage(repo, `objective:${id}`, locale, page);
      return {
        state: s,
        item: presentObjective(o, results.get(id), {
          locale,
          fields,
          asOf: s.asOf,
          demo: s.demo,
        }),
        organisations: list.organisations,
        organisationsTotal: list.total,
        page: list.page,
      };
    },
  };
}

/** The indicators as the last run stored them. */
function indicatorsService(repo: ObservatoryRepository, state: State) {
  async function indicators(): Promise<Indicators | undefined> {
    return (await repo.indicators()).get('all') as Indicators | undefined;
  }

  return {
    indicators,

    /** creations and closures per year, each closure year with the address of its organisations */
    async perYear(locale: Locale) {
      const [data, s] = await Promise.all([indicators(), state()]);
      const undated = data?.closures.undated ?? 0;
      return {
        data_as_of: s.asOf,
        demo: s.demo,
        computed: data !== undefined,
        creations: data?.creations ?? [],
        closures: {
          per_year: (data?.closuresPerYear ?? []).map((r) => ({
            ...r,
            organisations_url: withPrefix(
              locale,
              `/observatoire/organisations?ensemble=fermetures-${r.year}`,
            ),
          })),
          date_unknown: undated,
          date_unknown_url:
            undated > 0
              ? withPrefix(locale, '/observatoire/organisations?ensemble=fermetures-date-inconnue')
              : null,
          closed: data?.closures.closed ?? 0,
          exited: data?.closures.exited ?? 0,
        },
      };
    },
  };
}

/**
 * What pages, the API and the back office ask of the observatory: the stored figures read in
 * words (objectives, indicators), the lists behind them and their downloads, the objectives'
 * and the roadmap's editing. The hub's fields name the sectors (given by the module, or read
 * from the database).
 */
export function observatoryService(
  db: Kysely<DB>,
  hub: Pick<HubService, 'fields' | 'communes'> = hubService(db),
) {
  const repo = observatoryRepository(db);
  const state = stateReader(db, repo);

  async function fieldNames(locale: Locale): Promise<Map<string, string>> {
    const fields = await hub.fields(locale);
    return new Map(fields.map((f) => [f.slug, f.name]));
  }

  return {
    state,
    fieldNames,
    /** the territory's communes, each drawn on the map whatever its count */
    territoryCommunes: () => hub.communes(),
    ...objectivesService(repo, state, fieldNames),
    ...indicatorsService(repo, state),
    ...listsService(repo, state),
    ...objectiveEditing(db, repo),
    ...roadmapService(repo),
  };
}

export type ObservatoryService = ReturnType<typeof observatoryService>;
