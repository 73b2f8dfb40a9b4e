import { staffOnly } from '../kernel/access.ts';
import type { CapabilityModule, JobQueue, Platform } from '../kernel/module.ts';
import { createMetrics } from './metrics.ts';
import { operationsEn } from './operations.en.ts';
import { operationsError } from './operations.errors.ts';
import { operationsFr } from './operations.fr.ts';
import { operationsPolicy } from './operations.policy.ts';
import { operationsRoutes } from './operations.routes.ts';
import { operationsService } from './operations.service.ts';

/** /metrics: administrators, or a scraper with the token (its own check, see the routes) */
const METRICS_ACCESS = {
  visitor: 'login',
  member: 'deny',
  reviewer: 'deny',
  staff: 'deny',
  admin: 'ok',
} as const;

/**
 * What the platform does, for the people who run it: /metrics for a Prometheus scraper (requests,
 * job queues, database connections, the process) and the back office's list of failed jobs. The
 * queues are every module's (`queues`), gathered by app/modules.ts.
 */
export function operationsModule(platform: Platform, deps: { queues: () => readonly JobQueue[] }) {
  const metrics = createMetrics(platform.engine, deps.queues);
  const operations = operationsService(deps.queues);
  return {
    name: 'operations',
    text: { fr: operationsFr, en: operationsEn },
    errors: operationsError.table,
    englishNames: { '/admin/echecs': '/admin/failures' },
    admin: [
      {
        path: '/admin/echecs',
        title: (t) => t.operations.failuresTitle,
        order: 85,
        visible: operationsPolicy.viewFailures,
        summary: async (t) => {
          const count = await operations.failedLastWeek();
          return count > 0 ? t.operations.failedLastWeek(count) : null;
        },
      },
    ],
    access: { 'GET /metrics': METRICS_ACCESS, 'GET /admin/echecs': staffOnly },
    hooks(app) {
      metrics.observe(app);
    },
    routes(app) {
      operationsRoutes(app, { metrics, operations, metricsToken: platform.config.metricsToken });
    },
  } satisfies CapabilityModule;
}
