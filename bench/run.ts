/**
 * `npm run bench` runs every benchmark; `npm run bench -- NAME…` only those named. Each one writes
 * bench/results/NAME.json and prints its tables. A benchmark that fails to run exits non-zero; a
 * goal it misses does not.
 */
type Benchmark = { run(): Promise<void> };

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  'account-forms': () => import('./account-forms.ts'),
  'metrics-hook': () => import('./metrics-hook.ts'),
  addresses: () => import('./addresses.ts'),
  backup: () => import('./backup.ts'),
  directory: () => import('./directory.ts'),
  import: () => import('./import.ts'),
  memory: () => import('./memory.ts'),
  news: () => import('./news.ts'),
  observatory: () => import('./observatory.ts'),
  pages: () => import('./pages.ts'),
  'pages-during-import': () => import('./pages-during-import.ts'),
  'observatory-lists': () => import('./observatory-lists.ts'),
  'search-index': () => import('./search-index.ts'),
  venue: () => import('./venue.ts'),
};

const asked = process.argv.slice(2).filter((a) => a !== '--');
const unknown = asked.filter((name) => !Object.hasOwn(BENCHMARKS, name));
if (unknown.length > 0) {
  process.stderr.write(
    `Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. ` +
      `Available: ${Object.keys(BENCHMARKS).join(', ')}.\n`,
  );
  process.exit(2);
}

let code = 0;
for (const name of asked.length > 0 ? asked : Object.keys(BENCHMARKS)) {
  try {
    const load = BENCHMARKS[name];
    if (load) await (await load()).run();
  } catch (error) {
    process.stderr.write(`Benchmark ${name} failed: ${(error as Error).stack ?? String(error)}\n`);
    code = 1;
  }
}
// every benchmark closes what it opened; this only guarantees the run ends by itself
process.exit(code);
