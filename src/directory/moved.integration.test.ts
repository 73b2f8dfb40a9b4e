import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { usersRepository } from '../accounts/users.repository.ts';
import { duplicatesRepository } from './duplicates.repository.ts';
import { organisationsRepository } from './organisations.repository.ts';

type Org = { id: string; slug: string };

describe.each(engines())('old addresses of merged and renamed organisations on %s', (engine) => {
  let t: TestApp;
  let staff: TestClient;
  let first: Org;
  let middle: Org;
  let kept: Org;
  /** the edit form of `first`, opened before it was merged */
  let staleVersion: string;

  async function asStaff() {
    const email = uniqueEmail('staff');
    const client = await signUp(t.app, { email });
    const users = usersRepository(t.database.db);
    const user = await users.findByEmail(email);
    if (user) await users.setRole(user.id, 'staff');
    return client;
  }

  async function merge(duplicate: Org, into: Org) {
    await staff.get(`/annuaire/${duplicate.slug}/modifier`);
    const res = await staff.post(`/annuaire/${duplicate.slug}/fusionner`, { target: into.slug });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  }

  async function row(org: Org) {
    return t.database.db
      .selectFrom('organisations')
      .select(['description_fr', 'merged_into', 'updated_at'])
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    staff = await asStaff();
    first = await buildOrganisation(t.database.db, { name: 'Capteurs Alpins' });
    middle = await buildOrganisation(t.database.db, { name: 'Capteurs Alpins SAS' });
    kept = await buildOrganisation(t.database.db, { name: 'Capteurs des Alpes' });
    const form = await staff.get(`/annuaire/${first.slug}/modifier`);
    staleVersion = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    // first into middle, then middle into kept: a chain of two merges
    await merge(first, middle);
    await merge(middle, kept);
  });
  afterAll(async () => t?.close());

  it('keeps a pointer to the organisation each was merged into', async () => {
    expect((await row(first)).merged_into).toBe(middle.id);
    expect((await row(middle)).merged_into).toBe(kept.id);
  });

  it('redirects every page of a merged organisation, at the end of the chain, keeping the rest of the address', async () => {
    const visitor = new TestClient(t.app);
    const cases: [string, string][] = [
      [`/annuaire/${first.slug}`, `/annuaire/${kept.slug}`],
      [`/annuaire/${first.slug}/modifier`, `/annuaire/${kept.slug}/modifier`],
      [`/annuaire/${first.slug}/relations?page=2`, `/annuaire/${kept.slug}/relations?page=2`],
      [`/annuaire/${first.slug}/relations/7`, `/annuaire/${kept.slug}/relations/7`],
      [`/annuaire/${middle.slug}/levees`, `/annuaire/${kept.slug}/levees`],
      [`/annuaire/${middle.slug}/levees/3?x=a%20b`, `/annuaire/${kept.slug}/levees/3?x=a%20b`],
      [`/en/annuaire/${first.slug}/relations`, `/en/annuaire/${kept.slug}/relations`],
      [`/api/v1/organisations/${first.slug}`, `/api/v1/organisations/${kept.slug}`],
      [
        `/api/v1/organisations/${middle.slug}?lang=en`,
        `/api/v1/organisations/${kept.slug}?lang=en`,
      ],
    ];
    for (const [from, to] of cases) {
      for (const client of [visitor, staff]) {
        const res = await client.get(from);
        expect(res.statusCode, from).toBe(301);
        expect(res.headers.location, from).toBe(to);
      }
    }
    const head = await t.app.inject({ method: 'HEAD', url: `/annuaire/${first.slug}/levees` });
    expect(head.statusCode).toBe(301);
    expect(head.headers.location).toBe(`/annuaire/${kept.slug}/levees`);
    // the address it leads to answers: the kept organisation's page
    const landed = await staff.get(`/annuaire/${kept.slug}/relations?page=2`);
    expect(landed.statusCode).toBe(200);
    const api = await t.app.inject(`/api/v1/organisations/${kept.slug}`);
    expect(api.json().slug).toBe(kept.slug);
  });

  it('writes nothing when a form is sent to a merged organisation, and says why on the kept profile', async () => {
    const before = await row(first);
    const relationsBefore = await t.database.db
      .selectFrom('organisation_relations')
      .select('id')
      .execute();
    const edit = await staff.post(`/annuaire/${first.slug}/modifier`, {
      version: staleVersion,
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
    expect(edit.headers.location).toBe(`/annuaire/${kept.slug}`);
    const landed = await staff.follow(edit);
    expect(landed.body).toContain('a été fusionnée dans celle-ci');
    expect(landed.body).toContain('n’a pas été enregistré');

    await staff.get(`/annuaire/${kept.slug}/relations`);
    const relation = await staff.post(`/annuaire/${middle.slug}/relations`, {
      type: 'partner_of',
      other_q: kept.slug,
      action: 'save',
    });
    expect(relation.statusCode).toBe(303);
    expect(relation.headers.location).toBe(`/annuaire/${kept.slug}`);
    const removal = await staff.post(`/en/annuaire/${first.slug}/levees/1/supprimer`, {});
    expect(removal.statusCode).toBe(303);
    expect(removal.headers.location).toBe(`/en/annuaire/${kept.slug}`);
    expect((await staff.follow(removal)).body).toContain('was merged into this one');

    const after = await row(first);
    expect(after).toEqual(before);
    const observations = await t.database.db
      .selectFrom('headcount_observations')
      .select('id')
      .where('organisation_id', '=', first.id)
      .execute();
    expect(observations).toEqual([]);
    const relationsAfter = await t.database.db
      .selectFrom('organisation_relations')
      .select('id')
      .execute();
    expect(relationsAfter).toEqual(relationsBefore);
  });

  it('still checks the form token before anything else', async () => {
    const forged = await staff.post(`/annuaire/${first.slug}/modifier`, {}, { csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
  });

  it('moves a duplicate’s establishments to the kept organisation at once; its communes follow', async () => {
    const db = t.database.db;
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
    await merge(duplicate, into);

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
    const found = await t.app.inject('/api/v1/organisations?q=usinage&commune=38421');
    expect(found.json().items.map((o: { id: string }) => o.id)).toEqual([into.id]);
  });

  // two transactions at once need a server: PGlite has one connection
  if (engine === 'postgres')
    it('lets one only of two opposite merges of a pair succeed, even at the same moment', async () => {
      const db = t.database.db;
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

  it('answers 404, not a loop, when merges point at each other', async () => {
    const a = await buildOrganisation(t.database.db, { name: 'Boucle A' });
    const b = await buildOrganisation(t.database.db, { name: 'Boucle B' });
    await t.database.db
      .updateTable('organisations')
      .set({ merged_into: b.id })
      .where('id', '=', a.id)
      .execute();
    await t.database.db
      .updateTable('organisations')
      .set({ merged_into: a.id })
      .where('id', '=', b.id)
      .execute();
    expect((await t.app.inject(`/annuaire/${a.slug}/relations`)).statusCode).toBe(404);
    const api = await t.app.inject(`/api/v1/organisations/${b.slug}`);
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    await staff.get(`/annuaire/${kept.slug}/modifier`);
    expect((await staff.post(`/annuaire/${a.slug}/revendiquer`, {})).statusCode).toBe(404);
  });

  it('leads an old slug of a renamed organisation to its current one, forms included', async () => {
    const renamed = await buildOrganisation(t.database.db, { name: 'Nouveau Nom' });
    const oldSlug = `ancien-nom-${renamed.id.slice(0, 8)}`;
    await t.database.db
      .insertInto('organisation_slug_history')
      .values({ slug: oldSlug, organisation_id: renamed.id })
      .execute();
    const page = await t.app.inject(`/annuaire/${oldSlug}/levees?tri=date`);
    expect(page.statusCode).toBe(301);
    expect(page.headers.location).toBe(`/annuaire/${renamed.slug}/levees?tri=date`);
    const profile = await t.app.inject(`/annuaire/${oldSlug}`);
    expect(profile.headers.location).toBe(`/annuaire/${renamed.slug}`);
    // the same organisation: the form is sent again, method and body kept
    await staff.get(`/annuaire/${renamed.slug}`);
    const claim = await staff.post(`/annuaire/${oldSlug}/revendiquer`, { message: '' });
    expect(claim.statusCode).toBe(308);
    expect(claim.headers.location).toBe(`/annuaire/${renamed.slug}/revendiquer`);
  });

  it('tells apart a current slug, an old one, a merged one and an unknown one', async () => {
    const orgs = organisationsRepository(t.database.db);
    expect(await orgs.whereIs(kept.slug)).toEqual({ kind: 'here' });
    expect(await orgs.whereIs(first.slug)).toEqual({
      kind: 'moved',
      slug: kept.slug,
      merged: true,
    });
    expect(await orgs.whereIs('nobody-at-all')).toBeUndefined();
    expect((await t.app.inject('/annuaire/nobody-at-all/relations')).statusCode).toBeLessThan(500);
  });
});
