import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmAddress,
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, giveRole } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import { outboxRepository } from '../mail/outbox.repository.ts';

type Org = { id: string; slug: string };

/** one application per engine: the hub's team (a staff member and an administrator) */
type Claims = {
  t: TestApp;
  staff: TestClient;
  staffId: string;
  staffEmail: string;
  adminEmail: string;
};

let serial = 0;
/** an address of an organisation's domain, new each time */
const addressAt = (domain: string, who = 'ceo') => `${who}.${process.pid}.${++serial}@${domain}`;

const version = (body: string) => /name="version" value="([^"]+)"/.exec(body)?.[1] ?? '';

function claimsApp(engine: EngineKind): Claims {
  const s = {} as Claims;
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    s.staffEmail = uniqueEmail('staff');
    // the team's accounts need no confirmed address: their role is an administrator's decision
    s.staff = await signUp(s.t.app, { email: s.staffEmail, verify: false });
    s.staffId = await giveRole(s.t.database.db, s.staffEmail, 'staff');
    s.adminEmail = uniqueEmail('admin');
    await signUp(s.t.app, { email: s.adminEmail, verify: false });
    await giveRole(s.t.database.db, s.adminEmail, 'admin');
  });
  afterAll(async () => s.t?.close());
  return s;
}

/** the staff set an organisation's website through the edit form, as the team does */
async function staffSetsWebsite(s: Claims, org: Org, website: string) {
  const form = await s.staff.get(`/annuaire/${org.slug}/modifier`);
  const name = /id="field-name"[^>]*value="([^"]*)"/.exec(form.body)?.[1] ?? '';
  const saved = await s.staff.post(`/annuaire/${org.slug}/modifier`, {
    version: version(form.body),
    name,
    acronym: '',
    kind: 'startup',
    status: 'active',
    description_fr: 'Services informatiques',
    description_en: '',
    website,
    tags: '',
    headcount: '',
    headcount_year: '',
  });
  expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
}

async function isMember(s: Claims, org: Org, email: string): Promise<boolean> {
  const row = await s.t.database.db
    .selectFrom('organisation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.organisation_id', '=', org.id)
    .where('u.email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

async function profileRow(s: Claims, org: Org) {
  return s.t.database.db
    .selectFrom('organisations')
    .select(['description_fr', 'website', 'updated_at'])
    .where('id', '=', org.id)
    .executeTakeFirstOrThrow();
}

/** a person of the domain, with a confirmed address, who claims the profile */
async function verifiedClaimant(s: Claims, org: Org, domain: string, who = 'ceo') {
  const email = addressAt(domain, who);
  const client = await signUp(s.t.app, { email, name: `Personne ${who}` });
  await client.get(`/annuaire/${org.slug}`);
  const claim = await client.post(`/annuaire/${org.slug}/revendiquer`, { message: '' });
  return { client, email, claim };
}

function takeover(s: Claims) {
  it('keeps a new account of the website’s domain out until it confirms its address, and the profile unchanged', async () => {
    const org = await buildOrganisation(s.t.database.db, { name: 'Alpes Informatique' });
    // 1. the staff set the organisation's website
    await staffSetsWebsite(s, org, 'https://alpes-informatique.example');
    const before = await profileRow(s, org);
    expect(before.website).toBe('https://alpes-informatique.example');

    // 2. a new account takes the domain's address, which nobody proved it owns
    const email = addressAt('alpes-informatique.example');
    const attacker = await signUp(s.t.app, { email, verify: false });
    const profile = await attacker.get(`/annuaire/${org.slug}`);
    expect(profile.body).toContain('Confirmez d’abord votre adresse e-mail');
    expect(profile.body).toContain('action="/compte/confirmer-adresse"');

    // 3. it posts the claim form: it is not made a member, and is told why
    const claim = await attacker.post(`/annuaire/${org.slug}/revendiquer`, { message: '' });
    expect(claim.statusCode).toBe(303);
    const told = await attacker.follow(claim);
    expect(told.body).not.toContain('Vous êtes désormais membre');
    expect(told.body).toContain('Confirmez d’abord votre adresse e-mail');
    expect(await isMember(s, org, email)).toBe(false);
    expect((await s.staff.get('/admin/revendications')).body).not.toContain(email);

    // 4. it tries to edit the profile, and its relations: refused, nothing written
    expect((await attacker.get(`/annuaire/${org.slug}/modifier`)).statusCode).toBe(403);
    const edit = await attacker.post(`/annuaire/${org.slug}/modifier`, {
      version: before.updated_at.toISOString(),
      description_fr: 'Profil détourné',
      description_en: '',
      website: 'https://evil.example',
      tags: '',
      headcount: '',
      headcount_year: '',
    });
    expect(edit.statusCode).toBe(403);
    expect((await attacker.get(`/annuaire/${org.slug}/relations`)).statusCode).toBe(403);
    expect(await profileRow(s, org)).toEqual(before);
  });

  it('sends a confirmed address to the staff when the website was declared by the organisation itself', async () => {
    const org = await buildOrganisation(s.t.database.db, { name: 'Site Déclaré' });
    // a member (confirmed) sets the website: the organisation says it of itself
    const memberEmail = uniqueEmail('member');
    const member = await signUp(s.t.app, { email: memberEmail });
    const memberId = await giveRole(s.t.database.db, memberEmail, 'member');
    await s.t.database.db
      .insertInto('organisation_members')
      .values({ organisation_id: org.id, user_id: memberId })
      .execute();
    const form = await member.get(`/annuaire/${org.slug}/modifier`);
    expect(form.statusCode).toBe(200);
    const saved = await member.post(`/annuaire/${org.slug}/modifier`, {
      version: version(form.body),
      description_fr: '',
      description_en: '',
      website: 'https://site-declare.example',
      tags: '',
      headcount: '',
      headcount_year: '',
    });
    expect(saved.statusCode).toBe(303);

    const { client, email, claim } = await verifiedClaimant(s, org, 'site-declare.example');
    expect((await client.follow(claim)).body).toContain('Votre demande est enregistrée');
    expect(await isMember(s, org, email)).toBe(false);
    expect((await s.staff.get('/admin/revendications')).body).toContain(email);
  });

  it('sends a confirmed address to the staff when nobody knows where the website came from', async () => {
    const org = await buildOrganisation(s.t.database.db, { name: 'Site Sans Source' });
    await s.t.database.db
      .updateTable('organisations')
      .set({ website: 'https://sans-source.example' })
      .where('id', '=', org.id)
      .execute();
    const { email } = await verifiedClaimant(s, org, 'sans-source.example');
    expect(await isMember(s, org, email)).toBe(false);
    expect((await s.staff.get('/admin/revendications')).body).toContain(email);
  });
}

function legitimatePath(s: Claims) {
  it('lets a confirmed address of the staff’s website in at once, tells the team and the members, who revoke it', async () => {
    const org = await buildOrganisation(s.t.database.db, { name: 'Alpes Réseaux' });
    await staffSetsWebsite(s, org, 'https://www.alpes-reseaux.example');
    // a member from before: the first one in, by the same way
    const first = await verifiedClaimant(s, org, 'alpes-reseaux.example', 'dg');
    expect((await first.client.follow(first.claim)).body).toContain('Vous êtes désormais membre');

    // the newcomer confirms the address the link was mailed to, then claims
    const email = addressAt('alpes-reseaux.example', 'cto');
    const newcomer = await signUp(s.t.app, { email, name: 'Nouvelle Venue', verify: false });
    await confirmAddress(newcomer, email);
    await newcomer.get(`/annuaire/${org.slug}`);
    const claim = await newcomer.post(`/annuaire/${org.slug}/revendiquer`, { message: '' });
    expect((await newcomer.follow(claim)).body).toContain('Vous êtes désormais membre');
    expect((await newcomer.get(`/annuaire/${org.slug}/modifier`)).statusCode).toBe(200);

    // the team and the member from before hear of it, each with where to revoke it
    const mails = await outboxRepository(path.join(s.t.dataDir, 'outbox')).list(1000);
    const about = mails.filter((m) => m.text.includes(`Nouvelle Venue <${email}>`));
    const to = (address: string) => about.find((m) => m.to === address);
    expect(to(first.email)?.subject).toContain('un nouveau membre pour « Alpes Réseaux »');
    expect(to(first.email)?.text).toContain(`/annuaire/${org.slug}/modifier`);
    for (const team of [s.staffEmail, s.adminEmail]) {
      expect(to(team)?.text).toContain('/admin/revendications');
    }
    expect(about.filter((m) => m.to === email)).toEqual([]);

    // the newcomer cannot revoke the one who was there first; the member from before revokes it
    const mine = await newcomer.get(`/annuaire/${org.slug}/modifier`);
    expect(mine.body).not.toContain('/revendications/');
    const page = await first.client.get(`/annuaire/${org.slug}/modifier`);
    expect(page.body).toContain(`Révoquer l’accès de Nouvelle Venue à Alpes Réseaux`);
    const claimId = new RegExp(`/annuaire/${org.slug}/revendications/(\\d+)/revoquer`).exec(
      page.body,
    )?.[1];
    const firstClaim = await s.t.database.db
      .selectFrom('organisation_claims')
      .select('id')
      .where('organisation_id', '=', org.id)
      .where('user_id', '!=', (await userId(s, email)) as string)
      .executeTakeFirstOrThrow();
    const upward = await newcomer.post(
      `/annuaire/${org.slug}/revendications/${firstClaim.id}/revoquer`,
      {},
    );
    expect(upward.statusCode).toBe(403);
    expect(await isMember(s, org, first.email)).toBe(true);

    const revoked = await first.client.post(
      `/annuaire/${org.slug}/revendications/${claimId}/revoquer`,
      {},
    );
    expect(revoked.statusCode).toBe(303);
    expect((await first.client.follow(revoked)).body).toContain('L’accès est révoqué');
    expect(await isMember(s, org, email)).toBe(false);
    expect((await newcomer.get(`/annuaire/${org.slug}/modifier`)).statusCode).toBe(403);
    const row = await s.t.database.db
      .selectFrom('organisation_claims')
      .select(['status', 'revoked_by', 'revoked_at'])
      .where('id', '=', Number(claimId))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('revoked');
    expect(row.revoked_by).toBe(await userId(s, first.email));
    expect(row.revoked_at).toBeInstanceOf(Date);
  });

  it('lets the staff revoke a membership given at once from the claims queue, once', async () => {
    const org = await buildOrganisation(s.t.database.db, { name: 'Alpes Logiciels' });
    await staffSetsWebsite(s, org, 'https://alpes-logiciels.example');
    const { email } = await verifiedClaimant(s, org, 'alpes-logiciels.example');
    expect(await isMember(s, org, email)).toBe(true);
    const queue = await s.staff.get('/admin/revendications');
    expect(queue.body).toContain('Membres entrés par leur adresse e-mail');
    const at = queue.body.indexOf(email);
    const id = /\/admin\/revendications\/(\d+)\/revoquer/.exec(queue.body.slice(at))?.[1];
    const revoked = await s.staff.post(`/admin/revendications/${id}/revoquer`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await s.staff.follow(revoked)).body).toContain('L’accès est révoqué');
    expect(await isMember(s, org, email)).toBe(false);
    const row = await s.t.database.db
      .selectFrom('organisation_claims')
      .select(['status', 'revoked_by'])
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'revoked', revoked_by: s.staffId });
    // a second click is told, not applied
    const again = await s.staff.post(`/admin/revendications/${id}/revoquer`, {});
    expect((await s.staff.follow(again)).body).toContain('Cet accès a déjà été révoqué.');
  });
}

async function userId(s: Claims, email: string): Promise<string | undefined> {
  const row = await s.t.database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  return row?.id;
}

function unverifiedMembers(s: Claims) {
  it('does not let a member whose address is not confirmed act as one, until it is', async () => {
    const org = await buildOrganisation(s.t.database.db, { name: 'Membre Non Confirmé' });
    const email = uniqueEmail('unconfirmed');
    const member = await signUp(s.t.app, { email, verify: false });
    await s.t.database.db
      .insertInto('organisation_members')
      .values({ organisation_id: org.id, user_id: (await userId(s, email)) as string })
      .execute();
    expect((await member.get(`/annuaire/${org.slug}/modifier`)).statusCode).toBe(403);
    expect((await member.get(`/annuaire/${org.slug}/relations`)).statusCode).toBe(403);
    expect((await member.get(`/annuaire/${org.slug}/levees`)).statusCode).toBe(403);
    const propose = await member.get('/actualites/proposer');
    expect(propose.body).not.toContain(`value="${org.slug}"`);
    const proposed = await member.post('/actualites/proposer', {
      organisation: org.slug,
      locale: 'fr',
      title: 'Au nom de tous',
      summary: '',
      body_md: 'Texte.',
    });
    expect(proposed.statusCode).toBe(422);
    // the profile offers no edit link, but the claim section with a new confirmation link
    const profile = await member.get(`/annuaire/${org.slug}`);
    expect(profile.body).not.toContain(`/annuaire/${org.slug}/modifier"`);

    await confirmAddress(member, email);
    expect((await member.get(`/annuaire/${org.slug}/modifier`)).statusCode).toBe(200);
    expect((await member.get(`/annuaire/${org.slug}/relations`)).statusCode).toBe(200);
    expect((await member.get('/actualites/proposer')).body).toContain(`value="${org.slug}"`);
  });
}

function pendingClaim(s: Claims) {
  it('shows the claimant, and only them, that their request waits, with its date, instead of the form', async () => {
    const org = await buildOrganisation(s.t.database.db, { name: 'Attente Conseil' });
    const form = `action="/annuaire/${org.slug}/revendiquer"`;
    const { client, email } = await verifiedClaimant(s, org, 'attente.example');
    expect(await isMember(s, org, email)).toBe(false);

    const today = new Intl.DateTimeFormat('fr-FR', {
      dateStyle: 'long',
      timeZone: 'Europe/Paris',
    }).format(new Date());
    const mine = await client.get(`/annuaire/${org.slug}`);
    expect(mine.body).toContain('Votre demande de rattachement est en attente');
    expect(mine.body).toContain(`Vous avez demandé le ${today} à représenter cette organisation`);
    expect(mine.body).not.toContain(form);
    const en = await client.get(`/en/annuaire/${org.slug}`);
    expect(en.body).toContain('Your request to join is pending');

    // posting the form again (an old tab) asks nothing more: one request waits
    await client.post(`/annuaire/${org.slug}/revendiquer`, { message: 'encore' });
    const waiting = await s.t.database.db
      .selectFrom('organisation_claims')
      .select(['id'])
      .where('organisation_id', '=', org.id)
      .where('status', '=', 'pending')
      .execute();
    expect(waiting).toHaveLength(1);

    // someone else, signed in, is offered the form; a visitor the sign-in link
    const other = await signUp(s.t.app, { email: addressAt('ailleurs.example') });
    const theirs = await other.get(`/annuaire/${org.slug}`);
    expect(theirs.body).toContain(form);
    expect(theirs.body).not.toContain('Votre demande de rattachement est en attente');

    // once the team refuses it, the claimant may ask again
    await s.staff.get('/admin/revendications');
    const decided = await s.staff.post(`/admin/revendications/${waiting[0]?.id}`, {
      decision: 'reject',
    });
    expect(decided.statusCode).toBe(303);
    const after = await client.get(`/annuaire/${org.slug}`);
    expect(after.body).toContain(form);
    expect(after.body).not.toContain('Votre demande de rattachement est en attente');
  });
}

describe.each(engines())('claims and the members’ addresses on %s', (engine) => {
  const s = claimsApp(engine);
  describe('a profile taken over by an address’s domain', () => takeover(s));
  describe('a membership given at once, and its revocation', () => legitimatePath(s));
  describe('members whose address is not confirmed', () => unverifiedMembers(s));
  describe('a claim waiting for the team', () => pendingClaim(s));
});
