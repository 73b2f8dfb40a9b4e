import type { FastifyInstance } from 'fastify';
import type { Config } from '../kernel/config.ts';

/**
 * One log line per answer costs a write per request: Fastify's own two lines are off, and this
 * writes one line for the answers that matter — every error (5xx) and every slow answer, always;
 * the others as `LOG_REQUESTS` says (all of them, a random share, or none).
 */
export function registerRequestLog(app: FastifyInstance, config: Config) {
  const { logRequests, slowRequestMs } = config;
  app.addHook('onResponse', async (request, reply) => {
    const ms = reply.elapsedTime;
    const status = reply.statusCode;
    const always = status >= 500 || ms >= slowRequestMs;
    if (!always) {
      if (logRequests.mode === 'errors') return;
      if (logRequests.mode === 'sample' && Math.random() >= logRequests.share) return;
    }
    const line = {
      req: { method: request.method, url: request.url, host: request.host, ip: request.ip },
      res: { statusCode: status },
      responseTime: Math.round(ms * 10) / 10,
    };
    if (status >= 500) request.log.error(line, 'request failed');
    else if (ms >= slowRequestMs) request.log.warn(line, 'slow request');
    else request.log.info(line, 'request completed');
  });
}
