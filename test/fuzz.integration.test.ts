import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/app/demo.ts';
import { fileUrlName } from '../src/news/pages/common.tsx';
import { observatoryJobs } from '../src/observatory/compute.service.ts';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from './support/app.ts';
import { engines } from './support/engines.ts';
import { giveRole } from './support/factories.ts';

/**
 * What an attacker's fuzzer sends, to every route the server knows: control characters, NUL,
 * half a surrogate pair, a right-to-left override, 10 000 characters, and the characters that
 * removing accents turns into query syntax — in every path parameter, every query parameter and
 * every form field. No answer may be a 500, and a refused form may change nothing stored.
 */
const HOSTILE = [
  'a\u0000b',
  '\u0007\u001b[31m',
  'x\ud800y',
  'https://\u202eelpmaxe.live',
  'é'.repeat(10_000),
  "ŉ ⑴ ㈱ ǅ '; -- \\ % _ :* & | ! ( )",
];

/** bytes no UTF-8 decoder takes (half a surrogate, an overlong slash, nonsense), as sent raw */
const RAW_ENCODED = ['%ED%A0%80', '%C0%AF', '%FF%FE', 'a%00b'];

/** a value as it goes in an address: percent-encoded, its lone surrogates as the replacement */
function percent(value: string): string {
  return Buffer.from(value, 'utf8')
    .toString('latin1')
    .replace(
      /[^A-Za-z0-9\-_.~]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
    );
}

/** the query parameters any route reads */
const QUERY_NAMES = [
  'q',
  'page',
  'per_page',
  'sort',
  'kind',
  'field',
  'commune',
  'status',
  'tag',
  'headcount_min',
  'headcount_max',
  'categorie',
  'propositions',
  'next',
  'token',
  'lang',
  'langue',
  'ensemble',
  'organisation',
];

/** form fields for a post whose page shows no form (a button, or an API route) */
const GENERIC_FIELDS = ['name', 'email', 'message', 'target', 'decision', 'version', 'role'];

/**
 * the tables a refused request may write: sessions, tokens’ last use, the account forms’ counters,
 * and the public pages' versions (a statement that changed no row still marks its topic: visitors'
 * pages are rendered again, nothing else)
 */
const BOOKKEEPING =
  /^(sessions|api_tokens|password_tokens|instance_meta|fuzz_writes|auth_throttle|page_changes|page_versions)$/;

describe.each(engines())('every route against hostile input on %s', (engine) => {
  let t: TestApp;
  let admin: TestClient;
  let adminEmail: string;
  const values = {
    org: '',
    article: '',
    articleSlug: '',
    file: '',
    fileName: '',
    objective: '',
    milestone: '',
    relation: '',
    round: '',
    user: '',
  };

  async function signInAdmin() {
    adminEmail = uniqueEmail('fuzz-admin');
    admin = await signUp(t.app, { email: adminEmail });
    await giveRole(t.database.db, adminEmail, 'admin');
  }

  /**
   * rows written to the tables that matter, since the start (a row trigger counts them), once the
   * background work an earlier request started (a recomputation of the figures) is done
   */
  async function settled(): Promise<number> {
    await observatoryJobs(t.database.db).idle();
    const r = await sql<{ n: string }>`SELECT n FROM fuzz_writes`.execute(t.database.db);
    return Number(r.rows[0]?.n);
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    await loadDemo(t.database.db, t.app.capabilities, { withAccounts: false, dataDir: t.dataDir });
    await signInAdmin();
    Object.assign(values, await demoResources(t));
    await countWrites(t.database.db);
  });
  afterAll(async () => t?.close());

  /** the route's address with real resources of the demo in its parameters */
  function concrete(url: string, hostile?: { param: string; encoded: string }): string {
    return url.replace(/:([a-z]+)/g, (_, param: string): string => {
      if (hostile?.param === param) return hostile.encoded;
      if (param === 'slug') return url.startsWith('/actualites') ? values.articleSlug : values.org;
      if (param === 'lang') return 'fr';
      if (param === 'version') return '1';
      if (param === 'file') return values.file;
      if (param === 'name') return values.fileName;
      if (param === 'chart') return 'organisations-par-type.csv';
      if (url.includes('/relations/')) return values.relation;
      if (url.includes('/levees/')) return values.round;
      if (url.includes('/fichiers/')) return values.file;
      if (url.includes('actualites/')) return values.article;
      if (url.includes('/jalons/')) return values.milestone;
      if (url.includes('objecti')) return values.objective;
      if (url.includes('/utilisateurs/')) return values.user;
      return '1';
    });
  }

  const routes = () =>
    t.app.routeTable
      .filter((r) => !r.url.startsWith('/assets/') && !r.url.startsWith('/api/docs/explorer'))
      .filter((r) => r.url !== '/deconnexion');

  /** a request as the admin; a session lost along the way (a form that signs out) is renewed */
  async function send(method: string, url: string, form: Record<string, string> = {}) {
    let res: LightMyRequestResponse =
      method === 'GET' ? await admin.get(url) : await admin.post(url, form);
    if (res.statusCode === 401 && !url.startsWith('/connexion')) {
      await signInAdmin();
      await admin.get('/compte');
      res = method === 'GET' ? await admin.get(url) : await admin.post(url, form);
    }
    return res;
  }

  it('never answers 500 to hostile addresses and query strings', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes().filter((r) => r.method === 'GET')) {
      const params = [...route.url.matchAll(/:([a-z]+)/g)].map((m) => m[1] as string);
      for (const encoded of [...HOSTILE.map(percent), ...RAW_ENCODED]) {
        const query = QUERY_NAMES.map((n) => `${n}=${encoded}`).join('&');
        const attempts = [
          `${concrete(route.url)}?${query}`,
          ...params.map((param) => concrete(route.url, { param, encoded })),
        ];
        for (const url of attempts) {
          const res = await send('GET', url);
          sent++;
          if (res.statusCode >= 500)
            failures.push(`GET ${route.url} ${res.statusCode} ${url.slice(0, 120)}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  });

  it('never answers 500 to hostile form fields, and a refused form changes nothing', async () => {
    const failures: string[] = [];
    let refused = 0;
    for (const route of routes().filter((r) => r.method === 'POST')) {
      const url = concrete(route.url);
      // the fields of the form the route's page shows, with what they hold
      const page = await send(
        'GET',
        url.replace(/\/(supprimer|reessayer|refuser|revoquer|revoke)$/, ''),
      );
      const fields = formFields(page.body);
      const names = Object.keys(fields).length > 0 ? Object.keys(fields) : GENERIC_FIELDS;
      for (const name of names) {
        for (const value of HOSTILE) {
          const before = await settled();
          const res = await send('POST', url, { ...fields, [name]: value });
          if (res.statusCode >= 500) {
            failures.push(`POST ${route.url} [${name}] ${res.statusCode}`);
          } else if (res.statusCode >= 400 && !route.url.startsWith('/connexion')) {
            refused++;
            const after = await settled();
            if (after !== before)
              failures.push(
                `POST ${route.url} [${name}] ${res.statusCode} wrote ${after - before} rows`,
              );
          }
        }
      }
    }
    expect(refused).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });
});

/** real resources of the demo, for the routes' parameters */
async function demoResources(t: TestApp) {
  const db = t.database.db;
  const one = async (query: ReturnType<typeof sql<{ v: string | number }>>) =>
    String((await query.execute(db)).rows[0]?.v ?? 1);
  const member = await signUp(t.app, { email: uniqueEmail('fuzz-member') });
  await member.get('/compte');
  return {
    org: 'digital-grenoble',
    article: await one(sql`SELECT min(id) AS v FROM news_articles`),
    articleSlug: await one(sql`SELECT slug AS v FROM news_versions WHERE locale = 'fr' LIMIT 1`),
    file: await one(sql`SELECT min(id) AS v FROM news_files`),
    fileName: fileUrlName(await one(sql`SELECT file_name AS v FROM news_files LIMIT 1`)),
    objective: await one(sql`SELECT min(id) AS v FROM objectives`),
    milestone: await one(sql`SELECT min(id) AS v FROM milestones`),
    relation: await one(sql`SELECT min(id) AS v FROM organisation_relations`),
    round: await one(sql`SELECT min(id) AS v FROM funding_rounds`),
    user: await one(sql`SELECT id AS v FROM users WHERE email LIKE 'fuzz-member%' LIMIT 1`),
  };
}

/** from now on, every row written to a table that matters is counted in `fuzz_writes` */
async function countWrites(db: TestApp['database']['db']) {
  await sql`CREATE TABLE fuzz_writes (n bigint NOT NULL)`.execute(db);
  await sql`INSERT INTO fuzz_writes VALUES (0)`.execute(db);
  await sql`CREATE FUNCTION fuzz_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN UPDATE fuzz_writes SET n = n + 1; RETURN NULL; END $$`.execute(db);
  const tables = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`.execute(db);
  for (const { name } of tables.rows) {
    if (BOOKKEEPING.test(name)) continue;
    await sql
      .raw(`CREATE TRIGGER fuzz_count AFTER INSERT OR UPDATE OR DELETE ON "${name}"
            FOR EACH ROW EXECUTE FUNCTION fuzz_count()`)
      .execute(db);
  }
}

/** the fields of the forms of a page, with the values they hold (inputs and text areas) */
function formFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = /\bname="([^"]+)"/.exec(tag)?.[1];
    if (!name || name === '_csrf') continue;
    out[name] ??= decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  for (const m of html.matchAll(/<textarea\b[^>]*\bname="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) {
    out[m[1] as string] ??= decode(m[2] ?? '');
  }
  return out;
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
