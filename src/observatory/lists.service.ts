import { coreError } from '../kernel/errors.ts';
import type { Locale } from '../web/i18n/index.ts';
import { observatoryError } from './observatory.errors.ts';
import type { ObservatoryRepository } from './observatory.repository.ts';
import type { MemberItem } from './observatory.schema.ts';
import { presentMember } from './presenters.ts';

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
export const FIRST_PAGE: PageRequest = { page: 1, perPage: LIST_PAGE_SIZE, clamp: true };

/** what a figure's organisations are read for: a page, or (figure) a whole download */
export type Figure = { objective: number } | { set: string };

/** the rows a download takes at a time from the register */
const CLOSURES_BATCH = 1000;

/** the year of a closures list ('closures:2025'), null for closures without a date */
function closureYear(setKey: string): number | null | undefined {
  const m = /^closures:(\d{4}|unknown)$/.exec(setKey);
  if (!m) return undefined;
  return m[1] === 'unknown' ? null : Number(m[1]);
}

/**
 * A window of a list: a stored figure's organisations, or a year's closures, read from the
 * register (their count is stored, their list is not)
 */
function listWindow(
  repo: ObservatoryRepository,
  setKey: string,
  window: { offset: number; limit: number },
) {
  const closed = closureYear(setKey);
  return closed === undefined
    ? repo.members(setKey, window)
    : repo.closedOrganisations(closed, window);
}

/**
 * One page of a figure's organisations. A page past the last shows the last one (an address
 * kept from a larger list still shows something), and says so with `asked`.
 */
export async function membersPage(
  repo: ObservatoryRepository,
  setKey: string,
  locale: Locale,
  request: PageRequest,
) {
  const asked = { offset: (request.page - 1) * request.perPage, limit: request.perPage };
  let { rows, total } = await listWindow(repo, setKey, asked);
  const pages = Math.max(1, Math.ceil(total / request.perPage));
  let number = request.page;
  if (request.clamp && number > pages) {
    number = pages;
    rows = (
      await listWindow(repo, setKey, {
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

/**
 * A stored figure read from one run to the end; it fails rather than end short when two more
 * runs removed that run's organisations meanwhile, or when its objective was deleted.
 */
async function* runBatches(
  repo: ObservatoryRepository,
  figure: Figure,
  set: { key: string; run: number },
  locale: Locale,
): AsyncGenerator<MemberItem[]> {
  for await (const rows of repo.allMembers(set)) {
    yield rows.map((m) => presentMember(m, locale));
  }
  if (!(await repo.runMembersKept(set.run))) {
    throw observatoryError('FIGURES_RECOMPUTED', `run ${set.run} was dropped during a download`);
  }
  if ('objective' in figure && !(await repo.objective(figure.objective))) {
    throw observatoryError('OBJECTIVE_DELETED', `objective ${figure.objective}`);
  }
}

/** the register itself, batch after batch, each after the last row of the one before */
async function* closureBatches(
  repo: ObservatoryRepository,
  year: number | null,
  locale: Locale,
): AsyncGenerator<MemberItem[]> {
  let after: { closedOn: string | null; id: string } | undefined;
  for (;;) {
    const { rows } = await repo.closedOrganisations(year, { limit: CLOSURES_BATCH, after });
    if (rows.length > 0) yield rows.map((m) => presentMember(m, locale));
    const last = rows.at(-1);
    if (!last || rows.length < CLOSURES_BATCH) return;
    after = { closedOn: last.observed_on, id: last.organisation_id };
  }
}

/** The lists behind the figures: a page at a time, or whole for a download. */
export function listsService<State>(repo: ObservatoryRepository, state: () => Promise<State>) {
  return {
    /** the organisations behind a stored figure other than an objective, a page at a time */
    async members(name: string, locale: Locale, page: PageRequest = FIRST_PAGE) {
      const key = memberSetKey(name);
      if (!key) throw coreError('NOT_FOUND');
      const [list, s] = await Promise.all([membersPage(repo, key, locale, page), state()]);
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
      figure: Figure,
      locale: Locale,
    ): Promise<{ key: string; batches: AsyncGenerator<MemberItem[]> }> {
      let key: string | null;
      if ('objective' in figure) {
        if (!(await repo.objective(figure.objective))) throw coreError('NOT_FOUND');
        key = `objective:${figure.objective}`;
      } else key = memberSetKey(figure.set);
      if (!key) throw coreError('NOT_FOUND');
      const closed = closureYear(key);
      if (closed !== undefined) return { key, batches: closureBatches(repo, closed, locale) };
      const run = await repo.currentRun();
      const batches = run === null ? nothing() : runBatches(repo, figure, { key, run }, locale);
      return { key, batches };
    },
  };
}

async function* nothing(): AsyncGenerator<MemberItem[]> {}
