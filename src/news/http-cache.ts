import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { matchesEtag } from '../kernel/download.ts';

/**
 * Public pages and feeds are sent with a validator (ETag, a hash of exactly what is sent) and
 * `no-cache`: a browser or a proxy keeps the copy but asks each time, and gets 304 while nothing
 * changed. The hash is of the content, so a publication changes it at once; nothing can be
 * served stale after one.
 */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  type: string,
): FastifyReply {
  const opaque = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const etag = `W/${opaque}`;
  // a signed-in person's page names them: only their browser may keep it
  reply.header(
    'cache-control',
    request.actor.kind === 'user' ? 'private, no-cache' : 'public, no-cache',
  );
  reply.header('etag', etag);
  reply.header('vary', 'Cookie');
  reply.type(type);
  if (matchesEtag(request.headers['if-none-match'], [opaque])) return reply.code(304).send();
  return reply.send(body);
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, page: ReactElement) {
  return sendCached(
    request,
    reply,
    `<!doctype html>${renderToStaticMarkup(page)}`,
    'text/html; charset=utf-8',
  );
}
