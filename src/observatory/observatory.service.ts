import type { Kysely } from 'kysely';
import { instanceMeta } from '../db/instance-meta.ts';
import type { DB } from '../db/schema.ts';
import { directoryEn } from '../directory/directory.en.ts';
import { directoryFr } from '../directory/directory.fr.ts';
import type { Source } from '../directory/directory.schema.ts';
import { hubService } from '../hub/hub.service.ts';
import { coreError } from '../kernel/errors.ts';
import { formatter, type Locale } from '../web/i18n/index.ts';
import { type Indicators, observatoryJobs } from './compute.service.ts';
import { observatoryEn } from './observatory.en.ts';
import { observatoryError } from './observatory.errors.ts';
import { observatoryFr } from './observatory.fr.ts';
import {
  type MemberRow,
  type MilestoneInput,
  type ObjectiveInput,
  type ObjectiveRow,
  observatoryRepository,
  type ResultRow,
} from './observatory.repository.ts';
import type { MemberItem, ObjectiveItem } from './observatory.schema.ts';
import type { Projection } from './projection.ts';

/** a figure's organisations: the sets the pages link to, and how they are named in addresses */
export const MEMBER_SETS = {
  'croissance-ocde': 'high_growth:oecd',
  'croissance-eurostat': 'high_growth:eurostat',
} as const;

export function memberSetKey(name: string): string | null {
  if (name in MEMBER_SETS) return MEMBER_SETS[name as keyof typeof MEMBER_SETS];
  const funding = /^financement-(\d{4})$/.exec(name);
  if (funding) return `funding:${Number(funding[1])}`;
  if (name === 'fermetures-date-inconnue') return 'closures:unknown';
  const closures = /^fermetures-(\d{4})$/.exec(name);
  return closures ? `closures:${Number(closures[1])}` : null;
}

/** a page of a list as asked: clamp says a page past the last shows the last (pages) */
export type PageRequest = { page: number; perPage: number; clamp?: boolean };
/** where a page of a list is: its number, its size, how many there are, and what was asked */
export type ListPage = { number: number; perPage: number; pages: number; asked: number };
/** the organisations a page of the observatory shows at once */
export const LIST_PAGE_SIZE = 100;
const FIRST_PAGE: PageRequest = { page: 1, perPage: LIST_PAGE_SIZE, clamp: true };

/** the year of a closures list ('closures:2025'), null for closures without a date */
function closureYear(setKey: string): number | null | undefined {
  const m = /^closures:(\d{4}|unknown)$/.exec(setKey);
  if (!m) return undefined;
  return m[1] === 'unknown' ? null : Number(m[1]);
}

const withPrefix = (locale: Locale, p: string) => `${locale === 'en' ? '/en' : ''}${p}`;

export function observatoryService(db: Kysely<DB>) {
  const repo = observatoryRepository(db);
  const hub = hubService(db);

  async function fieldNames(locale: Locale): Promise<Map<string, string>> {
    const fields = await hub.fields(locale);
    return new Map(fields.map((f) => [f.slug, f.name]));
  }

  function describeRule(o: ObjectiveRow, locale: Locale, fields: Map<string, string>): string {
    const t = locale === 'fr' ? observatoryFr : observatoryEn;
    const kinds = (locale === 'fr' ? directoryFr : directoryEn).directory.kinds as Record<
      string,
      string
    >;
    const fmt = formatter(locale);
    const n = (v: number) => fmt.number(v);
    return t.ruleText({
      active: o.active_only,
      scope: t.scopes[o.scope],
      sector:
        o.field_slugs.length === 0
          ? t.sectorAll
          : t.sectorFields(fmt.list(o.field_slugs.map((f) => fields.get(f) ?? f))),
      kinds: o.kinds.length ? t.kindsText(fmt.list(o.kinds.map((k) => kinds[k] ?? k))) : '',
      created: o.created_on_or_after ? t.createdText(fmt.date(o.created_on_or_after)) : '',
      measure: t.measures[o.measure],
      range:
        o.max_employees === null
          ? t.rangeAtLeast(n(o.min_employees))
          : t.rangeBetween(n(o.min_employees), n(o.max_employees)),
    });
  }

  function describeProjection(p: Projection | undefined, locale: Locale) {
    const t = locale === 'fr' ? observatoryFr : observatoryEn;
    const fmt = formatter(locale);
    if (!p)
      return { method: 'not_computed' as const, points: 0, description: t.methods.not_computed };
    switch (p.method) {
      case 'least_squares':
        return {
          method: p.method,
          value: p.value,
          on: p.on,
          points: p.points,
          per_year: p.perYear,
          description: t.methods.least_squares(
            fmt.number(p.value),
            fmt.date(p.on),
            p.points,
            fmt.number(p.perYear),
          ),
        };
      case 'deadline_passed':
        return {
          method: p.method,
          on: p.on,
          value_at_deadline: p.valueAtDeadline,
          points: p.points,
          description: t.methods.deadline_passed(
            fmt.date(p.on),
            p.valueAtDeadline === null ? null : fmt.number(p.valueAtDeadline),
          ),
        };
      case 'insufficient':
        return {
          method: p.method,
          points: p.points,
          description: t.methods.insufficient(p.points),
        };
    }
  }

  function presentObjective(
    o: ObjectiveRow,
    result: ResultRow | undefined,
    context: { locale: Locale; fields: Map<string, string>; asOf: string | null; demo: boolean },
  ): ObjectiveItem {
    const { locale } = context;
    return {
      id: o.id,
      title: locale === 'fr' ? o.title_fr : o.title_en,
      rule: {
        scope: o.scope,
        fields: o.field_slugs,
        kinds: o.kinds as ObjectiveItem['rule']['kinds'],
        measure: o.measure,
        min_employees: o.min_employees,
        max_employees: o.max_employees,
        created_on_or_after: o.created_on_or_after,
        active_only: o.active_only,
        description: describeRule(o, locale, context.fields),
      },
      target: o.target,
      deadline: o.deadline,
      value: result ? result.value : null,
      history: result?.history ?? [],
      projection: describeProjection(result?.projection as Projection | undefined, locale),
      data_as_of: result ? context.asOf : null,
      computed_at: result ? result.computed_at.toISOString() : null,
      demo: context.demo,
      url: withPrefix(locale, `/observatoire/objectifs/${o.id}`),
    };
  }

  function presentMember(m: MemberRow, locale: Locale): MemberItem {
    return {
      id: m.organisation_id,
      slug: m.slug,
      siren: m.siren,
      name: m.name,
      kind: m.kind,
      status: m.status,
      demo: m.is_demo,
      headcount: {
        band: m.band,
        exact: m.exact,
        low: m.low,
        high: m.high,
        year: m.year,
        source: (m.source as Source | null) ?? null,
        observed_on: m.observed_on,
      },
      url: withPrefix(locale, `/annuaire/${m.slug}`),
    };
  }

  /**
   * One page of a figure's organisations. A page past the last shows the last one (an address
   * kept from a larger list still shows something), and says so with `asked`.
   */
  /**
   * A window of a list: a stored figure's organisations, or a year's closures, read from the
   * register (their count is stored, their list is not)
   */
  function listWindow(setKey: string, window: { offset: number; limit: number }) {
    const closed = closureYear(setKey);
    return closed === undefined
      ? repo.members(setKey, window)
      : repo.closedOrganisations(closed, window);
  }

  async function membersPage(setKey: string, locale: Locale, request: PageRequest) {
    const asked = { offset: (request.page - 1) * request.perPage, limit: request.perPage };
    let { rows, total } = await listWindow(setKey, asked);
    const pages = Math.max(1, Math.ceil(total / request.perPage));
    let number = request.page;
    if (request.clamp && number > pages) {
      number = pages;
      rows = (
        await listWindow(setKey, {
          offset: (pages - 1) * request.perPage,
          limit: request.perPage,
        })
      ).rows;
    }
    return {
      organisations: rows.map((m) => presentMember(m, locale)),
      total,
      page: { number, perPage: request.perPage, pages, asked: request.page } satisfies ListPage,
    };
  }

  async function state() {
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
  }

  return {
    state,

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
      const list = await membersPage(`objective:${id}`, locale, page);
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

    async indicators(): Promise<Indicators | undefined> {
      return (await repo.indicators()).get('all') as Indicators | undefined;
    },

    /** creations and closures per year, each closure year with the address of its organisations */
    async perYear(locale: Locale) {
      const [data, s] = await Promise.all([this.indicators(), state()]);
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

    async fieldNames(locale: Locale) {
      return fieldNames(locale);
    },

    /** the organisations behind a stored figure other than an objective, a page at a time */
    async members(name: string, locale: Locale, page: PageRequest = FIRST_PAGE) {
      const key = memberSetKey(name);
      if (!key) throw coreError('NOT_FOUND');
      const [list, s] = await Promise.all([membersPage(key, locale, page), state()]);
      return { key, state: s, ...list };
    },

    /**
     * Every organisation behind a figure, in batches, for a download: the figure is checked
     * first, so that an unknown one is a 404 before anything is sent. A stored figure is read
     * from the run current when the download begins, to the end, whatever runs finish meanwhile
     * (the next run keeps its organisations); in the rare case that two more runs removed them
     * before the end, the download fails rather than end short.
     */
    async memberBatches(
      figure: { objective: number } | { set: string },
      locale: Locale,
    ): Promise<{ key: string; batches: AsyncGenerator<MemberItem[]> }> {
      let key: string | null;
      if ('objective' in figure) {
        if (!(await repo.objective(figure.objective))) throw coreError('NOT_FOUND');
        key = `objective:${figure.objective}`;
      } else key = memberSetKey(figure.set);
      if (!key) throw coreError('NOT_FOUND');
      const setKey = key;
      const closed = closureYear(setKey);
      const run = closed === undefined ? await repo.currentRun() : null;
      async function* batches() {
        if (closed === undefined) {
          if (run === null) return;
          for await (const rows of repo.allMembers({ key: setKey, run })) {
            yield rows.map((m) => presentMember(m, locale));
          }
          if (!(await repo.runMembersKept(run))) {
            throw observatoryError(
              'FIGURES_RECOMPUTED',
              `run ${run} was dropped during a download`,
            );
          }
          if ('objective' in figure && !(await repo.objective(figure.objective))) {
            throw observatoryError('OBJECTIVE_DELETED', `objective ${figure.objective}`);
          }
          return;
        }
        // the register itself, batch after batch, each after the last row of the one before
        let after: { closedOn: string | null; id: string } | undefined;
        for (;;) {
          const { rows } = await repo.closedOrganisations(closed, { limit: 1000, after });
          if (rows.length > 0) yield rows.map((m) => presentMember(m, locale));
          const last = rows.at(-1);
          if (!last || rows.length < 1000) return;
          after = { closedOn: last.observed_on, id: last.organisation_id };
        }
      }
      return { key: setKey, batches: batches() };
    },

    milestones: () => repo.milestones(),
    objectiveRows: () => repo.objectives(),
    milestone: async (id: number) => {
      const m = await repo.milestone(id);
      if (!m) throw coreError('NOT_FOUND');
      return m;
    },
    objectiveRow: async (id: number) => {
      const o = await repo.objective(id);
      if (!o) throw coreError('NOT_FOUND');
      return o;
    },

    async createObjective(input: ObjectiveInput): Promise<number> {
      const id = await repo.createObjective(input);
      observatoryJobs(db).request('staff');
      return id;
    },

    async updateObjective(id: number, input: ObjectiveInput): Promise<void> {
      if (!(await repo.updateObjective(id, input))) throw coreError('NOT_FOUND');
      observatoryJobs(db).request('staff');
    },

    async saveMilestone(id: number | null, input: MilestoneInput): Promise<number> {
      const saved = await repo.saveMilestone(id, input);
      if (saved === undefined) throw coreError('NOT_FOUND');
      return saved;
    },

    /** what deleting an objective takes away, for the page that asks to confirm it */
    async objectiveDeletion(id: number) {
      const o = await repo.objective(id);
      if (!o) throw coreError('NOT_FOUND');
      const [results, members] = await Promise.all([
        repo.results(),
        repo.memberCount(`objective:${id}`),
      ]);
      return { objective: o, computed: results.has(id), members };
    },

    /**
     * Deletes an objective with its stored result and organisations, in one transaction that
     * waits for a recomputation in progress: pages never see the objective without its result
     * or a result without its objective, and no run writes a result for it afterwards.
     */
    async deleteObjective(id: number): Promise<void> {
      const deleted = await db.transaction().execute(async (trx) => {
        const r = observatoryRepository(trx);
        await r.lockResults();
        return r.deleteObjective(id);
      });
      if (!deleted) throw coreError('NOT_FOUND');
    },

    async deleteMilestone(id: number): Promise<void> {
      if (!(await repo.deleteMilestone(id))) throw coreError('NOT_FOUND');
    },

    requestRecompute(): void {
      observatoryJobs(db).request('staff');
    },
  };
}

export type ObservatoryService = ReturnType<typeof observatoryService>;
