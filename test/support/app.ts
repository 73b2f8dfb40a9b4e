import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../src/app/server.ts';
import type { Database, EngineKind } from '../../src/db/engine.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { createMailer, type OutboxEntry } from '../../src/mail/mailer.ts';
import { outboxRepository } from '../../src/mail/outbox.repository.ts';
import { createTestDatabase } from './engines.ts';

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  dataDir: string;
  close(): Promise<void>;
};

/** the data folder (and so the outbox) of each test app, for the helpers that read its mail */
const dataDirs = new WeakMap<FastifyInstance, string>();

/**
 * The first message of a test app's outbox that matches, waiting for it: the account forms send
 * their mails after answering. Fails after a few seconds without one.
 */
export async function waitForMail(
  appOrDataDir: FastifyInstance | string,
  matches: (mail: OutboxEntry) => boolean,
  timeoutMs = 10_000,
): Promise<OutboxEntry> {
  const dataDir = typeof appOrDataDir === 'string' ? appOrDataDir : dataDirs.get(appOrDataDir);
  if (!dataDir) throw new Error('not an app made by createTestApp');
  const dir = path.join(dataDir, 'outbox');
  const outbox = outboxRepository(dir);
  const until = Date.now() + timeoutMs;
  // a message read once does not change: each look reads only the new ones, newest first
  const seen = new Set<string>();
  for (;;) {
    const names = await readdir(dir).catch(() => [] as string[]);
    const ids = names.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    for (const id of ids.sort().reverse()) {
      if (seen.has(id)) continue;
      // a message being written reads as broken JSON: it is read again at the next look
      const mail = await outbox.find(id).catch(() => undefined);
      if (mail && matches(mail)) return mail;
      if (mail) seen.add(id);
    }
    if (Date.now() > until) throw new Error('no such mail in the outbox');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** the path and query of the first link of a mail to this page ("/confirmer-adresse") */
export function linkIn(mail: OutboxEntry, page: string): string {
  const link = new RegExp(`https?://\\S+${page}\\?token=\\S+`).exec(mail.text)?.[0];
  if (!link) throw new Error(`no link to ${page} in the mail “${mail.subject}”`);
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

/** The whole server on a fresh database of one engine, with mail going to a temporary outbox. */
export async function createTestApp(
  kind: EngineKind,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'totem-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', ...env });
  const mailer = createMailer({ dataDir, from: config.mailFrom });
  const app = await buildServer({ config, database, mailer });
  dataDirs.set(app, dataDir);
  return {
    app,
    database,
    dataDir,
    async close() {
      await app.close();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let nextAddress = 0;

/**
 * A browser in miniature over app.inject: keeps cookies, and fills in the CSRF token of the last
 * form it was shown, as a person submitting that form would.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  private csrf: string | undefined;
  constructor(
    readonly app: FastifyInstance,
    /** each client comes from its own address (documentation range), as separate people do */
    readonly remoteAddress = `192.0.2.${(nextAddress++ % 250) + 1}`,
  ) {}

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      const expired =
        c.value === '' ||
        (c.expires instanceof Date && c.expires.getTime() < Date.now()) ||
        c.maxAge === 0;
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = this.cookieHeader();
    const res = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.remoteAddress,
      headers: { ...headers, ...(cookie ? { cookie } : {}) },
    });
    this.remember(res);
    return res;
  }

  /** submits a form as the browser would: urlencoded, with the CSRF token unless told otherwise */
  async post(
    url: string,
    form: Record<string, string | readonly string[]>,
    options: { csrf?: string | false; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const token = options.csrf === false ? undefined : (options.csrf ?? this.csrf);
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(form))
      for (const one of [value].flat()) params.append(name, one);
    if (token) params.set('_csrf', token);
    const body = params.toString();
    const cookie = this.cookieHeader();
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.remoteAddress,
      payload: body,
      headers: {
        ...options.headers,
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
    });
    this.remember(res);
    return res;
  }

  /**
   * sends JSON with any method (PATCH, PUT, DELETE…) as a page's script would: the CSRF token of
   * the last form shown goes in the X-CSRF-Token header
   */
  async json(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body: unknown) {
    const cookie = this.cookieHeader();
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.remoteAddress,
      payload: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(cookie ? { cookie } : {}),
      },
    });
    this.remember(res);
    return res;
  }

  /** follows a redirect answer with a GET, as a browser does after post/redirect */
  async follow(res: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const location = res.headers.location;
    if (typeof location !== 'string') throw new Error(`not a redirect: ${res.statusCode}`);
    return this.get(location);
  }
}

/**
 * Signs a new account up through the form, confirms its address with the link mailed (unless
 * told not to: `verify: false`), then signs in and opens the page it leads to; returns its
 * client, signed in.
 */
export async function signUp(
  app: FastifyInstance,
  input: {
    email: string;
    name?: string;
    password?: string;
    locale?: 'fr' | 'en';
    verify?: boolean;
  },
): Promise<TestClient> {
  const client = new TestClient(app);
  const prefix = input.locale === 'en' ? '/en' : '';
  const password = input.password ?? 'correct horse battery';
  await client.get(`${prefix}/inscription`);
  const res = await client.post(`${prefix}/inscription`, {
    name: input.name ?? 'Test Person',
    email: input.email,
    password,
  });
  if (res.statusCode !== 303)
    throw new Error(`sign-up failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (input.verify !== false) await confirmAddress(client, input.email);
  await client.get(`${prefix}/connexion`);
  const signedIn = await client.post(`${prefix}/connexion`, { email: input.email, password });
  if (signedIn.statusCode !== 303)
    throw new Error(`sign-in failed: ${signedIn.statusCode} ${signedIn.body.slice(0, 300)}`);
  // the browser lands on the page the sign-in leads to, which brings the session's CSRF token
  await client.follow(signedIn);
  return client;
}

/** opens the latest confirmation link mailed to this address, and presses its button */
export async function confirmAddress(client: TestClient, email: string): Promise<void> {
  const mail = await waitForMail(
    client.app,
    (m) => m.to === email && m.text.includes('/confirmer-adresse?token='),
  );
  const page = await client.get(linkIn(mail, '/confirmer-adresse'));
  if (page.statusCode !== 200) throw new Error(`confirmation page: ${page.statusCode}`);
  const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const done = await client.post('/confirmer-adresse', { token });
  if (done.statusCode !== 303) throw new Error(`confirmation: ${done.statusCode}`);
}

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}.${process.pid}.${Date.now()}.${counter}@example.org`;
}
