import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { accountsRoutes } from '../accounts/accounts.routes.ts';
import { accountsService } from '../accounts/accounts.service.ts';
import { registerSessionHook } from '../accounts/session.hooks.ts';
import { adminRoutes } from '../admin/admin.routes.ts';
import type { Database } from '../db/engine.ts';
import { connectionsRoutes } from '../directory/connections.routes.ts';
import { connectionsService } from '../directory/connections.service.ts';
import { directoryRoutes } from '../directory/directory.routes.ts';
import { directoryService } from '../directory/directory.service.ts';
import { registerMovedOrganisations } from '../directory/moved.hooks.ts';
import { profileRoutes } from '../directory/profile.routes.ts';
import { profileService } from '../directory/profile.service.ts';
import { hubRoutes } from '../hub/hub.routes.ts';
import { hubService } from '../hub/hub.service.ts';
import { settingsRoutes } from '../hub/settings.routes.ts';
import { importsRoutes } from '../imports/imports.routes.ts';
import { AppError } from '../kernel/errors.ts';
import { FLASH_KEYS, type FlashKey } from '../kernel/http.ts';
import type { Mailer } from '../mail/mailer.ts';
import { outboxRepository } from '../mail/outbox.repository.ts';
import { outboxRoutes } from '../mail/outbox.routes.ts';
import { newsAdminRoutes } from '../news/news.admin.routes.ts';
import { newsRoutes } from '../news/news.routes.ts';
import { newsService } from '../news/news.service.ts';
import { filesystemStorage } from '../news/storage/file-storage.ts';
import { observatoryJobs } from '../observatory/compute.service.ts';
import { observatoryRoutes } from '../observatory/observatory.routes.ts';
import { observatoryService } from '../observatory/observatory.service.ts';
import type { PageContext } from '../web/context.ts';
import { catalogue, formatter, type Locale, localePath, splitLocale } from '../web/i18n/index.ts';
import type { Config } from './config.ts';
import { registerErrorHandling } from './error-handler.ts';
import { registerOpenApi } from './openapi.ts';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../public');
const FLASH_COOKIE = 'totem_flash';

export type AppDeps = {
  config: Config;
  database: Database;
  mailer: Mailer;
};

export async function buildServer(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, mailer } = deps;
  const db = database.db;
  // The language lives in the URL (/en/… for English): it is read, then stripped, before routing,
  // so each page is one route.
  const localeOf = new WeakMap<IncomingMessage, Locale>();
  // the token an upload's handler read from the stream, for the CSRF plugin's getToken
  const streamedTokens = new WeakMap<object, string>();

  const app = Fastify({
    logger: { level: config.logLevel },
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

  const hub = hubService(db);
  const accounts = accountsService({
    db,
    mailer,
    publicUrl: () => config.publicUrl,
    hubName: async () => (await hub.summary()).name,
  });

  // Every route must say who may call it; the table feeds the role × route test.
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const open = route.url.startsWith('/assets/') || route.url.startsWith('/api/docs');
    if (!open && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no access rule.`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url });
    }
  });

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
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: config.importMaxBytes, files: 2 } });
  await app.register(csrf, {
    cookieKey: 'totem_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: false },
    // a form field, the X-CSRF-Token header, or the first field of a streamed upload (read by its
    // handler); never the address, which logs and Referer headers would carry
    getToken: (request) =>
      (request.body as { _csrf?: string } | undefined)?._csrf ??
      (request.headers['x-csrf-token'] as string | undefined) ??
      streamedTokens.get(request),
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    maxAge: '1h',
  });
  await registerOpenApi(app);

  app.decorateRequest('locale', 'fr');
  app.decorateRequest('sessionId', null);
  app.decorateRequest('pageContext', async () => {
    throw new Error('replaced per request');
  });
  app.decorateRequest('href', function (p: string) {
    return localePath(this.locale, p);
  });
  app.decorateReply('html', function (element: ReactElement, status = 200) {
    this.code(status).type('text/html; charset=utf-8');
    this.header('cache-control', 'no-store');
    return this.send(`<!doctype html>${renderToStaticMarkup(element)}`);
  });
  app.decorateReply('flash', function (key: FlashKey) {
    this.setCookie(FLASH_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
    return this;
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const fromUrl = localeOf.get(request.raw) ?? 'fr';
    // API clients have no /en prefix: their Accept-Language chooses the language of messages
    const wantsEnglish =
      request.url.startsWith('/api/') && /^en\b/i.test(request.headers['accept-language'] ?? '');
    request.locale = wantsEnglish ? 'en' : fromUrl;
  });
  registerSessionHook(app, accounts);
  app.addHook('onRequest', async (request, reply) => {
    const flashKey = request.cookies[FLASH_COOKIE] as FlashKey | undefined;
    if (flashKey) reply.clearCookie(FLASH_COOKIE, { path: '/' });
    request.pageContext = async () => {
      const t = catalogue(request.locale);
      const summary = await hub.summary();
      const user = request.actor.kind === 'user' ? request.actor.user : null;
      const ctx: PageContext = {
        locale: request.locale,
        t,
        fmt: formatter(request.locale),
        path: request.url,
        href: (p) => localePath(request.locale, p),
        user,
        hub: summary,
        csrfToken: () => reply.generateCsrf(),
        requestId: request.id,
      };
      if (flashKey && (FLASH_KEYS as readonly string[]).includes(flashKey))
        ctx.flash = flashMessage(t, flashKey);
      return ctx;
    };
  });

  // Every state-changing request carries the form's token (or the X-CSRF-Token header). A file
  // upload's body is a stream: its handler reads the token first and checks it (verifyCsrf).
  app.addHook('preHandler', (request, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return done();
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
  // An organisation's old address (merged, renamed) leads to where it lives now, before any rule.
  const directory = directoryService(db);
  registerMovedOrganisations(app, directory);
  // Then the route's access rule: a visitor is asked to sign in, a user without the right is refused.
  app.addHook('preHandler', async (request) => {
    const rule = request.routeOptions.config.access;
    if (rule && !rule(request.actor)) {
      throw new AppError(request.actor.kind === 'visitor' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    }
  });

  registerErrorHandling(app);

  // the address browsers ask for a site's icon before reading any page
  app.get('/favicon.ico', { config: { access: () => true } }, async (_request, reply) =>
    reply.redirect('/assets/favicon.svg', 301),
  );

  app.get('/healthz', { config: { access: () => true, api: true } }, async () => ({
    status: 'ok',
  }));
  app.get('/readyz', { config: { access: () => true, api: true } }, async (_request, reply) => {
    try {
      await database.ping();
      return { status: 'ok', database: database.kind };
    } catch (error) {
      app.log.error({ err: error }, 'database not reachable');
      return reply.code(503).send({ status: 'unavailable', database: database.kind });
    }
  });

  // news: its service feeds the home page's latest news too
  const news = newsService({
    db,
    storage: filesystemStorage(path.join(config.dataDir, 'files')),
    maxBytes: config.newsFileMaxBytes,
  });
  newsRoutes(app, { news, publicUrl: () => config.publicUrl });
  newsAdminRoutes(app, {
    news,
    publicUrl: () => config.publicUrl,
    maxBytes: config.newsFileMaxBytes,
  });

  const observatory = observatoryService(db);
  hubRoutes(app, hub, {
    latestNews: (locale) => news.latest(locale, 3),
    objectives: async (locale) => (await observatory.objectives(locale)).items,
  });
  settingsRoutes(app, { db, hub });
  directoryRoutes(app, { directory, hub, publicUrl: () => config.publicUrl });
  const profiles = profileService(db, {
    mailer,
    publicUrl: () => config.publicUrl,
    hubName: async () => (await hub.summary()).name,
  });
  profileRoutes(app, { profiles, hub });
  connectionsRoutes(app, { connections: connectionsService(db) });
  importsRoutes(app, { db, dataDir: config.dataDir, maxBytes: config.importMaxBytes });
  accountsRoutes(app, accounts, (userId) => profiles.organisationsOf(userId));
  adminRoutes(app, { mailKind: mailer.kind });
  outboxRoutes(app, outboxRepository(path.join(config.dataDir, 'outbox')));
  observatoryRoutes(app, { observatory, hub, publicUrl: () => config.publicUrl });
  // a recomputation asked for by a request ends before the database closes
  app.addHook('onClose', () => observatoryJobs(db).idle());

  return app;
}

function flashMessage(t: ReturnType<typeof catalogue>, key: FlashKey): string {
  switch (key) {
    case 'signedUp':
      return t.signUp.welcome;
    case 'signedOut':
      return t.signIn.signedOut;
    case 'passwordReset':
      return t.reset.done;
    case 'resetSent':
      return t.forgot.sent;
    case 'profileSaved':
      return t.editor.saved;
    case 'claimMember':
      return t.claim.member;
    case 'claimPending':
      return t.claim.pending;
    case 'claimAlready':
      return t.claim.already;
    case 'merged':
      return t.editor.merged;
    case 'organisationMerged':
      return t.editor.mergedNotice;
    case 'claimDecided':
      return t.claim.decided;
    case 'importQueued':
      return t.imports.queued;
    case 'settingsSaved':
      return t.settings.saved;
    case 'relationSaved':
      return t.connections.relationSaved;
    case 'relationRemoved':
      return t.connections.relationRemoved;
    case 'roundSaved':
      return t.connections.roundSaved;
    case 'roundRemoved':
      return t.connections.roundRemoved;
    case 'claimAlreadyDecided':
      return t.claim.alreadyDecided;
    case 'newsSaved':
      return t.news.editor.saved;
    case 'newsFileAdded':
      return t.news.editor.uploaded;
    case 'newsFileDeleted':
      return t.news.editor.deleted;
    case 'newsRestored':
      return t.news.revisions.restored;
    case 'newsRetried':
      return t.news.admin.retried;
    case 'newsProposed':
      return t.news.propose.sent;
    case 'newsRejected':
      return t.news.admin.rejectedNotice;
    case 'objectiveSaved':
      return t.observatory.saved;
    case 'milestoneSaved':
      return t.observatory.milestoneSaved;
    case 'objectiveDeleted':
      return t.observatory.objectiveDeleted;
    case 'milestoneDeleted':
      return t.observatory.milestoneDeleted;
    case 'observatoryQueued':
      return t.observatory.recomputeQueued;
  }
}
