import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../src/app/server.ts';
import type { Database, EngineKind } from '../../src/db/engine.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { createTestDatabase } from './engines.ts';

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  dataDir: string;
  close(): Promise<void>;
};

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
  /** each client comes from its own address (documentation range), as separate people do */
  readonly remoteAddress = `192.0.2.${(nextAddress++ % 250) + 1}`;

  constructor(private readonly app: FastifyInstance) {}

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
    form: Record<string, string>,
    options: { csrf?: string | false } = {},
  ): Promise<LightMyRequestResponse> {
    const token = options.csrf === false ? undefined : (options.csrf ?? this.csrf);
    const body = new URLSearchParams({ ...form, ...(token ? { _csrf: token } : {}) }).toString();
    const cookie = this.cookieHeader();
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.remoteAddress,
      payload: body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
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

/** signs a new account up through the form; returns its client, signed in */
export async function signUp(
  app: FastifyInstance,
  input: { email: string; name?: string; password?: string; locale?: 'fr' | 'en' },
): Promise<TestClient> {
  const client = new TestClient(app);
  const prefix = input.locale === 'en' ? '/en' : '';
  await client.get(`${prefix}/inscription`);
  const res = await client.post(`${prefix}/inscription`, {
    name: input.name ?? 'Test Person',
    email: input.email,
    password: input.password ?? 'correct horse battery',
  });
  if (res.statusCode !== 303)
    throw new Error(`sign-up failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return client;
}

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}.${process.pid}.${Date.now()}.${counter}@example.org`;
}
