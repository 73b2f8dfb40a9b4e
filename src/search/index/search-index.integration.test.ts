import type { FastifyBaseLogger } from 'fastify';
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, engines } from '../../../test/support/engines.ts';
import { buildOrganisation } from '../../../test/support/factories.ts';
import type { Database, EngineKind } from '../../db/engine.ts';
import { type SearchQuery, searchQuery } from '../../directory/directory.schema.ts';
import { loadConfig } from '../../kernel/config.ts';
import { searchModule } from '../search.module.ts';
import { type SearchRequest, searchRepository } from '../search.repository.ts';
import { searchIndexRepository } from './search-index.repository.ts';
import { IndexedSearch } from './search-index.service.ts';

const q = (params: Record<string, unknown>): SearchQuery => searchQuery.parse(params);

const NAMES = ['Grenoble', 'Logiciels', 'Capteurs', 'Atelier', 'Numérique', 'Alpes'];
const KINDS = ['startup', 'sme', 'investor', 'association'] as const;
const COMMUNES = ['38185', '38151', '38229'];
const FIELDS = ['objets-connectes', 'sante-numerique'];
const BANDS = [null, 'NN', '00', '11', '22', '42'];

/** a database of its own holding the same 90 organisations, for the tests of one describe block */
function register(kind: EngineKind): () => Database['db'] {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    for (let i = 0; i < 90; i++) {
      const pick = <T>(list: readonly T[], k: number) =>
        list[(i * k + (i >> 2)) % list.length] as T;
      await buildOrganisation(database.db, {
        name: `${pick(NAMES, 7)} ${pick(NAMES, 3)} ${i}`,
        kind: pick(KINDS, 5),
        status: i % 9 === 0 ? 'closed' : 'active',
        communes: i % 4 === 0 ? [pick(COMMUNES, 1), pick(COMMUNES, 2)] : [pick(COMMUNES, 1)],
        fields: i % 3 === 0 ? [] : [pick(FIELDS, 1)],
        band: pick(BANDS, 11),
        tags: i % 5 === 0 ? ['ia'] : [],
        createdOn: i % 6 === 0 ? null : `20${10 + (i % 14)}-03-01`,
        description: i % 7 === 0 ? 'Conception de capteurs connectés' : '',
      });
    }
  });
  afterAll(() => database.close());
  return () => database.db;
}

describe.each(engines())('the search index on %s: the same answers as SQL', (kind) => {
  const db = register(kind);

  const queries: Record<string, unknown>[] = [
    { q: 'gren' },
    { q: 'grenoble logiciel' },
    { q: 'capteur' },
    { q: 'le' },
    { q: 'zzyzx' },
    { kind: ['sme', 'investor'], commune: ['38185'] },
    { q: 'alp', field: ['objets-connectes'], status: ['active'], sort: 'name' },
    { headcount_min: 10, sort: 'headcount' },
    { tag: ['ia'], headcount_max: 20, sort: 'created' },
    {
      q: 'numer',
      kind: ['startup'],
      commune: ['38151', '38229'],
      headcount_min: 0,
      per_page: 5,
      page: 2,
      sort: 'name',
    },
    { status: ['closed'], sort: 'name' },
    // a place typed as the words: its organisations match too (the directory names the commune)
    { q: 'capteur', places: ['38151'] },
    { q: 'logiciel', places: ['38229'], kind: ['startup'], sort: 'name' },
    { q: 'zzyzx', places: ['38185'], per_page: 5, page: 2, sort: 'name' },
  ];

  it.each(queries.map((p) => [JSON.stringify(p), p] as const))(
    'answers as the SQL search does: %s',
    async (_, params) => {
      const places = params.places as string[] | undefined;
      const query: SearchRequest = { ...q(params), ...(places ? { places } : {}) };
      const indexed = new IndexedSearch(db());
      const [mine, theirs] = [
        await indexed.search(query),
        await searchRepository(db()).search(query),
      ];
      expect(indexed.answering).toBe(true);
      expect(mine.total).toBe(theirs.total);
      expect(mine.facets).toEqual(theirs.facets);
      // the name order is the database's own: the same page
      if (query.sort === 'name')
        expect(mine.rows.map((r) => r.id)).toEqual(theirs.rows.map((r) => r.id));
      else expect(new Set(mine.rows.map((r) => r.id)).size).toBe(mine.rows.length);
      // a page of another order holds matches only, as many as asked
      expect(mine.rows.length).toBe(
        Math.min(query.per_page, Math.max(0, theirs.total - (query.page - 1) * query.per_page)),
      );
    },
  );
});

describe.each(engines())('the search index on %s: a place in the words', (kind) => {
  const db = register(kind);

  it('adds the organisations located in the place to the words’ matches, after them', async () => {
    const indexed = new IndexedSearch(db());
    const all = await searchRepository(db()).search(q({ per_page: 100 }));
    const inPlace = all.rows.filter((r) => r.communes.includes('38151')).map((r) => r.id);
    const words = await indexed.search(q({ q: 'capteur', per_page: 100 }));
    const placed = await indexed.search({
      ...q({ q: 'capteur', per_page: 100 }),
      places: ['38151'],
    });
    const union = new Set([...words.rows.map((r) => r.id), ...inPlace]);
    expect(inPlace.length).toBeGreaterThan(0);
    expect(placed.total).toBe(union.size);
    expect(new Set(placed.rows.map((r) => r.id))).toEqual(union);
    // the words' own matches rank first
    const first = placed.rows.slice(0, words.total).map((r) => r.id);
    expect(new Set(first)).toEqual(new Set(words.rows.map((r) => r.id)));
  });
});

describe.each(engines())('the search index on %s: in step with the register', (kind) => {
  const db = register(kind);

  it('sees every change at the next search: new, renamed, merged and deleted organisations', async () => {
    const indexed = new IndexedSearch(db());
    const find = async (words: string) => (await indexed.search(q({ q: words }))).total;
    expect(await find('quartzite')).toBe(0);
    const made = await buildOrganisation(db(), { name: 'Quartzite Robotique', kind: 'startup' });
    expect(await find('quartzite')).toBe(1);
    expect((await indexed.search(q({ q: 'quartz' }))).facets.kind).toEqual({ startup: 1 });

    // the name order follows renames and new names, as the database sorts them
    const sameOrder = async () => {
      for (const params of [
        { status: ['active'], per_page: 100 },
        { q: 'r', sort: 'name' },
      ]) {
        const mine = await indexed.search(q(params));
        const theirs = await searchRepository(db()).search(q(params));
        expect(mine.rows.map((r) => r.name)).toEqual(theirs.rows.map((r) => r.name));
      }
    };
    await sameOrder();
    await db()
      .updateTable('organisations')
      .set({ name: 'Basalte Robotique' })
      .where('id', '=', made.id)
      .execute();
    await sql`UPDATE organisations SET name = 'Aa ' || name WHERE name LIKE 'Capteurs%'`.execute(
      db(),
    );
    await sameOrder();
    expect(await find('quartzite')).toBe(0);
    expect(await find('basalt')).toBe(1);

    const other = await buildOrganisation(db(), { name: 'Basalte Conseil' });
    expect(await find('basalt')).toBe(2);
    await db()
      .updateTable('organisations')
      .set({ merged_into: made.id })
      .where('id', '=', other.id)
      .execute();
    expect(await find('basalt')).toBe(1);

    await db()
      .updateTable('organisations')
      .set({ merged_into: null })
      .where('id', '=', other.id)
      .execute();
    await db().deleteFrom('organisations').where('id', '=', other.id).execute();
    expect(await find('basalt')).toBe(1);
    expect(indexed.answering).toBe(true);
    await db().deleteFrom('organisations').where('id', '=', made.id).execute();
    expect(await find('basalt')).toBe(0);
  });

  it('answers through SQL while a large change is read again, then from the index', async () => {
    const indexed = new IndexedSearch(db(), { maxChanges: 3, waitUpTo: 0 });
    await indexed.build();
    expect(indexed.answering).toBe(true);
    await sql`UPDATE organisations SET tags = array_append(tags, 'lot') WHERE name LIKE 'Alpes%'`.execute(
      db(),
    );
    const during = await indexed.search(q({ tag: ['lot'] }));
    const truth = await searchRepository(db()).search(q({ tag: ['lot'] }));
    expect(during.total).toBeGreaterThan(3);
    expect(during.total).toBe(truth.total);
    await indexed.build();
    expect(indexed.answering).toBe(true);
    const after = await indexed.search(q({ tag: ['lot'] }));
    expect(after.total).toBe(truth.total);
    expect(after.facets).toEqual(truth.facets);
  });

  // two transactions at once need a server: PGlite has one connection
  if (kind === 'postgres')
    it('misses no transaction that commits after a search began', async () => {
      const indexed = new IndexedSearch(db());
      const made = await buildOrganisation(db(), { name: 'Obsidienne Studio' });
      expect((await indexed.search(q({ q: 'obsidienne' }))).total).toBe(1);
      let commit: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let written: () => void = () => undefined;
      const wrote = new Promise<void>((resolve) => {
        written = resolve;
      });
      const slow = db()
        .connection()
        .execute(async (conn) => {
          await sql`BEGIN`.execute(conn);
          await sql`UPDATE organisations SET name = 'Malachite Studio' WHERE id = ${made.id}`.execute(
            conn,
          );
          written();
          await gate;
          await sql`COMMIT`.execute(conn);
        });
      await wrote;
      // a search while the writer has not committed: the old name still
      expect((await indexed.search(q({ q: 'obsidienne' }))).total).toBe(1);
      // a change by a transaction begun later, committed at once
      await buildOrganisation(db(), { name: 'Malachite Conseil' });
      expect((await indexed.search(q({ q: 'malachite' }))).total).toBe(1);
      commit();
      await slow;
      expect((await indexed.search(q({ q: 'malachite' }))).total).toBe(2);
      expect((await indexed.search(q({ q: 'obsidienne' }))).total).toBe(0);
    });
});

/** a log that keeps what it is told */
function keptLog() {
  const lines: { level: 'info' | 'error'; details: Record<string, unknown>; message: string }[] =
    [];
  const keep = (level: 'info' | 'error') => (details: object, message: string) => {
    lines.push({ level, details: details as Record<string, unknown>, message });
  };
  return { lines, info: keep('info'), error: keep('error') };
}

/**
 * A handle on `db` that counts the statements reading the register into an index (a build), and
 * makes them fail while `failing` is set.
 */
function watchedBuilds(db: Database['db']) {
  const state = { failing: false, builds: 0 };
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (JSON.stringify(args.node).includes('WHERE o.doc_no > ')) {
        state.builds++;
        if (state.failing) throw new Error('disk on fire');
      }
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), state };
}

/** the index's answer and SQL's are the same (the page too: in name order) */
async function sameAsSql(db: Database['db'], indexed: IndexedSearch, params: object) {
  const query = q({ sort: 'name', ...params });
  const [mine, theirs] = [await indexed.search(query), await searchRepository(db).search(query)];
  expect(mine.total).toBe(theirs.total);
  expect(mine.facets).toEqual(theirs.facets);
  expect(mine.rows.map((r) => r.id)).toEqual(theirs.rows.map((r) => r.id));
  return mine;
}

describe.each(engines())('the search index on %s: its settings and failures', (kind) => {
  const db = register(kind);
  const searches = [{ q: 'gren' }, { kind: ['sme', 'investor'], commune: ['38185'] }];

  it('leaves a register below SEARCH_INDEX_MIN_ORGANISATIONS to SQL, and indexes it from there', async () => {
    const watched = watchedBuilds(db());
    const indexed = new IndexedSearch(watched.db, { minOrganisations: 91 });
    for (const params of searches) await sameAsSql(db(), indexed, params);
    expect(indexed.answering).toBe(false);
    expect(watched.state.builds).toBe(0);
    // the 91st organisation: the next search builds the index, and it answers
    await buildOrganisation(db(), { name: 'Grenat Studio', kind: 'sme', communes: ['38185'] });
    for (const params of searches) await sameAsSql(db(), indexed, params);
    expect(indexed.answering).toBe(true);
    expect(watched.state.builds).toBeGreaterThan(0);
    expect((await indexed.search(q({ q: 'grenat' }))).total).toBe(1);
  });

  it('takes the threshold from the server settings through the search module', async () => {
    const platform = (env: Record<string, string>) => ({
      db: db(),
      config: loadConfig({ LOG_LEVEL: 'silent', ...env }),
      mailer: { kind: 'outbox' } as never,
      publicUrl: () => 'http://totem.test',
    });
    const start = async (env: Record<string, string>) => {
      const log = keptLog();
      const task = searchModule(platform(env)).tasks[0];
      task?.start(log as unknown as FastifyBaseLogger);
      await vi.waitFor(() => expect(log.lines).toHaveLength(1));
      return log.lines[0];
    };
    // the register holds 91 organisations
    expect(await start({ SEARCH_INDEX_MIN_ORGANISATIONS: '1000' })).toMatchObject({
      level: 'info',
      details: { organisations: 91, minOrganisations: 1000 },
      message: 'directory search index not built: the register is small, SQL answers',
    });
    expect(await start({ SEARCH_INDEX_MIN_ORGANISATIONS: '91' })).toMatchObject({
      level: 'info',
      details: { organisations: 91 },
      message: 'directory search index built',
    });
  });

  it('logs a first build that fails, and answers with SQL', async () => {
    const watched = watchedBuilds(db());
    watched.state.failing = true;
    const log = keptLog();
    const indexed = new IndexedSearch(watched.db, { log });
    for (const params of searches) await sameAsSql(db(), indexed, params);
    expect(indexed.answering).toBe(false);
    expect(log.lines[0]).toMatchObject({
      level: 'error',
      details: { err: { message: 'disk on fire' } },
      message: 'directory search index not built: SQL answers',
    });
  });

  it('logs a background rebuild that fails, and answers from the index it has', async () => {
    const watched = watchedBuilds(db());
    const log = keptLog();
    const indexed = new IndexedSearch(watched.db, { log });
    await sameAsSql(db(), indexed, searches[0] as object);
    expect(indexed.answering).toBe(true);
    watched.state.failing = true;
    // every organisation changed twice: two slots of three are dead, the index is rebuilt
    for (const rename of ['Aa ', 'Bb ']) {
      await sql`UPDATE organisations SET name = ${rename} || name`.execute(db());
      await sameAsSql(db(), indexed, searches[0] as object);
    }
    await vi.waitFor(() => expect(log.lines.length).toBeGreaterThan(0));
    expect(log.lines[0]).toMatchObject({
      level: 'error',
      details: { err: { message: 'disk on fire' } },
      message: 'directory search index not rebuilt: the previous index answers',
    });
    expect(indexed.answering).toBe(true);
    await buildOrganisation(db(), { name: 'Grenadine Conseil', kind: 'sme' });
    for (const params of searches) await sameAsSql(db(), indexed, params);
    expect((await indexed.search(q({ q: 'grenadin' }))).total).toBe(1);
  });
});

describe.each(engines())('the search index on %s: a look on a larger register', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await sql`
      INSERT INTO organisations (slug, name, kind, status, communes)
      SELECT 'org-' || i, 'Organisation ' || i, 'sme', 'active', ARRAY['38185']
      FROM generate_series(1, 3000) AS i`.execute(database.db);
    await sql`ANALYZE organisations`.execute(database.db);
  });
  afterAll(() => database.close());

  it('reads the organisations that changed by key, not the whole register', async () => {
    const { snapshot } = await searchIndexRepository(database.db).horizon();
    await sql`UPDATE organisations SET name = 'Organisation renommée' WHERE slug = 'org-77'`.execute(
      database.db,
    );
    // what the look read of the table by sequential scans, counted in its own transaction
    const { changed, scanned } = await database.db.transaction().execute(async (trx) => {
      const look = await searchIndexRepository(trx).look(snapshot, 20_001, null);
      const read = await sql<{ n: string | null }>`
        SELECT seq_tup_read AS n FROM pg_stat_xact_user_tables
        WHERE relname = 'organisations'`.execute(trx);
      return { changed: look.changed, scanned: Number(read.rows[0]?.n ?? 0) };
    });
    expect(changed.map((row) => row.doc_no)).toHaveLength(1);
    expect(scanned).toBeLessThan(100);
  });
});
