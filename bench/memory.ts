/**
 * What a server holds in memory when idle, and how long it takes to start
 * (`npm run bench -- memory`). A real `totem serve` process per case, started as `npm start` starts
 * it: first on a new database (migrations, the demo), then again on the same one. Between the two,
 * the main pages are each read a few times, then the server is left alone and its resident set
 * (VmRSS of /proc/PID/status) is read after `BENCH_IDLE_S` seconds.
 *
 * Goals, in the same run: on the embedded database with the demo ≤ 300 MB idle; on a PostgreSQL
 * server (TEST_DATABASE_URL) ≤ 150 MB per process; a first start ≤ 10 s, a later one ≤ 3 s. The
 * embedded server is also measured with the optimising compiler (EMBEDDED_COMPILER=tiered), its
 * peer. Writes bench/results/memory.json. A goal missed is reported, never an exit code.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmptyServerDatabase } from '../test/support/engines.ts';
import { type ServerProcess, startServerProcess } from '../test/support/server-process.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { formatTable } from './lib/table.ts';

/** the Node options `npm start` gives the server, so that what is measured is what runs */
const START_OPTIONS = (() => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
})();

const GOAL_MB = { pglite: 300, postgres: 150 } as const;
const GOAL_FIRST_START_S = 10;
const GOAL_LATER_START_S = 3;

/** the pages read before the server is left alone: what visitors and staff open most */
const PAGES = [
  '/',
  '/annuaire',
  '/annuaire?q=grenoble',
  '/annuaire?vue=carte',
  '/actualites',
  '/observatoire',
  '/agenda',
  '/appels',
  '/en/',
  '/api/v1/organisations?q=grenoble',
];

type Case = { name: string; engine: 'pglite' | 'postgres'; env: Record<string, string> };

type Measure = {
  firstStartS: number;
  laterStartS: number;
  idleMB: number;
  peakMB: number;
};

function statusMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (!kb) throw new Error(`no ${field} for process ${pid}`);
  return Math.round(Number(kb) / 1024);
}

async function started(env: Record<string, string>): Promise<{ server: ServerProcess; s: number }> {
  const t = performance.now();
  const server = await startServerProcess({
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: START_OPTIONS.join(' '),
    ...env,
  });
  return { server, s: (performance.now() - t) / 1000 };
}

async function readPages(server: ServerProcess, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const page of PAGES) {
      const res = await fetch(server.url + page);
      if (res.status !== 200) throw new Error(`${page}: ${res.status}`);
      await res.arrayBuffer();
    }
  }
  // a profile, the page a shared link most often opens
  const list = await (await fetch(`${server.url}/annuaire`)).text();
  const profile = /href="(\/annuaire\/[a-z0-9-]+)"/.exec(list)?.[1];
  if (!profile) throw new Error('no profile linked from /annuaire');
  for (let round = 0; round < rounds; round++) await (await fetch(server.url + profile)).text();
}

async function measure(c: Case, idleS: number, rounds: number): Promise<Measure> {
  const first = await started({ TOTEM_DEMO: '1', ...c.env });
  await first.server.stop();
  const later = await started({ TOTEM_DEMO: '1', ...c.env });
  try {
    await readPages(later.server, rounds);
    await new Promise((resolve) => setTimeout(resolve, idleS * 1000));
    return {
      firstStartS: Math.round(first.s * 10) / 10,
      laterStartS: Math.round(later.s * 10) / 10,
      idleMB: statusMB(later.server.pid, 'VmRSS'),
      peakMB: statusMB(later.server.pid, 'VmHWM'),
    };
  } finally {
    await later.server.stop();
  }
}

export async function run(): Promise<void> {
  const idleS = envInt('BENCH_IDLE_S', 20);
  const rounds = envInt('BENCH_ROUNDS', 5);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-bench-memory-'));
  const cases: Case[] = [
    { name: 'embedded (baseline compiler)', engine: 'pglite', env: {} },
    { name: 'embedded (tiered compiler)', engine: 'pglite', env: { EMBEDDED_COMPILER: 'tiered' } },
  ];
  const server = process.env.TEST_DATABASE_URL ? await createEmptyServerDatabase() : undefined;
  if (server) cases.push({ name: 'PostgreSQL server', engine: 'postgres', env: {} });
  const results: Record<string, Measure & { goalMB: number }> = {};
  try {
    for (const [i, c] of cases.entries()) {
      log(
        `${c.name}: starting twice, reading ${PAGES.length + 1} pages × ${rounds}, idle ${idleS} s`,
      );
      const env = {
        ...c.env,
        DATA_DIR: path.join(dataDir, String(i)),
        ...(c.engine === 'postgres' && server ? { DATABASE_URL: server.url } : {}),
      };
      results[c.name] = {
        ...(await measure({ ...c, env }, idleS, rounds)),
        goalMB: GOAL_MB[c.engine],
      };
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await server?.drop();
  }
  const rows = Object.entries(results).map(([name, m]) => [
    name,
    m.idleMB,
    m.goalMB,
    m.idleMB <= m.goalMB ? 'met' : 'MISSED',
    m.peakMB,
    m.firstStartS,
    m.laterStartS,
  ]);
  process.stdout.write(
    `${formatTable(
      `Idle memory after reading the main pages (${idleS} s idle)`,
      ['server', 'idle RSS MB', 'goal MB', 'goal', 'peak MB', 'first start s', 'later start s'],
      rows,
    )}\n`,
  );
  const file = await writeResults('memory', {
    benchmark: 'memory',
    machine: machine(),
    idleSeconds: idleS,
    pagesRead: PAGES.length + 1,
    rounds,
    goals: { idleMB: GOAL_MB, firstStartS: GOAL_FIRST_START_S, laterStartS: GOAL_LATER_START_S },
    results,
  });
  log(`results in ${file}`);
}
