import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, giveRole } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import { duplicatesRepository } from './duplicates.repository.ts';
import { organisationsRepository } from './organisations.repository.ts';

type Org = { id: string; slug: string };

/**
 * One application per engine for the whole file: staff, and three organisations merged in a chain
 * (first into middle, then middle into kept).
 */
type Moved = {
  engine: EngineKind;
  t: TestApp;
  staff: TestClient;
  first: Org;
  middle: Org;
  kept: Org;
  /** the edit form of `first`, opened before it was merged */
  staleVersion: string;
};

async function merge(s: Moved, duplicate: Org, into: Org) {
  await s.staff.get(`/annuaire/${duplicate.slug}/modifier`);
  const res = await s.staff.post(`/annuaire/${duplicate.slug}/fusionner`, { target: into.slug });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
}

async function row(s: Moved, org: Org) {
  return s.t.database.db
    .selectFrom('organisations')
    .select(['description_fr', 'merged_into', 'updated_at'])
    .where('id', '=', org.id)
    .executeTakeFirstOrThrow();
}

function movedApp(engine: EngineKind): Moved {
  const s = { engine } as Moved;
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    const email = uniqueEmail('staff');
    s.staff = await signUp(s.t.app, { email });
    await giveRole(s.t.database.db, email, 'staff');
    s.first = await buildOrganisation(s.t.database.db, { name: 'Capteurs Alpins' });
    s.middle = await buildOrganisation(s.t.database.db, { name: 'Capteurs Alpins SAS' });
    s.kept = await buildOrganisation(s.t.database.db, { name: 'Capteurs des Alpes' });
    const form = await s.staff.get(`/annuaire/${s.first.slug}/modifier`);
    s.staleVersion = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    await merge(s, s.first, s.middle);
    await merge(s, s.middle, s.kept);
  });
  afterAll(async () => s.t?.close());
  return s;
}

function chainOfMerges(s: Moved) {
  it('keeps a pointer to the organisation each was merged into', async () => {
    expect((await row(s, s.first)).merged_into).toBe(s.middle.id);
    expect((await row(s, s.middle)).merged_into).toBe(s.kept.id);
  });

  it('redirects every page of a merged organisation, at the end of the chain, keeping the rest of the address', async () => {
    const visitor = new TestClient(s.t.app);
    const cases: [string, string][] = [
      [`/annuaire/${s.first.slug}`, `/annuaire/${s.kept.slug}`],
      [`/annuaire/${s.first.slug}/modifier`, `/annuaire/${s.kept.slug}/modifier`],
      [`/annuaire/${s.first.slug}/relations?page=2`, `/annuaire/${s.kept.slug}/relations?page=2`],
      [`/annuaire/${s.first.slug}/relations/7`, `/annuaire/${s.kept.slug}/relations/7`],
      [`/annuaire/${s.middle.slug}/levees`, `/annuaire/${s.kept.slug}/levees`],
      [`/annuaire/${s.middle.slug}/levees/3?x=a%20b`, `/annuaire/${s.kept.slug}/levees/3?x=a%20b`],
      [`/en/annuaire/${s.first.slug}/relations`, `/en/annuaire/${s.kept.slug}/relations`],
      [`/api/v1/organisations/${s.first.slug}`, `/api/v1/organisations/${s.kept.slug}`],
      [
        `/api/v1/organisations/${s.middle.slug}?lang=en`,
        `/api/v1/organisations/${s.kept.slug}?lang=en`,
      ],
    ];
    for (const [from, to] of cases) {
      for (const client of [visitor, s.staff]) {
        const res = await client.get(from);
        expect(res.statusCode, from).toBe(301);
        expect(res.headers.location, from).toBe(to);
      }
    }
    const head = await s.t.app.inject({ method: 'HEAD', url: `/annuaire/${s.first.slug}/levees` });
    expect(head.statusCode).toBe(301);
    expect(head.headers.location).toBe(`/annuaire/${s.kept.slug}/levees`);
    // the address it leads to answers: the kept organisation's page
    const landed = await s.staff.get(`/annuaire/${s.kept.slug}/relations?page=2`);
    expect(landed.statusCode).toBe(200);
    const api = await s.t.app.inject(`/api/v1/organisations/${s.kept.slug}`);
    expect(api.json().slug).toBe(s.kept.slug);
  });

  it('writes nothing when a form is sent to a merged organisation, and says why on the kept profile', async () => {
    const before = await row(s, s.first);
    const relationsBefore = await s.t.database.db
      .selectFrom('organisation_relations')
      .select('id')
      .execute();
    const edit = await s.staff.post(`/annuaire/${s.first.slug}/modifier`, {
      version: s.staleVersion,
      name: 'Écrit trop tard',
      acronym: '',
      kind: 'sme',
      status: 'active',
      description_fr: 'Envoyé après la fusion',
      description_en: '',
      website: '',
      tags: '',
      headcount: '12',
      headcount_year: '2025',
    });
    expect(edit.statusCode).toBe(303);
    expect(edit.headers.location).toBe(`/annuaire/${s.kept.slug}`);
    const landed = await s.staff.follow(edit);
    expect(landed.body).toContain('a été fusionnée dans celle-ci');
    expect(landed.body).toContain('n’a pas été enregistré');

    await s.staff.get(`/annuaire/${s.kept.slug}/relations`);
    const relation = await s.staff.post(`/annuaire/${s.middle.slug}/relations`, {
      type: 'partner_of',
      other_q: s.kept.slug,
      action: 'save',
    });
    expect(relation.statusCode).toBe(303);
    expect(relation.headers.location).toBe(`/annuaire/${s.kept.slug}`);
    const removal = await s.staff.post(`/en/annuaire/${s.first.slug}/levees/1/supprimer`, {});
    expect(removal.statusCode).toBe(303);
    expect(removal.headers.location).toBe(`/en/annuaire/${s.kept.slug}`);
    expect((await s.staff.follow(removal)).body).toContain('was merged into this one');

    const after = await row(s, s.first);
    expect(after).toEqual(before);
    const observations = await s.t.database.db
      .selectFrom('headcount_observations')
      .select('id')
      .where('organisation_id', '=', s.first.id)
      .execute();
    expect(observations).toEqual([]);
    const relationsAfter = await s.t.database.db
      .selectFrom('organisation_relations')
      .select('id')
      .execute();
    expect(relationsAfter).toEqual(relationsBefore);
  });

  it('still checks the form token before anything else', async () => {
    const forged = await s.staff.post(`/annuaire/${s.first.slug}/modifier`, {}, { csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
  });
}

function whatMergesMove(s: Moved) {
  it('moves a duplicate’s establishments to the kept organisation at once; its communes follow', async () => {
    const db = s.t.database.db;
    const duplicate = await buildOrganisation(db, { name: 'Usinage Belledonne', communes: [] });
    const into = await buildOrganisation(db, { name: 'Usinage Belledonne SA' });
    const place = {
      name: null,
      street: null,
      postcode: '38400',
      commune_name: 'Saint-Martin-d’Hères',
      latitude: null,
      longitude: null,
      naf_code: '62.01Z',
      headcount_band: null,
      headcount_year: null,
      created_on: null,
      restricted: false,
    };
    await db
      .insertInto('establishments')
      .values([
        {
          ...place,
          siret: '90000000100011',
          organisation_id: duplicate.id,
          is_head_office: true,
          status: 'open',
          commune_code: '38421',
        },
        {
          ...place,
          siret: '90000000100029',
          organisation_id: duplicate.id,
          is_head_office: false,
          status: 'closed',
          commune_code: '38169',
        },
      ])
      .execute();
    await merge(s, duplicate, into);

    const owners = await db
      .selectFrom('establishments')
      .select(['siret', 'organisation_id'])
      .where('siret', 'in', ['90000000100011', '90000000100029'])
      .orderBy('siret')
      .execute();
    expect(owners.map((e) => e.organisation_id)).toEqual([into.id, into.id]);
    const kept = await db
      .selectFrom('organisations')
      .select(['communes', 'head_office_in_territory'])
      .where('id', '=', into.id)
      .executeTakeFirstOrThrow();
    // its own commune stays; the open establishment's is added, the closed one's is not
    expect(kept.communes).toEqual(['38185', '38421']);
    const found = await s.t.app.inject('/api/v1/organisations?q=usinage&commune=38421');
    expect(found.json().items.map((o: { id: string }) => o.id)).toEqual([into.id]);
  });

  // two transactions at once need a server: PGlite has one connection
  if (s.engine === 'postgres')
    it('lets one only of two opposite merges of a pair succeed, even at the same moment', async () => {
      const db = s.t.database.db;
      const a = await buildOrganisation(db, { name: 'Miroir Nord' });
      const b = await buildOrganisation(db, { name: 'Miroir Sud' });
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let marked: () => void = () => undefined;
      const firstMarked = new Promise<void>((resolve) => {
        marked = resolve;
      });
      const first = db.transaction().execute(async (trx) => {
        const done = await duplicatesRepository(trx).markMerged(a.id, b.id);
        marked();
        await gate;
        return done;
      });
      await firstMarked;
      const second = db
        .transaction()
        .execute((trx) => duplicatesRepository(trx).markMerged(b.id, a.id));
      // the second reaches the pair while the first still holds it
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      expect(await first).toBe(true);
      expect(await second).toBe(false);
      const rows = await db
        .selectFrom('organisations')
        .select(['id', 'merged_into'])
        .where('id', 'in', [a.id, b.id])
        .execute();
      expect(Object.fromEntries(rows.map((r) => [r.id, r.merged_into]))).toEqual({
        [a.id]: b.id,
        [b.id]: null,
      });
    });
}

function otherAddresses(s: Moved) {
  it('answers 404, not a loop, when merges point at each other', async () => {
    const a = await buildOrganisation(s.t.database.db, { name: 'Boucle A' });
    const b = await buildOrganisation(s.t.database.db, { name: 'Boucle B' });
    await s.t.database.db
      .updateTable('organisations')
      .set({ merged_into: b.id })
      .where('id', '=', a.id)
      .execute();
    await s.t.database.db
      .updateTable('organisations')
      .set({ merged_into: a.id })
      .where('id', '=', b.id)
      .execute();
    expect((await s.t.app.inject(`/annuaire/${a.slug}/relations`)).statusCode).toBe(404);
    const api = await s.t.app.inject(`/api/v1/organisations/${b.slug}`);
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    await s.staff.get(`/annuaire/${s.kept.slug}/modifier`);
    expect((await s.staff.post(`/annuaire/${a.slug}/revendiquer`, {})).statusCode).toBe(404);
  });

  it('leads an old slug of a renamed organisation to its current one, forms included', async () => {
    const renamed = await buildOrganisation(s.t.database.db, { name: 'Nouveau Nom' });
    const oldSlug = `ancien-nom-${renamed.id.slice(0, 8)}`;
    await s.t.database.db
      .insertInto('organisation_slug_history')
      .values({ slug: oldSlug, organisation_id: renamed.id })
      .execute();
    const page = await s.t.app.inject(`/annuaire/${oldSlug}/levees?tri=date`);
    expect(page.statusCode).toBe(301);
    expect(page.headers.location).toBe(`/annuaire/${renamed.slug}/levees?tri=date`);
    const profile = await s.t.app.inject(`/annuaire/${oldSlug}`);
    expect(profile.headers.location).toBe(`/annuaire/${renamed.slug}`);
    // the same organisation: the form is sent again, method and body kept
    await s.staff.get(`/annuaire/${renamed.slug}`);
    const claim = await s.staff.post(`/annuaire/${oldSlug}/revendiquer`, { message: '' });
    expect(claim.statusCode).toBe(308);
    expect(claim.headers.location).toBe(`/annuaire/${renamed.slug}/revendiquer`);
  });

  it('tells apart a current slug, an old one, a merged one and an unknown one', async () => {
    const orgs = organisationsRepository(s.t.database.db);
    expect(await orgs.whereIs(s.kept.slug)).toEqual({ kind: 'here' });
    expect(await orgs.whereIs(s.first.slug)).toEqual({
      kind: 'moved',
      slug: s.kept.slug,
      merged: true,
    });
    expect(await orgs.whereIs('nobody-at-all')).toBeUndefined();
    expect((await s.t.app.inject('/annuaire/nobody-at-all/relations')).statusCode).toBeLessThan(
      500,
    );
  });
}

describe.each(engines())('old addresses of merged and renamed organisations on %s', (engine) => {
  const s = movedApp(engine);
  describe('a chain of merges', () => chainOfMerges(s));
  describe('what a merge moves, and two at once', () => whatMergesMove(s));
  describe('loops, renamed and unknown addresses', () => otherAddresses(s));
});
