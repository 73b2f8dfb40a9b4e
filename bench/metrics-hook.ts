/**
 * What counting and timing every request costs (`npm run bench -- metrics-hook`): requests per
 * second of a page, and of the cheapest route (/healthz), on a server with the metrics' onResponse
 * hook and on the same server without it (its peer in the same run: the operations module's
 * `hooks` left out), in alternating rounds so that the machine's load weighs on both alike.
 *
 * PGlite, one database for both servers (each answers in turn). The load comes from autocannon
 * (BENCH_CONNECTIONS connections, BENCH_SECONDS a round, BENCH_ROUNDS rounds each) in a worker
 * thread. Writes bench/results/metrics-hook.json. A goal missed is reported, never an exit code.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { capabilities } from '../src/app/modules.ts';
import { buildServer } from '../src/app/server.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { createMetrics } from '../src/operations/metrics.ts';
import { createTestDatabase } from '../test/support/engines.ts';
import { envInt, log } from './lib/log.ts';
import { machine, writeResults } from './lib/machine.ts';
import { formatTable } from './lib/table.ts';

/** the server with the hook answers at least this share of the requests of the one without */
const GOAL_SHARE = 0.95;
/** the hook's own time, at most this share of the cheapest request's */
const HOOK_GOAL = 0.05;
const ROUTES = ['/annuaire', '/healthz'] as const;
type Variant = 'with hook' | 'without hook';

export async function run(): Promise<void> {
  const seconds = envInt('BENCH_SECONDS', 5);
  const rounds = envInt('BENCH_ROUNDS', 3);
  const connections = envInt('BENCH_CONNECTIONS', 10);
  const database = await createTestDatabase('pglite');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-bench-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0' });
  const mailer = createMailer({ dataDir, from: config.mailFrom });
  const servers: Record<Variant, FastifyInstance> = {
    'with hook': await buildServer({ config, database, mailer }),
    'without hook': await buildServer({
      config,
      database,
      mailer,
      capabilities: (platform) => {
        const all = capabilities(platform);
        const modules = all.modules.map((m) =>
          m.name === 'operations' ? { ...m, hooks: undefined } : m,
        );
        return { ...all, modules };
      },
    }),
  };
  try {
    const urls = {} as Record<Variant, string>;
    for (const [variant, app] of Object.entries(servers) as [Variant, FastifyInstance][]) {
      await app.listen({ host: '127.0.0.1', port: 0 });
      urls[variant] = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    }
    const results: Record<string, unknown> = {};
    const rows: (string | number)[][] = [];
    for (const route of ROUTES) {
      const perSecond: Record<Variant, number[]> = { 'with hook': [], 'without hook': [] };
      for (let round = 0; round < rounds; round++) {
        const order: Variant[] =
          round % 2 === 0 ? ['with hook', 'without hook'] : ['without hook', 'with hook'];
        for (const variant of order) {
          const result = await autocannon({
            url: `${urls[variant]}${route}`,
            connections,
            duration: seconds,
            workers: 1,
          });
          if (result.non2xx > 0 || result.errors > 0) {
            throw new Error(
              `${route} (${variant}): ${result.non2xx} non-2xx, ${result.errors} errors`,
            );
          }
          perSecond[variant].push(result.requests.average);
          log(`${route} ${variant}, round ${round + 1}: ${result.requests.average} req/s`);
        }
      }
      const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
      const withHook = mean(perSecond['with hook']);
      const without = mean(perSecond['without hook']);
      const share = Math.round((withHook / without) * 1000) / 1000;
      const met = share >= GOAL_SHARE;
      results[route] = {
        requestsPerSecond: { withHook, withoutHook: without, rounds: perSecond },
        goal: { what: `with hook ≥ ${GOAL_SHARE} × without`, share, met },
      };
      rows.push([route, withHook, without, share, met ? 'met' : 'missed']);
    }
    // the same, request by request through app.inject (no network, no load generator), in
    // alternating blocks: the finer the alternation, the less the machine's load drifts between
    const injected = await perInject(servers, envInt('BENCH_INJECT_BLOCKS', 40), 500);
    results.injectMicroseconds = injected;
    rows.push([
      '/healthz (inject, µs a request)',
      injected['with hook'],
      injected['without hook'],
      Math.round((injected['without hook'] / injected['with hook']) * 1000) / 1000,
      '',
    ]);
    // the hook's own work, called alone: what it adds to every request, whatever the load
    const hook = hookMicroseconds(envInt('BENCH_HOOK_CALLS', 200_000));
    // against the cheapest route's time a request (1 / its requests per second, without hook)
    const healthz = results['/healthz'] as { requestsPerSecond: { withoutHook: number } };
    const requestMicroseconds = 1_000_000 / healthz.requestsPerSecond.withoutHook;
    const hookShare = Math.round((hook / requestMicroseconds) * 1000) / 1000;
    results.hookAlone = {
      microseconds: hook,
      healthzRequestMicroseconds: Math.round(requestMicroseconds),
      goal: {
        what: `≤ ${HOOK_GOAL} of a /healthz request`,
        share: hookShare,
        met: hookShare <= HOOK_GOAL,
      },
    };
    rows.push([
      'the hook alone (µs a call; share of /healthz)',
      hook,
      Math.round(requestMicroseconds),
      hookShare,
      hookShare <= HOOK_GOAL ? 'met' : 'missed',
    ]);
    const file = await writeResults('metrics-hook', {
      machine: machine(),
      settings: { seconds, rounds, connections, engine: 'pglite' },
      results,
    });
    process.stdout.write(
      `${formatTable(
        `Requests per second, with and without the metrics hook (goal: ≥ ${GOAL_SHARE} ×)`,
        ['route', 'with hook', 'without', 'share', 'goal'],
        rows,
      )}\n`,
    );
    log(`written ${file}`);
  } finally {
    for (const app of Object.values(servers)) await app.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** mean microseconds of an injected /healthz on each server, over `blocks` alternating blocks */
async function perInject(
  servers: Record<Variant, FastifyInstance>,
  blocks: number,
  size: number,
): Promise<Record<Variant, number>> {
  const total: Record<Variant, number> = { 'with hook': 0, 'without hook': 0 };
  for (let block = -2; block < blocks; block++) {
    const order: Variant[] =
      block % 2 === 0 ? ['with hook', 'without hook'] : ['without hook', 'with hook'];
    for (const variant of order) {
      const start = performance.now();
      for (let i = 0; i < size; i++) {
        const res = await servers[variant].inject({ method: 'GET', url: '/healthz' });
        if (res.statusCode !== 200) throw new Error(`/healthz (${variant}): ${res.statusCode}`);
      }
      // the first two blocks warm up
      if (block >= 0) total[variant] += performance.now() - start;
    }
  }
  const micro = (ms: number) => Math.round(((ms * 1000) / (blocks * size)) * 10) / 10;
  return { 'with hook': micro(total['with hook']), 'without hook': micro(total['without hook']) };
}

/** mean microseconds of one call of the metrics' onResponse hook, on a few routes and statuses */
function hookMicroseconds(calls: number): number {
  let hook: ((request: unknown, reply: unknown) => Promise<void>) | undefined;
  const app = { addHook: (_name: string, fn: typeof hook) => (hook = fn) };
  createMetrics(undefined, () => []).observe(app as unknown as FastifyInstance);
  if (!hook) throw new Error('no hook registered');
  const answers = ['/annuaire', '/annuaire/:slug', '/healthz', undefined].flatMap((url) =>
    [200, 303, 404].map((statusCode) => ({
      request: { method: 'GET', routeOptions: { url } },
      reply: { statusCode, elapsedTime: 3.2 },
    })),
  );
  const call = (i: number) => {
    const answer = answers[i % answers.length] as (typeof answers)[number];
    return hook?.(answer.request, answer.reply);
  };
  for (let i = 0; i < 10_000; i++) call(i);
  const start = performance.now();
  for (let i = 0; i < calls; i++) call(i);
  return Math.round(((performance.now() - start) * 1000 * 100) / calls) / 100;
}
