export type Latency = {
  runs: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
};

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarize(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    runs: sorted.length,
    min: round(sorted[0] ?? Number.NaN),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    mean: round(sorted.length ? sum / sorted.length : Number.NaN),
  };
}

/** Runs `fn` `warmups` times untimed, then `runs` times timed (milliseconds, one at a time). */
export async function measure(
  fn: () => Promise<unknown>,
  options: { warmups: number; runs: number },
): Promise<Latency> {
  for (let i = 0; i < options.warmups; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/**
 * Like `measure`, for several ways of doing the same thing: warm-ups for each, then the timed runs
 * take turns (in a rotating order), so that a slow spell of the machine falls on all of them alike.
 * With `budgetMs`, the number of timed rounds is cut (never below `minRuns`) so that they should
 * fit in that time, judging by the last warm-up.
 */
export async function measureInterleaved<K extends string>(
  fns: Record<K, () => Promise<unknown>>,
  options: { warmups: number; runs: number; budgetMs?: number; minRuns?: number },
): Promise<Record<K, Latency>> {
  const names = Object.keys(fns) as K[];
  const samples = new Map<K, number[]>(names.map((n) => [n, []]));
  let round = 0;
  for (const name of names) {
    let last = 0;
    for (let i = 0; i < options.warmups; i++) {
      const t = performance.now();
      await fns[name]();
      last = performance.now() - t;
    }
    round += last;
  }
  let runs = options.runs;
  if (options.budgetMs !== undefined && round > 0) {
    const fit = Math.floor(options.budgetMs / round);
    runs = Math.min(runs, Math.max(options.minRuns ?? 5, fit));
  }
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length] as K;
      const t = performance.now();
      await fns[name]();
      samples.get(name)?.push(performance.now() - t);
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples.get(n) ?? [])])) as Record<
    K,
    Latency
  >;
}
