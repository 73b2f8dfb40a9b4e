import { randomUUID } from 'node:crypto';
import http, {
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { FastifyServerFactoryHandler } from 'fastify';
import { answerLocale, splitLocale } from '../../kernel/locale.ts';
import {
  acceptedEncoding,
  type CachedPage,
  heldAlready,
  type PageStore,
  sameVersions,
} from './store.ts';
import type { VersionSource } from './versions.ts';

/** one answer the front door gave, for the metrics */
export type FrontAnswer = { route: string; status: number; seconds: number };

/**
 * The front door: a visitor's `GET` of a page the cache holds, current, is answered before the
 * framework sees the request — the same bytes and the same headers the framework's cache hook
 * sends (`http-cache.ts`), copied from an answer it gave, with a request id of its own. What the
 * door cannot answer exactly as the framework would goes through: a session, a one-shot message or
 * an `Authorization` header; a page with forms (each visitor's token); a page or a variant
 * (encoding, protocol) not yet sent from the cache by the framework; a request drawn for the log.
 *
 * Why: the framework's lifecycle (routing, the security headers' and the plugins' hooks, the
 * request and reply objects) costs more per request than the page itself once kept, and alone
 * keeps a process under a quarter of what a static server sends (measured: `npm run bench -- pages`).
 */
export type FrontDoor = {
  /** true when answered; a promise while the versions are read (the server engine) */
  serve(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
};

export type FrontDoorOptions = {
  store: PageStore;
  versions: VersionSource;
  /** cookies whose presence makes an answer personal */
  personalCookies: readonly string[];
  /** true when this request's line is to be logged: the framework answers it, and logs it */
  loggedLine: (req: IncomingMessage) => boolean;
  /** told of every answer the door gives */
  answered: (answer: FrontAnswer) => void;
};

export function frontDoor(options: FrontDoorOptions): FrontDoor {
  const { store, versions, personalCookies, loggedLine, answered } = options;
  const cookieMarks = personalCookies.map((name) => `${name}=`);

  const send = (req: IncomingMessage, res: ServerResponse, page: CachedPage, head: Heads) => {
    const started = performance.now();
    const headers: OutgoingHttpHeaders = { ...head.headers, 'x-request-id': randomUUID() };
    let status = 200;
    if (heldAlready(page, req.headers)) {
      status = 304;
      delete headers['content-encoding'];
      res.writeHead(status, headers);
      res.end();
    } else {
      headers['content-length'] = head.body.length;
      res.writeHead(status, headers);
      res.end(head.body);
    }
    answered({ route: page.route, status, seconds: (performance.now() - started) / 1000 });
    return true;
  };

  return {
    serve(req, res) {
      if (req.method !== 'GET') return false;
      const { headers } = req;
      if (headers.authorization) return false;
      const cookie = headers.cookie;
      if (cookie && cookieMarks.some((mark) => cookie.includes(mark))) return false;
      const { locale, url } = splitLocale(req.url ?? '/');
      const page = store.get(`${answerLocale(url, locale, headers['accept-language'])} ${url}`);
      if (!page || page.withForms) return false;
      const variant = frontVariant(req);
      const headers200 = page.heads.get(variant.key);
      if (!headers200 || loggedLine(req)) return false;
      const head = { headers: headers200, body: page.bodies[variant.encoding] };
      const known = versions.current();
      if (known instanceof Map) {
        return sameVersions(page, known) && send(req, res, page, head);
      }
      return Promise.resolve(known).then(
        (now) => sameVersions(page, now) && send(req, res, page, head),
      );
    },
  };
}

type Heads = { headers: OutgoingHttpHeaders; body: Buffer };

/** the encodings browsers announce are few: each header is parsed once */
const encodings = new Map<string, ReturnType<typeof acceptedEncoding>>();

/**
 * What, in a request, changes the headers of a kept page: the encoding it accepts, and the
 * protocol (HTTPS adds Strict-Transport-Security), as the socket or a proxy says.
 */
export function frontVariant(req: IncomingMessage) {
  const accept = req.headers['accept-encoding'] ?? '';
  let encoding = encodings.get(accept);
  if (encoding === undefined) {
    encoding = acceptedEncoding(accept);
    if (encodings.size < 256) encodings.set(accept, encoding);
  }
  const forwarded = req.headers['x-forwarded-proto'] ?? '';
  const tls = (req.socket as Partial<TLSSocket>).encrypted === true;
  return { encoding, key: `${encoding} ${String(forwarded)} ${tls}` };
}

/** headers that belong to one answer, not to the page */
const OWN_HEADERS = new Set([
  'x-request-id',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

/**
 * Keeps the headers the framework sent with a kept page, for the door to send again; none when
 * the answer set a cookie (it was somebody's).
 */
export function learnHeads(
  page: CachedPage,
  req: IncomingMessage,
  sent: Readonly<Record<string, string | number | string[] | undefined>>,
) {
  if (page.withForms || sent['set-cookie'] !== undefined) return;
  const key = frontVariant(req).key;
  if (page.heads.has(key)) return;
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(sent)) {
    if (value !== undefined && !OWN_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  page.heads.set(key, headers);
}

/**
 * Fastify's `serverFactory`: an HTTP server whose requests knock at the front door first (when
 * one is set), then reach the framework — with the timeouts Fastify gives its own server.
 */
export function serverWithFrontDoor(door: () => FrontDoor | undefined) {
  return (handler: FastifyServerFactoryHandler, options: Record<string, unknown>) => {
    const number = (name: string, otherwise: number) =>
      typeof options[name] === 'number' ? options[name] : otherwise;
    const server = http.createServer((req, res) => {
      const served = door()?.serve(req, res) ?? false;
      if (served === false) return handler(req, res);
      if (served === true) return;
      served.then(
        (done) => {
          if (!done) handler(req, res);
        },
        () => handler(req, res),
      );
    });
    server.keepAliveTimeout = number('keepAliveTimeout', 72_000);
    server.requestTimeout = number('requestTimeout', 0);
    server.setTimeout(number('connectionTimeout', 0));
    return server;
  };
}
