import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../kernel/config.ts';

/**
 * Whether an answer that is neither an error nor slow gets its line, as `LOG_REQUESTS` says (all
 * of them, a random share, or none): drawn once per request, so that the page cache's front door
 * (which leaves a request drawn for a line to the framework) and the line's hook agree.
 */
const INFO_KEPT = new Set(['trace', 'debug', 'info']);

export type RequestLogDraw = (raw: IncomingMessage) => boolean;

export function requestLogDraw(config: Config): RequestLogDraw {
  const { logRequests } = config;
  // a line of the info level where the log keeps warnings and errors only: none to draw
  if (!INFO_KEPT.has(config.logLevel)) return () => false;
  if (logRequests.mode !== 'sample') {
    const all = logRequests.mode === 'all';
    return () => all;
  }
  const drawn = new WeakMap<IncomingMessage, boolean>();
  return (raw) => {
    let line = drawn.get(raw);
    if (line === undefined) {
      line = Math.random() < logRequests.share;
      drawn.set(raw, line);
    }
    return line;
  };
}

/**
 * One log line per answer costs a write per request: Fastify's own two lines are off, and this
 * writes one line for the answers that matter — every error (5xx) and every slow answer, always;
 * the others as the draw says.
 */
export function registerRequestLog(app: FastifyInstance, config: Config, draw: RequestLogDraw) {
  const { slowRequestMs } = config;
  app.addHook('onResponse', async (request, reply) => {
    const ms = reply.elapsedTime;
    const status = reply.statusCode;
    const always = status >= 500 || ms >= slowRequestMs;
    if (!always && !draw(request.raw)) return;
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
