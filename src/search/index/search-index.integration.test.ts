import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines } from '../../../test/support/engines.ts';
import { buildOrganisation } from '../../../test/support/factories.ts';
import type { Database, EngineKind } from '../../db/engine.ts';
import { type SearchQuery, searchQuery } from '../../directory/directory.schema.ts';
import { searchRepository } from '../search.repository.ts';
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
  ];

  it.each(queries.map((p) => [JSON.stringify(p), p] as const))(
    'answers as the SQL search does: %s',
    async (_, params) => {
      const query = q(params);
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
