import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Database } from '../db/engine.ts';
import { instanceMeta } from '../db/instance-meta.ts';
import { type AccessLines, everyone } from '../kernel/access.ts';
import type { Config } from '../kernel/config.ts';
import { coreError } from '../kernel/errors.ts';
import { nameInEnglish } from '../kernel/locale.ts';
import type { CapabilityModule, Platform } from '../kernel/module.ts';
import { anyone } from '../kernel/policy.ts';
import { holdsForbiddenCharacters } from '../kernel/text.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { FlashKey } from '../web/http.ts';
import { answerLocale, type Locale, localePath, splitLocale } from '../web/i18n/index.ts';
import { loadLogo } from '../web/logo.ts';
import { registerErrorHandling } from './error-handler.ts';
import { type Capabilities, capabilities } from './modules.ts';
import { registerOpenApi } from './openapi.ts';
import { type FrontDoor, serverWithFrontDoor } from './page-cache/front.ts';
import { registerPageCache } from './page-cache/http-cache.ts';
import { CSRF_PLACEHOLDER, pageStore } from './page-cache/store.ts';
import { versionSource } from './page-cache/versions.ts';
import { pageContextFactory } from './page-context.ts';
import { registerRequestLog, requestLogDraw } from './request-log.ts';

/** the platform's own routes in the role × route matrix (each capability declares its own) */
export const PLATFORM_ACCESS: AccessLines = {
  'GET /favicon.ico': everyone,
  'GET /healthz': everyone,
  'GET /readyz': everyone,
  'GET /api/openapi.json': everyone,
};

/** 180 days, this host only: the hub's other hosts may not all speak HTTPS */
const HSTS = 'max-age=15552000';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../public');
const FLASH_COOKIE = 'totem_flash';
const CSRF_COOKIE = 'totem_csrf';

export type AppDeps = {
  config: Config;
  database: Database;
  mailer: Mailer;
  /** the capabilities to serve (all of them by default) */
  capabilities?: (platform: Platform) => Capabilities;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** the capability modules this server was built from */
    capabilities: readonly CapabilityModule[];
  }
}

/**
 * The web server: the platform's plugins and request hooks, then every capability's hooks and
 * routes. A request travels: language → session (a capability's hook) → CSRF → capabilities'
 * hooks (an organisation's old address) → the route's access rule → the route.
 */
export async function buildServer(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, mailer } = deps;
  // The language lives in the URL (/en/… for English): it is read, then stripped, before routing,
  // so each page is one route.
  const localeOf = new WeakMap<IncomingMessage, Locale>();
  // a visitor's kept page is answered before the framework sees the request (page-cache/front.ts)
  let door: FrontDoor | undefined;
  const app = Fastify({
    serverFactory: serverWithFrontDoor(() => door),
    logger: { level: config.logLevel },
    // one line per answer, written by registerRequestLog as LOG_REQUESTS says
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    rewriteUrl(req) {
      const { locale, url } = splitLocale(req.url ?? '/');
      localeOf.set(req, locale);
      return url;
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const platform: Platform = {
    db: database.db,
    config,
    mailer,
    publicUrl: () => config.publicUrl,
    engine: { kind: database.kind, pool: () => database.pool() },
  };
  const { modules, site } = (deps.capabilities ?? capabilities)(platform);
  app.decorate('capabilities', modules);
  for (const module of modules) if (module.englishNames) nameInEnglish(module.englishNames);

  requireAccessRules(app);
  await registerPlugins(app, config);
  registerReplies(app);
  const loggedLine = requestLogDraw(config);
  registerRequestLog(app, config, loggedLine);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    request.locale = answerLocale(
      request.url,
      localeOf.get(request.raw) ?? 'fr',
      request.headers['accept-language'],
    );
  });
  // a visitor's public page from the cache, before any session is looked up
  door = registerPageCache(app, {
    store: pageStore(config.pageCacheBytes),
    versions: await versionSource(database),
    personalCookies: [FLASH_COOKIE],
    loggedLine,
  });
  const pageContext = pageContextFactory(modules, site, await loadLogo(config.logoFile));
  app.addHook('onRequest', async (request, reply) => {
    const flashKey = request.cookies[FLASH_COOKIE];
    if (flashKey) reply.clearCookie(FLASH_COOKIE, { path: '/' });
    request.pageContext = () => pageContext(request, reply, flashKey);
  });
  // text no person types (a NUL, a control character, half a surrogate pair) is refused at the
  // edge, wherever it comes: the address, the query, the form or the JSON body
  app.addHook('preValidation', async (request) => {
    if (
      holdsForbiddenCharacters(request.params) ||
      holdsForbiddenCharacters(request.query) ||
      holdsForbiddenCharacters(request.body)
    ) {
      throw coreError('INVALID_TEXT');
    }
  });
  registerCsrf(app, await csrfKey(database));
  for (const module of modules) module.hooks?.(app);
  // Then the route's access rule: a visitor is asked to sign in, a user without the right is refused.
  app.addHook('preHandler', async (request) => {
    const rule = request.routeOptions.config.access;
    if (rule && !rule(request.actor)) {
      throw coreError(request.actor.kind === 'visitor' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    }
  });
  registerErrorHandling(app);
  registerHealth(app, database);
  for (const module of modules) await module.routes?.(app);
  return app;
}

/** Every route must say who may call it; the table feeds the role × route test. */
function requireAccessRules(app: FastifyInstance) {
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const open = route.url.startsWith('/assets/') || route.url.startsWith('/api/docs/explorer');
    if (!open && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access rule.`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url });
    }
  });
}

async function registerPlugins(app: FastifyInstance, config: Config) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: false,
  });
  // text answers in the encoding the client accepts, brotli then gzip (from 1 KB). Its hooks
  // are the routes' own, which run after the page cache's: a kept page, compressed once when
  // kept, goes out with its encoding already and is left as it is
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024 });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: config.importMaxBytes, files: 2 } });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    maxAge: '1h',
  });
  // an address with its content's hash (web/assets.ts) never changes what it serves
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/assets/') && request.query && 'v' in (request.query as object)) {
      if (reply.statusCode === 200 || reply.statusCode === 304) {
        reply.header('cache-control', 'public, max-age=31536000, immutable');
      }
    }
    return payload;
  });
  await registerOpenApi(app);
}

function registerReplies(app: FastifyInstance) {
  app.decorateRequest('locale', 'fr');
  app.decorateRequest('sessionId', null);
  app.decorateRequest('pageContext', async () => {
    throw new Error('replaced per request');
  });
  app.decorateRequest('href', function (p: string) {
    return localePath(this.locale, p);
  });
  app.decorateReply('personal', false);
  // who may keep the page is decided as it is sent (page-cache/http-cache.ts)
  app.decorateReply('html', function (element: ReactElement, status = 200) {
    this.code(status).type('text/html; charset=utf-8');
    return this.send(`<!doctype html>${renderToStaticMarkup(element)}`);
  });
  app.decorateReply('flash', function (key: FlashKey) {
    this.personal = true;
    this.setCookie(FLASH_COOKIE, key, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.request.protocol === 'https',
      maxAge: 60,
    });
    return this;
  });
  // over HTTPS (behind a proxy that says so, TRUST_PROXY=1), browsers are told to stay on it
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}

/**
 * Every state-changing request from a browser carries the form's token (or the X-CSRF-Token
 * header). A file upload's body is a stream: its handler reads the token first and checks it
 * (verifyCsrf). A request authenticated by a personal API token carries no cookie a third-party
 * page could ride on, so it needs none.
 */
function registerCsrf(app: FastifyInstance, hmacKey: string) {
  // the token an upload's handler read from the stream, for the CSRF plugin's getToken
  const streamedTokens = new WeakMap<object, string>();
  app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: false },
    // a form field, the X-CSRF-Token header, or the first field of a streamed upload (read by its
    // handler); never the address, which logs and Referer headers would carry
    getToken: (request) =>
      (request.body as { _csrf?: string } | undefined)?._csrf ??
      (request.headers['x-csrf-token'] as string | undefined) ??
      streamedTokens.get(request),
    // a token holds (as an HMAC) the session it was made for: a secret and a token planted in a
    // victim's browser, made for another session or none, are refused once the victim signs in
    getUserInfo: (request) => sessionBinding(request),
    csrfOpts: { hmacKey },
  });
  // one token per answer: without a secret cookie, each call of the plugin's generateCsrf makes a
  // new secret, and only the last one reaches the browser (a page with several forms, shown
  // right after a sign-in, would carry tokens of a secret the browser never gets)
  const answered = new WeakMap<FastifyReply, string>();
  app.decorateReply('csrfToken', function () {
    // a page being kept for every visitor: each gets their own token where this stands
    if (this.request.pageCacheMiss) return CSRF_PLACEHOLDER;
    this.personal = true;
    let token = answered.get(this);
    if (token === undefined) {
      token = this.generateCsrf({
        userInfo: sessionBinding(this.request),
        secure: this.request.protocol === 'https',
      } as Parameters<FastifyReply['generateCsrf']>[0]);
      answered.set(this, token);
    }
    return token;
  });
  app.decorateReply('renewCsrf', function () {
    this.clearCookie(CSRF_COOKIE, { path: '/' });
    return this;
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return done();
    if (request.actor.kind === 'user' && request.actor.via === 'token') return done();
    if (request.routeOptions.config.csrf === 'not-for-visitors' && request.actor.kind === 'visitor')
      return done();
    const streamed = request.routeOptions.config.csrf === 'first-multipart-field';
    if (streamed && request.isMultipart()) return done();
    app.csrfProtection(request, reply, done);
  });
  app.decorateRequest('verifyCsrf', function (token: string) {
    streamedTokens.set(this, token);
    // the plugin's own check, so that the same secret and rules apply; it answers through
    // `send` when the token is wrong, and through the callback when it is right
    return new Promise<boolean>((resolve) => {
      const answer = { send: () => resolve(false) } as unknown as FastifyReply;
      app.csrfProtection(this, answer, () => resolve(true));
    });
  });
}

/**
 * The key that signs CSRF tokens, one per instance: kept in the database, so that a form one
 * process shows is accepted by another.
 */
function csrfKey(database: Database): Promise<string> {
  return instanceMeta(database.db).getOrCreate('csrf_hmac_key', () =>
    randomBytes(32).toString('base64url'),
  );
}

/** what a CSRF token is bound to: the session (a hash of its id), or none for a visitor */
function sessionBinding(request: FastifyRequest): string {
  return request.sessionId ? createHash('sha256').update(request.sessionId).digest('hex') : '-';
}

function registerHealth(app: FastifyInstance, database: Database) {
  // the address browsers ask for a site's icon before reading any page
  app.get('/favicon.ico', { config: { access: anyone } }, async (_request, reply) =>
    reply.redirect('/assets/favicon.svg', 301),
  );
  app.get('/healthz', { config: { access: anyone, api: true } }, async () => ({
    status: 'ok',
  }));
  app.get('/readyz', { config: { access: anyone, api: true } }, async (_request, reply) => {
    try {
      await database.ping();
      return { status: 'ok', database: database.kind };
    } catch (error) {
      app.log.error({ err: error }, 'database not reachable');
      return reply.code(503).send({ status: 'unavailable', database: database.kind });
    }
  });
}
