import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { JobQueue, Platform, QueueFigures } from '../kernel/module.ts';

/** a page's time, from 5 ms to 5 s */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** the one label of every address no route knows: raw addresses would be unbounded */
export const UNKNOWN_ROUTE = 'unmatched';

/**
 * The process's own figures (memory, event loop lag, garbage collection): one registry per
 * process, made at the first server's start, as the process is one whatever serves in it.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export type Metrics = {
  /** counts and times every answered request (an onResponse hook) */
  observe(app: FastifyInstance): void;
  /** the text exposition format, read now */
  text(): Promise<string>;
  contentType: string;
};

/**
 * The server's metrics: its requests (by route pattern, method and status), its job queues (read
 * from the database at each scrape, so every process reports the same shared truth), its
 * database connections, and the process's own figures.
 */
export function createMetrics(
  engine: Platform['engine'],
  queues: () => readonly JobQueue[],
): Metrics {
  const registry = new Registry();
  const labelNames = ['route', 'method', 'status'] as const;
  const requests = new Counter({
    name: 'totem_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'totem_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status class',
    labelNames: ['route', 'method', 'status_class'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  // the pool first: it is read before the scrape's own queries take connections from it
  if (engine) registerPoolGauges(registry, engine);
  registerQueueGauges(registry, queues);
  return {
    contentType: registry.contentType,
    observe(app) {
      const count = (route: string, method: string, status: number, seconds: number) => {
        requests.inc({ route, method, status });
        latency.observe({ route, method, status_class: `${Math.floor(status / 100)}xx` }, seconds);
      };
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? UNKNOWN_ROUTE;
        count(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
      });
      // the kept pages answered before the framework (app/page-cache/front.ts)
      app.onFrontAnswer(({ route, status, seconds }) => count(route, 'GET', status, seconds));
    },
    async text() {
      const [own, process] = await Promise.all([registry.metrics(), processMetrics().metrics()]);
      return `${own}\n${process}`;
    },
  };
}

function registerQueueGauges(registry: Registry, queues: () => readonly JobQueue[]) {
  // both gauges read one snapshot: the queues' figures are asked once per scrape
  let inFlight: Promise<{ queue: JobQueue; figures: QueueFigures }[]> | undefined;
  const snapshot = () => {
    inFlight ??= (async () => {
      // one queue after the other: a scrape holds one of the pool's connections, not one a queue
      const read: { queue: JobQueue; figures: QueueFigures }[] = [];
      for (const queue of queues()) read.push({ queue, figures: await queue.figures() });
      return read;
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  new Gauge({
    name: 'totem_jobs',
    help: 'Jobs of each queue, by state (read from the database at scrape time)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { queue, figures } of await snapshot()) {
        for (const [state, count] of Object.entries(figures.counts)) {
          this.set({ queue: queue.name, state }, count);
        }
      }
    },
  });
  new Gauge({
    name: 'totem_jobs_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting to run, by queue (0 when none waits)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { queue, figures } of await snapshot()) {
        this.set({ queue: queue.name }, figures.oldestWaitingSeconds);
      }
    },
  });
}

function registerPoolGauges(registry: Registry, engine: NonNullable<Platform['engine']>) {
  new Gauge({
    name: 'totem_db_pool_connections',
    help: 'Connections of the database pool: total (open), idle, and requests waiting for one',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = engine.pool();
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  new Gauge({
    name: 'totem_db_engine_info',
    help: 'The database engine: pglite (embedded, a pool of one) or postgres (a server)',
    labelNames: ['engine'],
    registers: [registry],
    collect() {
      this.set({ engine: engine.kind }, 1);
    },
  });
}
