import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { computeRepository, type HIGH_GROWTH } from './compute.repository.ts';
import { observatoryRepository, type RunRow } from './observatory.repository.ts';
import { project } from './projection.ts';

export type RunReason = RunRow['reason'];

export type Indicators = {
  byKind: { key: string; count: number }[];
  byField: { key: string; count: number }[];
  byCommune: {
    code: string;
    name: string | null;
    establishments: number;
    organisations: number;
    located: number;
    latitude: number | null;
    longitude: number | null;
  }[];
  overTime: { on: string; kind: string; count: number }[];
  creations: { year: number; count: number }[];
  /** `undated`: closed organisations the register gives no closure date for */
  closures: { closed: number; exited: number; ceased: number; undated?: number };
  /** closed organisations by the year of their closure date (absent from results stored before) */
  closuresPerYear?: { year: number; count: number }[];
  jobs: {
    history: { on: string; low: number; high: number; openTop: number; known: number }[];
    /**
     * the headline: the latest import's point of `history` (the same run, the same date), or,
     * before any import, the establishments' bands as they are (`on` null)
     */
    now: {
      on?: string | null;
      low: number;
      high: number;
      openTop: number;
      known: number;
      minYear: number | null;
      maxYear: number | null;
    } | null;
    openEstablishments: number;
  };
  funding: { year: number; rounds: number; amount: number; undisclosed: number; demo: boolean }[];
  highGrowth: Record<keyof typeof HIGH_GROWTH, { candidates: number; proven: number }>;
};

type JobsRow = { on: string; low: string; high: string; open_top: number; known: number };
type TerritoryRow = {
  low: string;
  high: string;
  open_top: number;
  known: number;
  establishments: number;
  min_year: number | null;
  max_year: number | null;
};

/**
 * The jobs figure: the history at each import date, and the headline read from its latest point,
 * so that the two never disagree; the bands' years come from the establishments as they are.
 */
export function jobsFigures(
  rows: JobsRow[],
  territory: TerritoryRow | undefined,
): Indicators['jobs'] {
  const history = rows.map((r) => ({
    on: r.on,
    low: Number(r.low),
    high: Number(r.high),
    openTop: r.open_top,
    known: r.known,
  }));
  const last = history.at(-1);
  const years = { minYear: territory?.min_year ?? null, maxYear: territory?.max_year ?? null };
  const now = last
    ? { ...last, ...years }
    : territory
      ? {
          on: null,
          low: Number(territory.low),
          high: Math.max(Number(territory.low), Number(territory.high)),
          openTop: territory.open_top,
          known: territory.known,
          ...years,
        }
      : null;
  return { history, now, openEstablishments: territory?.establishments ?? 0 };
}

/**
 * Whether stored indicators come from before the jobs figure read its bands as intervals and took
 * its headline from the chart's latest point (their headline has no date field): such figures may
 * cross their own bounds, and are computed again at the next start.
 */
export function jobsFigureOutdated(data: Indicators | undefined): boolean {
  const now = data?.jobs?.now;
  return now !== undefined && now !== null && !('on' in now);
}

/** Told how long each step of a recomputation took (the benchmark's breakdown). */
export type StepTimer = (step: string, seconds: number) => void;

/**
 * Recomputes every objective and indicator in one transaction and stores the results, which is
 * all that pages and the API read. Returns the run's number and how long it took.
 */
export async function recompute(
  db: Kysely<DB>,
  reason: RunReason,
  options: { onStep?: StepTimer } = {},
): Promise<{ runId: number; seconds: number; asOf: string | null }> {
  const repo = observatoryRepository(db);
  const runId = await repo.startRun(reason);
  const started = performance.now();
  const onStep = options.onStep;
  async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!onStep) return fn();
    const t = performance.now();
    const value = await fn();
    onStep(name, (performance.now() - t) / 1000);
    return value;
  }
  try {
    const { asOf, demo } = await db.transaction().execute(async (trx) => {
      const compute = computeRepository(trx, runId);
      const dates = await step('prepare', async () => {
        await compute.lock();
        await compute.analyseStale();
        const dates = await compute.importDates();
        await compute.prepare(dates);
        await compute.clearResults();
        return dates;
      });
      const asOf = dates.at(-1) ?? null;

      const objectives = await observatoryRepository(trx).objectives();
      for (const o of objectives) {
        const values = await step(`objective ${o.id} (${o.measure})`, () => compute.objective(o));
        const history = dates.map((on) => ({ on, value: values.get(on) ?? 0 }));
        await compute.saveObjective({
          objectiveId: o.id,
          runId,
          value: values.get('infinity') ?? 0,
          history,
          projection: project(history, o.deadline),
        });
      }

      await step('organisation cells', () => compute.organisationCells());
      const territory = await step('establishments by commune', () =>
        compute.establishmentFigures(),
      );
      const now = territory.total;
      const jobsHistory = await step('jobs history', () => compute.jobsHistory(dates));
      const oecd = await step('high growth (OECD)', () => compute.highGrowth('oecd'));
      const eurostat = await step('high growth (Eurostat)', () => compute.highGrowth('eurostat'));
      const byField = await step('by field', () => compute.byField());
      const funding = await step('funding', () => compute.funding());
      const indicators: Indicators = {
        byKind: await compute.byKind(),
        byField,
        byCommune: territory.byCommune,
        overTime: await compute.overTime(),
        creations: await compute.creations(),
        closures: await compute.closures(),
        closuresPerYear: await compute.closuresPerYear(),
        jobs: jobsFigures(jobsHistory, now),
        funding: funding.map((f) => ({ ...f, amount: Number(f.amount) })),
        highGrowth: { oecd, eurostat },
      };
      await step('save indicators', () => compute.saveIndicator('all', runId, indicators));
      return { asOf, demo: await compute.hasDemo() };
    });
    const seconds = (performance.now() - started) / 1000;
    await repo.finishRun(runId, { asOf, demo, seconds });
    return { runId, seconds, asOf };
  } catch (error) {
    await repo
      .finishRun(runId, { error: error instanceof Error ? error.message : String(error) })
      .catch(() => {});
    throw error;
  }
}

type Logger = { error(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };

const jobsByDb = new WeakMap<Kysely<DB>, ReturnType<typeof makeJobs>>();

function makeJobs(db: Kysely<DB>) {
  let running: Promise<void> | undefined;
  let again: RunReason | undefined;
  let log: Logger | undefined;

  async function loop(reason: RunReason) {
    let next: RunReason | undefined = reason;
    while (next) {
      const current: RunReason = next;
      again = undefined;
      try {
        const r = await recompute(db, current);
        log?.info({ observatory: r, reason: current }, 'observatory recomputed');
      } catch (error) {
        log?.error({ err: error, reason: current }, 'observatory recomputation failed');
      }
      next = again;
    }
  }

  return {
    setLogger(logger: Logger) {
      log = logger;
    },
    /**
     * Asks for a recomputation in the background: one at a time per process; a request made
     * while one runs starts one more afterwards (so it sees the newest data), never several.
     */
    request(reason: RunReason): void {
      if (running) {
        again = reason;
        return;
      }
      running = loop(reason).finally(() => {
        running = undefined;
      });
    },
    /** resolves when no recomputation is running or waiting in this process */
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}

/** The background recomputation of this database (one per database and process). */
export function observatoryJobs(db: Kysely<DB>) {
  let jobs = jobsByDb.get(db);
  if (!jobs) {
    jobs = makeJobs(db);
    jobsByDb.set(db, jobs);
  }
  return jobs;
}
