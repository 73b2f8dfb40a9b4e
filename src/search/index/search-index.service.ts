import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { prefixTerms } from '../../db/text-search.ts';
import {
  emptyFacets,
  type SearchAnswer,
  type SearchRepository,
  type SearchRequest,
  searchRepository,
  sortedFacets,
} from '../search.repository.ts';
import { MemoryIndex } from './memory-index.ts';
import { placeInNameOrder } from './name-order.ts';
import {
  type Horizon,
  indexDocOf,
  type SearchIndexRepository,
  searchIndexRepository,
} from './search-index.repository.ts';

/** the organisations read from the database per statement while building */
const BUILD_BATCH = 10_000;
/** more changes than this at once (an import): the index is built again instead */
const MAX_CHANGES = 20_000;
/** a register this small is indexed before the first search answers (it takes well under 1 s) */
const WAIT_FOR_BUILD_UP_TO = 50_000;
/** beyond this share of dead slots, the index is built again in the background */
const REBUILD_DEAD_SHARE = 0.5;
/** the organisations read per statement in the name order while building */
const NAME_BATCH = 50_000;

type Ready = { index: MemoryIndex } & Horizon;

/** what the index reports: a build that failed, and at a server's start whether it was built */
export type IndexLog = {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
};

/** until a server gives its log: failures as one JSON line on standard error */
const STDERR_LOG: IndexLog = {
  info() {},
  error(details, message) {
    const { err, ...rest } = details as { err?: unknown };
    const error = err instanceof Error ? { message: err.message, stack: err.stack } : err;
    process.stderr.write(
      `${JSON.stringify({ level: 'error', msg: message, ...rest, err: error })}\n`,
    );
  },
};

export type IndexSettings = {
  /** more changes than this at once (an import): the index is built again instead */
  maxChanges: number;
  /** a register this small is indexed before the first search answers */
  waitUpTo: number;
  /**
   * a register smaller than this is not indexed: the SQL search answers, about as fast there (the
   * server's setting SEARCH_INDEX_MIN_ORGANISATIONS); 0 indexes any register
   */
  minOrganisations: number;
  log: IndexLog;
};

/**
 * Directory searches answered from the in-process index (memory-index.ts), kept in step with the
 * register: before each search, one statement reads where the register stands, what changed
 * since the index last looked, and the search's words as a tsquery. The SQL search
 * (search.repository.ts) answers instead on a register smaller than `minOrganisations`, while the
 * index is being built (the first time on a large register, or after an import changed more than
 * MAX_CHANGES organisations), and for the directory's landing page, which reads counts kept by
 * the database. A build that fails is logged; the previous index, or SQL, answers meanwhile.
 *
 * One index per database handle, shared by every service built on it.
 */
export class IndexedSearch {
  private ready: Ready | null = null;
  private building: Promise<Ready> | null = null;
  /** looks are applied one after another, each over the index its predecessor left */
  private queue: Promise<unknown> = Promise.resolve();
  /** whether the register is small enough to wait for the index (null: to be read) */
  private small: boolean | null = null;

  private readonly repo: SearchIndexRepository;
  private readonly sqlSearch: SearchRepository;
  private readonly settings: IndexSettings;

  constructor(db: Kysely<DB>, settings: Partial<IndexSettings> = {}) {
    this.repo = searchIndexRepository(db);
    this.sqlSearch = searchRepository(db);
    this.settings = {
      maxChanges: MAX_CHANGES,
      waitUpTo: WAIT_FOR_BUILD_UP_TO,
      minOrganisations: 0,
      log: STDERR_LOG,
    };
    this.configure(settings);
  }

  /** changes some settings (the search module gives the server's) */
  configure(settings: Partial<IndexSettings>): void {
    for (const [key, value] of Object.entries(settings)) {
      if (value !== undefined) Object.assign(this.settings, { [key]: value });
    }
  }

  /** whether the index answers (false: the SQL search does, until the index is built) */
  get answering(): boolean {
    return this.ready !== null;
  }

  /**
   * At a server's start: logs to `log` from now on, and builds the index in the background when
   * the register is large enough for it. Never fails: what goes wrong is logged.
   */
  async start(log: IndexLog): Promise<void> {
    this.configure({ log });
    const { minOrganisations } = this.settings;
    let size: number;
    try {
      size = await this.repo.registerSize();
    } catch (error) {
      log.error({ err: error }, 'directory search index not built: SQL answers');
      return;
    }
    if (size < minOrganisations) {
      log.info(
        { organisations: size, minOrganisations },
        'directory search index not built: the register is small, SQL answers',
      );
      return;
    }
    // a failure is logged by build
    const built = await this.build().catch(() => null);
    if (built) log.info({ organisations: built.index.size }, 'directory search index built');
  }

  /** builds the index (once at a time); the old one, if any, answers meanwhile */
  build(): Promise<Ready> {
    if (!this.building) {
      this.building = this.load().then(
        (ready) => {
          this.ready = ready;
          this.building = null;
          return ready;
        },
        (error: unknown) => {
          this.building = null;
          this.settings.log.error(
            { err: error },
            this.ready
              ? 'directory search index not rebuilt: the previous index answers'
              : 'directory search index not built: SQL answers',
          );
          throw error;
        },
      );
    }
    return this.building;
  }

  /** reads the whole register into a new index */
  private async load(): Promise<Ready> {
    const horizon = await this.repo.horizon();
    const index = new MemoryIndex();
    for (let after = 0; ; ) {
      const rows = await this.repo.load(after, BUILD_BATCH);
      for (const row of rows) {
        const doc = indexDocOf(row);
        if (doc) index.put(doc);
      }
      index.settle();
      const last = rows[rows.length - 1];
      if (!last || rows.length < BUILD_BATCH) break;
      after = last.doc_no;
    }
    // the name order, as the database sorts it
    let rank = 0;
    for (let after: { name: string; id: string } | null = null; ; ) {
      const rows = await this.repo.nameOrder(after, NAME_BATCH);
      for (const row of rows) index.setRank(row.doc_no, rank++);
      const last = rows[rows.length - 1];
      if (!last || rows.length < NAME_BATCH) break;
      after = { name: last.name, id: last.id };
    }
    return { index, ...horizon };
  }

  /** the index, up to date with the register, and the search's tsquery; null: use SQL */
  private async current(
    words: readonly string[] | null,
  ): Promise<{ index: MemoryIndex; tsquery: string | null } | null> {
    // twice at most: a look that finds the register changed too much drops the index
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.ready) {
        if (this.small === null) {
          const size = await this.repo.registerSize();
          // read again at the next search: the register may have grown
          if (size < this.settings.minOrganisations) return null;
          this.small = size <= this.settings.waitUpTo;
        }
        const building = this.build();
        // a build that fails is logged, and leaves the search to SQL (the next one tries again)
        building.catch(() => undefined);
        if (!this.small) return null;
        if (!(await building.then(Boolean, () => false))) return null;
      }
      const step = this.queue.then(() => this.catchUp(words));
      this.queue = step.catch(() => undefined);
      const current = await step;
      if (current) return current;
    }
    return null;
  }

  private async catchUp(words: readonly string[] | null) {
    const ready = this.ready;
    if (!ready) return null;
    const { maxChanges } = this.settings;
    const look = await this.repo.look(ready.snapshot, maxChanges + 1, words);
    if (look.epoch !== ready.epoch || look.changed.length > maxChanges) {
      // organisations deleted, or a whole import: read the register again
      this.ready = null;
      this.small = null;
      return null;
    }
    const alive: number[] = [];
    for (const row of look.changed) {
      const doc = indexDocOf(row);
      if (doc) {
        ready.index.put(doc);
        alive.push(doc.doc);
      } else ready.index.remove(row.doc_no);
    }
    const around = await this.repo.neighbours(
      alive,
      look.changed.map((r) => r.doc_no),
    );
    // in name order (the look's), each between its neighbours
    const distinct = placeInNameOrder(
      ready.index,
      alive.map((doc) => ({
        doc,
        prev: around.get(doc)?.prev_doc ?? null,
        next: around.get(doc)?.next_doc ?? null,
      })),
    );
    ready.snapshot = look.snapshot;
    if ((!distinct || ready.index.deadShare > REBUILD_DEAD_SHARE) && !this.building) {
      // in the background: a failure is logged, and this index goes on answering
      this.build().catch(() => undefined);
    }
    return { index: ready.index, tsquery: look.tsquery };
  }

  async search(query: SearchRequest): Promise<SearchAnswer> {
    const prefix = prefixTerms(query.q);
    const filtered =
      prefix !== null ||
      query.tag.length > 0 ||
      query.kind.length > 0 ||
      query.status.length > 0 ||
      query.field.length > 0 ||
      query.commune.length > 0 ||
      query.label.length > 0 ||
      query.headcount_min !== undefined ||
      query.headcount_max !== undefined;
    // without words or filters: the database's kept counts and the order of one of its indexes
    if (!filtered) return this.sqlSearch.search(query);
    const current = await this.current(prefix);
    if (!current) return this.sqlSearch.search(query);
    const words = prefix === null ? [] : lexemesOf(current.tsquery ?? '');
    if (words === null) return this.sqlSearch.search(query);
    // words that are all stop words match nothing, as in the database
    if (prefix !== null && words.length === 0) {
      return { total: 0, rows: [], facets: emptyFacets() };
    }
    const sort = query.sort ?? (prefix !== null ? 'relevance' : 'name');
    const offset = (query.page - 1) * query.per_page;
    const answer = current.index.search({
      words,
      places: prefix === null ? [] : (query.places ?? []),
      kind: query.kind,
      status: query.status,
      field: query.field,
      commune: query.commune,
      label: query.label,
      tag: query.tag,
      headcountMin: query.headcount_min,
      headcountMax: query.headcount_max,
      sort: sort === 'relevance' && prefix === null ? 'name' : sort,
      offset,
      limit: query.per_page,
    });
    const rows = await this.repo.rowsByDocs(answer.page);
    return { total: answer.total, facets: sortedFacets(answer.facets), rows };
  }
}

/**
 * The lexemes of a tsquery made from prefixTerms ("'grenobl':* & 'logiciel':*"), or null when it
 * holds anything else (the SQL search then answers).
 */
export function lexemesOf(tsquery: string): string[] | null {
  if (tsquery.trim() === '') return [];
  const parts = tsquery.split(' & ');
  const out: string[] = [];
  for (const part of parts) {
    const m = /^'((?:[^']|'')*)':\*$/.exec(part);
    if (!m) return null;
    out.push((m[1] ?? '').replaceAll("''", "'"));
  }
  return out;
}

const indexes = new WeakMap<Kysely<DB>, IndexedSearch>();

/**
 * The directory's search over `db`, answered from its in-process index when it can. `settings`
 * (the search module gives the server's) apply to that index, whoever asked for it first.
 */
export function indexedSearch(
  db: Kysely<DB>,
  settings: Partial<IndexSettings> = {},
): Pick<IndexedSearch, 'search' | 'build' | 'start'> {
  let found = indexes.get(db);
  if (!found) {
    found = new IndexedSearch(db, settings);
    indexes.set(db, found);
  } else found.configure(settings);
  return found;
}
