import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../accounts/session.hooks.ts';
import { matchesEtag } from '../../kernel/download.ts';
import { type FrontAnswer, type FrontDoor, frontDoor, learnHeads } from './front.ts';
import {
  acceptedEncoding,
  type CachedPage,
  CSRF_PLACEHOLDER,
  cachedPage,
  heldAlready,
  type PageStore,
  sameVersions,
} from './store.ts';
import { streamedAnswers } from './streamed.ts';
import type { VersionSource } from './versions.ts';

/**
 * A public page, to browsers and shared caches: a browser checks it at each use (a 304 while it
 * did not change); a shared cache (a CDN, a proxy) may serve it ten seconds before checking.
 */
export const PUBLIC_PAGE = 'public, max-age=0, s-maxage=10';
/** a page that names a person or carries their form token: theirs only, never kept */
export const PERSONAL_PAGE = 'private, no-store';
/** a visitor's page with a form token or a one-shot message: never kept either */
const NOT_KEPT = 'no-store';

/** the longest address whose page is kept (longer ones are rendered each time) */
const MAX_KEY_LENGTH = 2048;

type Miss = { key: string; topics: string[]; versions: number[] };

/** a streamed public answer: anyone may keep it, asking again at each use (`streamed.ts`) */
const STREAMED = 'public, no-cache';

const header = (value: unknown) => (typeof value === 'string' ? value : undefined);

declare module 'fastify' {
  interface FastifyRequest {
    /** set when this request's page is to be kept once rendered */
    pageCacheMiss: Miss | null;
    /** set when this request's page was sent from the cache */
    pageCacheHit: CachedPage | null;
  }
}

export type PageCacheOptions = {
  store: PageStore;
  versions: VersionSource;
  /** cookies whose presence makes an answer personal (the one-shot message) */
  personalCookies: readonly string[];
  /** true when a request's line is to be logged (the front door leaves it to the framework) */
  loggedLine: (req: IncomingMessage) => boolean;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** calls `listener` at each answer the page cache's front door gives (the metrics count them) */
    onFrontAnswer(listener: (answer: FrontAnswer) => void): void;
  }
}

/**
 * Serves the pages of routes marked `config.cache` to visitors without a session from the
 * store, and keeps what they render; then gives every HTML answer its caching headers: a
 * validator and `public` for a visitor's page that holds nothing of theirs, `private, no-store`
 * where a session shows.
 */
export function registerPageCache(app: FastifyInstance, options: PageCacheOptions): FrontDoor {
  const { store, versions } = options;
  const streamed = streamedAnswers();
  const personalCookies = [SESSION_COOKIE, ...options.personalCookies];
  const listeners: ((answer: FrontAnswer) => void)[] = [];
  app.decorate('onFrontAnswer', (listener: (answer: FrontAnswer) => void) => {
    listeners.push(listener);
  });
  app.decorateRequest('pageCacheMiss', null);
  app.decorateRequest('pageCacheHit', null);

  app.addHook('onRequest', async (request, reply) => {
    const cache = request.routeOptions.config.cache;
    if (!cache || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    if (request.headers.authorization) return;
    if (personalCookies.some((name) => request.cookies[name] !== undefined)) return;
    const key = `${request.locale} ${request.url}`;
    if (key.length > MAX_KEY_LENGTH) return;
    const known = await versions.current();
    const page = store.get(key);
    if (page && sameVersions(page, known)) {
      request.pageCacheHit = page;
      return serve(request, reply, page);
    }
    const topics = ['hub', ...cache.topics];
    const now = topics.map((t) => known.get(t) ?? 0);
    const held = streamed.held(key, now, request.headers['if-none-match']);
    if (held) {
      reply.header('content-type', held.type).header('etag', `W/${held.tag}`);
      if (held.disposition) reply.header('content-disposition', held.disposition);
      reply.header('cache-control', STREAMED).header('vary', 'Cookie');
      return reply.send(notModified(reply));
    }
    if (request.method === 'GET') request.pageCacheMiss = { key, topics, versions: now };
  });

  // what the framework sent with a kept page, for the front door to send the same (front.ts)
  app.addHook('onResponse', async (request, reply) => {
    const page = request.pageCacheHit;
    if (page && request.method === 'GET' && reply.statusCode === 200) {
      learnHeads(page, request.raw, reply.getHeaders());
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const miss = request.pageCacheMiss;
    if (!miss) return payload;
    request.pageCacheMiss = null;
    const keep = reply.statusCode === 200 && !reply.hasHeader('set-cookie') && !reply.personal;
    const type = String(reply.getHeader('content-type') ?? 'text/html');
    const disposition = reply.getHeader('content-disposition');
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) {
      // a stream: not kept, but validated by what it shows
      if (keep) {
        const tag = streamed.remember(miss.key, miss.versions, {
          type,
          disposition: header(disposition),
        });
        reply.header('etag', `W/${tag}`);
        reply.header('cache-control', STREAMED).header('vary', 'Cookie');
      }
      return payload;
    }
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
    if (!keep) return withTokens(reply, body);
    const page = cachedPage(body, type, {
      topics: miss.topics,
      versions: miss.versions,
      route: request.routeOptions.url ?? '',
      disposition: header(disposition),
    });
    store.set(miss.key, page);
    return answer(request, reply, page);
  });

  // every other HTML answer: who may keep it, and a validator when it is public
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.hasHeader('cache-control')) return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    reply.header('vary', 'Cookie');
    if (request.sessionId) {
      reply.header('cache-control', PERSONAL_PAGE);
      return payload;
    }
    const publicPage =
      reply.statusCode === 200 &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !reply.personal &&
      !reply.hasHeader('set-cookie') &&
      typeof payload === 'string';
    if (!publicPage) {
      reply.header('cache-control', NOT_KEPT);
      return payload;
    }
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
    // weak: the same validator whichever encoding the answer is then compressed in
    reply.header('etag', `W/${etag}`);
    reply.header('cache-control', 'public, no-cache');
    if (matchesEtag(request.headers['if-none-match'], [etag])) return notModified(reply);
    return payload;
  });

  return frontDoor({
    store,
    versions,
    personalCookies,
    loggedLine: options.loggedLine,
    answered: (answer) => {
      for (const listener of listeners) listener(answer);
    },
  });
}

/** a kept page with forms: this visitor's own token in each, and nobody else may keep it */
function withTokens(reply: FastifyReply, body: Buffer): Buffer | string {
  if (!body.includes(CSRF_PLACEHOLDER)) return body;
  reply.header('cache-control', NOT_KEPT);
  return body.toString('utf8').replaceAll(CSRF_PLACEHOLDER, reply.csrfToken());
}

function serve(request: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  reply.header('content-type', page.type);
  if (page.disposition) reply.header('content-disposition', page.disposition);
  return reply.send(answer(request, reply, page));
}

/** the page in the encoding the request accepts, or 304 when the browser holds it already */
function answer(request: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  reply.header('vary', 'Cookie, Accept-Encoding');
  if (page.withForms) return withTokens(reply, page.bodies.identity);
  const encoding = acceptedEncoding(request.headers['accept-encoding']);
  reply.header('cache-control', PUBLIC_PAGE);
  reply.header('etag', page.etags[encoding]);
  reply.header('last-modified', page.lastModified);
  if (heldAlready(page, request.headers)) return notModified(reply);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return page.bodies[encoding];
}

/**
 * 304: no body, and the representation's own type kept. A browser stores the headers of a 304
 * over those it kept, so an answer without its type (Fastify would give an empty one
 * `text/plain`) turned the page it confirmed into plain text at its next showing.
 */
function notModified(reply: FastifyReply) {
  reply.code(304);
  reply.removeHeader('content-length');
  return '';
}
