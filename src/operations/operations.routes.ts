import type { FastifyInstance, FastifyRequest } from 'fastify';
import { coreError } from '../kernel/errors.ts';
import type { Metrics } from './metrics.ts';
import { operationsError } from './operations.errors.ts';
import { operationsPolicy as can } from './operations.policy.ts';
import { type OperationsService, sameToken } from './operations.service.ts';
import { FailuresPage } from './pages/FailuresPage.tsx';

type Deps = { metrics: Metrics; operations: OperationsService; metricsToken: string | undefined };

export function operationsRoutes(
  app: FastifyInstance,
  { metrics, operations, metricsToken }: Deps,
) {
  app.get('/metrics', { config: { access: can.scrape, api: true } }, async (request, reply) => {
    allowScrape(request, metricsToken);
    const text = await metrics.text();
    return reply.type(metrics.contentType).header('cache-control', 'no-store').send(text);
  });

  app.get('/admin/echecs', { config: { access: can.viewFailures } }, async (request, reply) => {
    const [ctx, queues] = await Promise.all([request.pageContext(), operations.failures()]);
    return reply.html(FailuresPage({ ctx, queues }));
  });
}

/**
 * A scraper with the configured token, or an administrator signed in. A request that shows a
 * token is judged by it alone: a wrong one is refused, whoever's cookie comes with it.
 */
function allowScrape(request: FastifyRequest, metricsToken: string | undefined) {
  const header = request.headers.authorization;
  const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (header !== undefined) {
    if (bearer === undefined || !sameToken(bearer, metricsToken)) {
      throw operationsError('METRICS_TOKEN_INVALID');
    }
    return;
  }
  if (can.readMetrics(request.actor)) return;
  throw coreError(request.actor.kind === 'visitor' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
}
