import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, giveRole } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import { organisationsRepository } from './organisations.repository.ts';

/** the error message shown for one field of a form that came back */
function fieldError(body: string, field: string): string | undefined {
  return new RegExp(`id="field-${field}-error">([^<]*)<`).exec(body)?.[1];
}

/** the value a text box was given back */
function fieldValue(body: string, field: string): string | undefined {
  const input = new RegExp(`<input[^>]*id="field-${field}"[^>]*>`).exec(body)?.[0] ?? '';
  return /value="([^"]*)"/.exec(input)?.[1];
}

type Org = { id: string; slug: string };

/** one application per engine for the whole file: a hub, a start-up, two investors, and staff */
type Ties = {
  t: TestApp;
  staff: TestClient;
  hub: Org;
  capteurs: Org;
  fund: Org;
  angels: Org;
};

async function withRole(s: Ties, role: 'staff' | 'member', email = uniqueEmail(role)) {
  const client = await signUp(s.t.app, { email });
  const userId = await giveRole(s.t.database.db, email, role);
  return { client, userId };
}

/** a form post with repeated names (several investors ticked), as a browser sends it */
async function postPairs(
  t: TestApp,
  client: TestClient,
  url: string,
  page: LightMyRequestResponse,
  pairs: [string, string][],
) {
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: client.remoteAddress,
    payload: new URLSearchParams([...pairs, ['_csrf', token]]).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
}

function tiesApp(engine: EngineKind): Ties {
  const s = {} as Ties;
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    const db = s.t.database.db;
    s.hub = await buildOrganisation(db, { name: 'Pépinière Chavant', kind: 'accelerator' });
    s.capteurs = await buildOrganisation(db, { name: 'Capteurs Alpins', kind: 'startup' });
    s.fund = await buildOrganisation(db, { name: 'Fonds Belledonne', kind: 'investor' });
    s.angels = await buildOrganisation(db, { name: 'Business Angels Isère', kind: 'investor' });
    s.staff = (await withRole(s, 'staff')).client;
  });
  afterAll(async () => s.t?.close());
  return s;
}

function recordingRelations(s: Ties) {
  it('lets staff find the other organisation without JavaScript, record the relation, and both profiles show it', async () => {
    const url = `/annuaire/${s.capteurs.slug}/relations`;
    const form = await s.staff.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Aucune relation enregistrée.');

    // "Search": the form comes back with the matches to tick, and what was typed
    const search = await s.staff.post(url, {
      type: 'accelerates:reverse',
      other_q: 'pépiniere',
      started_on: '2024-09-02',
      action: 'search-other',
    });
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('Organisations trouvées pour « pépiniere »');
    expect(search.body).toContain(`value="${s.hub.id}"`);
    expect(fieldValue(search.body, 'started_on')).toBe('2024-09-02');

    const saved = await s.staff.post(url, {
      type: 'accelerates:reverse',
      other_id: s.hub.id,
      started_on: '2024-09-02',
      ended_on: '',
      note: 'Promotion 2024',
      action: 'save',
    });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect((await s.staff.follow(saved)).body).toContain('Relation enregistrée.');

    const row = await s.t.database.db
      .selectFrom('organisation_relations')
      .selectAll()
      .where('to_id', '=', s.capteurs.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      from_id: s.hub.id,
      type: 'accelerates',
      started_on: '2024-09-02',
      source: 'staff',
      note: 'Promotion 2024',
    });

    const startup = await s.staff.get(`/annuaire/${s.capteurs.slug}`);
    expect(startup.body).toMatch(
      /Est accompagné \(accéléré ou incubé\) par <a[^>]*>Pépinière Chavant/,
    );
    expect(startup.body).toContain('depuis le 2 septembre 2024');
    expect(startup.body).toContain('Équipe du hub');
    const incubator = await s.staff.get(`/annuaire/${s.hub.slug}`);
    expect(incubator.body).toMatch(/Accompagne \(accélère ou incube\) <a[^>]*>Capteurs Alpins/);
  });

  it('takes a typed name that names one organisation, and says clearly what is wrong otherwise', async () => {
    const url = `/annuaire/${s.capteurs.slug}/relations`;
    await s.staff.get(url);
    const byName = await s.staff.post(url, { type: 'member_of', other_q: 'Fonds Belledonne' });
    expect(byName.statusCode).toBe(303);

    const cases: [Record<string, string>, string, string][] = [
      [{ type: 'member_of', other_q: 'Nulle Part SARL' }, 'other_q', 'Aucune organisation'],
      [{ type: 'member_of', other_q: '' }, 'other_q', 'Choisissez une organisation'],
      [{ type: 'partner_of', other_id: s.capteurs.id }, 'other_q', 'avec elle-même'],
      [{ type: 'member_of', other_id: s.fund.id }, 'other_q', 'déjà enregistrée'],
      [{ type: 'married_to', other_id: s.fund.id }, 'type', 'nature de la relation'],
      [
        { type: 'partner_of', other_id: s.angels.id, started_on: '2999-01-01' },
        'started_on',
        'est à venir',
      ],
      [
        { type: 'partner_of', other_id: s.angels.id, started_on: '2021-02-30' },
        'started_on',
        'date réelle',
      ],
      [
        {
          type: 'partner_of',
          other_id: s.angels.id,
          started_on: '2022-05-01',
          ended_on: '2021-01-01',
        },
        'ended_on',
        'ne peut précéder',
      ],
      [
        { type: 'partner_of', other_id: s.angels.id, note: 'x'.repeat(301) },
        'note',
        '300 caractères',
      ],
    ];
    for (const [form, field, message] of cases) {
      const res = await s.staff.post(url, { ...form, action: 'save' });
      expect(res.statusCode, `${JSON.stringify(form)}`).toBe(422);
      expect(fieldError(res.body, field), `${field} for ${JSON.stringify(form)}`).toContain(
        message,
      );
      // what was typed comes back
      if (form.started_on) expect(fieldValue(res.body, 'started_on')).toBe(form.started_on);
    }
    // several organisations match: the choices are listed to tick
    const ambiguous = await s.staff.post(url, {
      type: 'partner_of',
      other_q: 'fonds',
      action: 'save',
    });
    const twoInvestors = await buildOrganisation(s.t.database.db, {
      name: 'Fonds Chartreuse',
      kind: 'investor',
    });
    const again = await s.staff.post(url, { type: 'partner_of', other_q: 'fonds', action: 'save' });
    expect(ambiguous.statusCode).toBe(303);
    expect(again.statusCode).toBe(422);
    expect(fieldError(again.body, 'other_q')).toContain('Plusieurs organisations correspondent');
    expect(again.body).toContain(`value="${twoInvestors.id}"`);
    // partners go both ways: the same partnership said from the other side is a duplicate
    await s.staff.get(`/annuaire/${s.fund.slug}/relations`);
    const mirror = await s.staff.post(`/annuaire/${s.fund.slug}/relations`, {
      type: 'partner_of',
      other_id: s.capteurs.id,
    });
    expect(mirror.statusCode).toBe(422);
    expect(fieldError(mirror.body, 'other_q')).toContain('déjà enregistrée');
  });
}

function changingAndRounds(s: Ties) {
  it('changes and removes a relation', async () => {
    const relation = await s.t.database.db
      .selectFrom('organisation_relations')
      .select('id')
      .where('from_id', '=', s.capteurs.id)
      .where('to_id', '=', s.fund.id)
      .where('type', '=', 'member_of')
      .executeTakeFirstOrThrow();
    const url = `/annuaire/${s.fund.slug}/relations/${relation.id}`;
    const form = await s.staff.get(url);
    expect(form.statusCode).toBe(200);
    // seen from the fund's side, Capteurs Alpins is its member
    expect(form.body).toMatch(/<option value="member_of:reverse" selected="">/);
    const saved = await s.staff.post(url, {
      type: 'member_of:reverse',
      other_id: s.capteurs.id,
      started_on: '2023-01-10',
    });
    expect(saved.statusCode).toBe(303);
    const changed = await s.t.database.db
      .selectFrom('organisation_relations')
      .select(['from_id', 'to_id', 'started_on'])
      .where('id', '=', relation.id)
      .executeTakeFirstOrThrow();
    expect(changed).toEqual({ from_id: s.capteurs.id, to_id: s.fund.id, started_on: '2023-01-10' });

    const removed = await s.staff.post(`${url}/supprimer`, {});
    expect(removed.statusCode).toBe(303);
    expect((await s.staff.follow(removed)).body).toContain('Relation supprimée.');
    const left = await s.t.database.db
      .selectFrom('organisation_relations')
      .select('id')
      .where('id', '=', relation.id)
      .execute();
    expect(left).toEqual([]);
    expect((await s.staff.get(`/annuaire/${s.fund.slug}/relations/999999`)).statusCode).toBe(404);
    expect((await s.staff.get(`/annuaire/${s.fund.slug}/relations/abc`)).statusCode).toBe(404);
  });

  it('records a funding round with investors from the register; the investor’s profile shows it', async () => {
    const url = `/annuaire/${s.capteurs.slug}/levees`;
    const form = await s.staff.get(url);
    const search = await postPairs(s.t, s.staff, url, form, [
      ['announced_on', '2025-06-12'],
      ['stage', 'seed'],
      ['amount', '1 200 000'],
      ['investor_id', s.fund.id],
      ['investor_q', 'angels'],
      ['action', 'search-investor'],
    ]);
    expect(search.statusCode).toBe(200);
    // the investor already ticked stays ticked, the new match is offered
    expect(search.body).toMatch(new RegExp(`<input[^>]*checked=""[^>]*value="${s.fund.id}"`));
    expect(search.body).toContain(`value="${s.angels.id}"`);
    expect(fieldValue(search.body, 'amount')).toBe('1 200 000');

    const saved = await postPairs(s.t, s.staff, url, search, [
      ['announced_on', '2025-06-12'],
      ['stage', 'seed'],
      ['amount', '1 200 000'],
      ['investor_id', s.fund.id],
      ['investor_id', s.angels.id],
      ['action', 'save'],
    ]);
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    const round = await s.t.database.db
      .selectFrom('funding_rounds')
      .selectAll()
      .where('organisation_id', '=', s.capteurs.id)
      .executeTakeFirstOrThrow();
    expect(round).toMatchObject({ amount_eur: 1_200_000, stage: 'seed', source: 'staff' });

    const investor = await s.staff.get(`/annuaire/${s.angels.slug}`);
    expect(investor.body).toContain('Participations dans des levées de fonds');
    expect(investor.body).toMatch(/<a[^>]*>Capteurs Alpins<\/a>/);
    const startup = await s.staff.get(`/annuaire/${s.capteurs.slug}`);
    expect(startup.body).toMatch(/1\s200\s000\s€/);
    const ld = JSON.parse(
      /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(startup.body)?.[1] ?? '{}',
    );
    expect(ld.funder.map((f: { name: string }) => f.name).sort()).toEqual([
      'Business Angels Isère',
      'Fonds Belledonne',
    ]);
    expect(ld.memberOf).toBeUndefined();
    const api = JSON.parse((await s.staff.get(`/api/v1/organisations/${s.capteurs.slug}`)).body);
    expect(api.funding_rounds[0]).toMatchObject({ stage: 'seed', amount_eur: 1_200_000 });
  });
}

function refusalsAndMembers(s: Ties) {
  it('refuses absurd rounds field by field, keeping what was typed', async () => {
    const url = `/annuaire/${s.capteurs.slug}/levees`;
    await s.staff.get(url);
    const cases: [Record<string, string>, string, string][] = [
      [{ announced_on: '2024-01-01', stage: 'seed', amount: '-50000' }, 'amount', 'positif'],
      [{ announced_on: '2024-01-01', stage: 'seed', amount: '0' }, 'amount', 'positif'],
      [
        { announced_on: '2024-01-01', stage: 'seed', amount: '999999999999999' },
        'amount',
        'plausible',
      ],
      [{ announced_on: '2024-01-01', stage: 'seed', amount: 'beaucoup' }, 'amount', 'en chiffres'],
      [{ announced_on: '', stage: 'seed', amount: '' }, 'announced_on', 'obligatoire'],
      [{ announced_on: '2999-12-31', stage: 'seed', amount: '' }, 'announced_on', 'est à venir'],
      [{ announced_on: '2024-01-01', stage: 'ipo', amount: '' }, 'stage', 'étape'],
      [
        { announced_on: '2025-06-12', stage: 'seed', amount: '' },
        'announced_on',
        'déjà enregistrée',
      ],
      [
        { announced_on: '2024-01-01', stage: 'seed', investor_id: s.capteurs.id },
        'investor_q',
        'sa propre levée',
      ],
      [
        {
          announced_on: '2024-01-01',
          stage: 'seed',
          investor_id: '00000000-0000-4000-8000-000000000000',
        },
        'investor_q',
        'n’est plus dans l’annuaire',
      ],
    ];
    for (const [form, field, message] of cases) {
      const res = await s.staff.post(url, { ...form, action: 'save' });
      expect(res.statusCode, JSON.stringify(form)).toBe(422);
      expect(fieldError(res.body, field), `${field} for ${JSON.stringify(form)}`).toContain(
        message,
      );
      if (form.amount) expect(fieldValue(res.body, 'amount')).toBe(form.amount);
    }
    const count = await s.t.database.db
      .selectFrom('funding_rounds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('lets a member record self-declared ties of its organisation, never change the team’s', async () => {
    const { client: member, userId } = await withRole(s, 'member');
    await organisationsRepository(s.t.database.db).addMember(s.capteurs.id, userId);
    const outsider = (await withRole(s, 'member')).client;

    expect((await outsider.get(`/annuaire/${s.capteurs.slug}/relations`)).statusCode).toBe(403);
    expect((await outsider.get(`/annuaire/${s.capteurs.slug}/levees`)).statusCode).toBe(403);

    const page = await member.get(`/annuaire/${s.capteurs.slug}/relations`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Enregistré par l’équipe');
    const added = await member.post(`/annuaire/${s.capteurs.slug}/relations`, {
      type: 'hosted_at',
      other_id: s.hub.id,
      started_on: '2024-09-02',
    });
    expect(added.statusCode).toBe(303);
    const mine = await s.t.database.db
      .selectFrom('organisation_relations')
      .select(['id', 'source', 'created_by'])
      .where('type', '=', 'hosted_at')
      .executeTakeFirstOrThrow();
    expect(mine).toMatchObject({ source: 'self', created_by: userId });
    const hubPage = await member.get(`/annuaire/${s.hub.slug}`);
    expect(hubPage.body).toMatch(
      /Héberge <a[^>]*>Capteurs Alpins<\/a> \(depuis le 2 septembre 2024\)/,
    );
    expect(hubPage.body).toContain('Déclaré par l’organisation');

    // the team's relation is locked for the member
    const teams = await s.t.database.db
      .selectFrom('organisation_relations')
      .select('id')
      .where('type', '=', 'accelerates')
      .executeTakeFirstOrThrow();
    const base = `/annuaire/${s.capteurs.slug}/relations`;
    expect((await member.get(`${base}/${teams.id}`)).statusCode).toBe(403);
    expect((await member.post(`${base}/${teams.id}/supprimer`, {})).statusCode).toBe(403);
    expect((await member.get(`${base}/${mine.id}`)).statusCode).toBe(200);
    expect((await member.post(`${base}/${mine.id}/supprimer`, {})).statusCode).toBe(303);

    // a round the member declares is self-declared; the team's round stays the team's
    await member.get(`/annuaire/${s.capteurs.slug}/levees`);
    const round = await member.post(`/annuaire/${s.capteurs.slug}/levees`, {
      announced_on: '2023-03-01',
      stage: 'grant',
      amount: '30000',
    });
    expect(round.statusCode).toBe(303);
    const sources = await s.t.database.db
      .selectFrom('funding_rounds')
      .select(['id', 'source'])
      .orderBy('announced_on')
      .execute();
    expect(sources.map((r) => r.source)).toEqual(['self', 'staff']);
    const staffRound = sources[1]?.id;
    expect((await member.get(`/annuaire/${s.capteurs.slug}/levees/${staffRound}`)).statusCode).toBe(
      403,
    );
    // someone else's round is not reached through this organisation's address
    expect((await s.staff.get(`/annuaire/${s.fund.slug}/levees/${staffRound}`)).statusCode).toBe(
      404,
    );
  });
}

function formsMergesDemo(s: Ties) {
  it('never answers 500 to a mangled form', async () => {
    const url = `/annuaire/${s.capteurs.slug}/relations`;
    await s.staff.get(url);
    const res = await postPairs(s.t, s.staff, url, await s.staff.get(url), [
      ['type', 'partner_of'],
      ['other_id', 'not-a-uuid'],
      ['other_id', s.angels.id],
      ['started_on', '2020-13-45'],
    ]);
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'started_on')).toContain('date réelle');
  });

  it('moves a merged duplicate’s relations, rounds and members to the organisation kept', async () => {
    const db = s.t.database.db;
    const dup = await buildOrganisation(db, { name: 'Capteurs Alpins SAS', kind: 'startup' });
    const orgs = organisationsRepository(db);
    // the same accompaniment as the kept one has (dropped), a partnership (moved), a relation
    // with the kept one itself (dropped)
    await orgs.addRelation({ fromId: s.hub.id, toId: dup.id, type: 'accelerates' });
    await orgs.addRelation({ fromId: dup.id, toId: s.angels.id, type: 'partner_of' });
    await orgs.addRelation({ fromId: dup.id, toId: s.capteurs.id, type: 'spin_off_of' });
    const round = await db
      .insertInto('funding_rounds')
      .values({ organisation_id: dup.id, announced_on: '2022-02-02', stage: 'pre_seed' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('funding_round_investors')
      .values({ round_id: round.id, investor_id: s.fund.id })
      .execute();
    const { client: member, userId } = await withRole(s, 'member');
    await orgs.addMember(dup.id, userId);

    await s.staff.get(`/annuaire/${dup.slug}/modifier`);
    const merged = await s.staff.post(`/annuaire/${dup.slug}/fusionner`, {
      target: s.capteurs.slug,
    });
    expect(merged.statusCode).toBe(303);

    const left = await db
      .selectFrom('organisation_relations')
      .select('id')
      .where((eb) => eb.or([eb('from_id', '=', dup.id), eb('to_id', '=', dup.id)]))
      .execute();
    expect(left).toEqual([]);
    const kept = await s.staff.get(`/annuaire/${s.capteurs.slug}`);
    expect(kept.body).toMatch(/Est partenaire de <a[^>]*>Business Angels Isère<\/a>/);
    expect(kept.body.match(/Pépinière Chavant<\/a>/g)).toHaveLength(1);
    const moved = await db
      .selectFrom('funding_rounds')
      .select('organisation_id')
      .where('id', '=', round.id)
      .executeTakeFirstOrThrow();
    expect(moved.organisation_id).toBe(s.capteurs.id);
    expect(await orgs.isMember(s.capteurs.id, userId)).toBe(true);
    expect((await member.get(`/annuaire/${s.capteurs.slug}/relations`)).statusCode).toBe(200);
    const old = await s.staff.get(`/annuaire/${dup.slug}`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/annuaire/${s.capteurs.slug}`);
  });

  it('tells search engines that a demo organisation is synthetic', async () => {
    const demo = await buildOrganisation(s.t.database.db, { name: 'Synthétique SAS', demo: true });
    const page = await s.staff.get(`/annuaire/${demo.slug}`);
    expect(page.body).toContain('<meta name="robots" content="noindex"/>');
    expect(page.body).toContain(
      '"disambiguatingDescription":"Donnée de démonstration, synthétique"',
    );
    const real = await s.staff.get(`/annuaire/${s.capteurs.slug}`);
    expect(real.body).not.toContain('noindex');
  });
}

describe.each(engines())('relations and funding rounds on %s', (engine) => {
  const s = tiesApp(engine);
  describe('recording a relation', () => recordingRelations(s));
  describe('changing a relation, recording a round', () => changingAndRounds(s));
  describe('refused rounds, and what members may do', () => refusalsAndMembers(s));
  describe('mangled forms, merges and demo data', () => formsMergesDemo(s));
});
