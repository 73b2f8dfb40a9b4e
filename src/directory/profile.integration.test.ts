import path from 'node:path';
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
import type { Actor } from '../kernel/policy.ts';
import { outboxRepository } from '../mail/outbox.repository.ts';
import { directoryError } from './directory.errors.ts';
import { staffForm } from './profile.schema.ts';
import { emailMatchesWebsite, profileService } from './profile.service.ts';

describe('proof by e-mail domain', () => {
  it.each([
    ['ceo@acme.fr', 'https://www.acme.fr', true],
    ['ceo@lab.acme.fr', 'https://acme.fr/about', true],
    ['ceo@acme.fr.evil.com', 'https://acme.fr', false],
    ['ceo@notacme.fr', 'https://acme.fr', false],
    ['ceo@gmail.com', null, false],
    ['ceo@acme.fr', 'not a url', false],
  ])('%s for %s: %s', (email, website, expected) => {
    expect(emailMatchesWebsite(email, website)).toBe(expected);
  });
});

type Org = { id: string; slug: string };

/** one application per engine for the whole file: an organisation with a website, and staff */
type Profiles = { t: TestApp; acme: Org; staff: TestClient; staffId: string };

function profilesApp(engine: EngineKind): Profiles {
  const s = {} as Profiles;
  beforeAll(async () => {
    s.t = await createTestApp(engine);
    s.acme = await buildOrganisation(s.t.database.db, { name: 'Acme Capteurs', kind: 'startup' });
    // the website as the hub's team sets it: from the team, it vouches for the domain's addresses
    await s.t.database.db
      .updateTable('organisations')
      .set({
        website: 'https://www.acme-capteurs.fr',
        provenance: JSON.stringify({ website: { source: 'staff', at: '2025-01-01' } }) as never,
      })
      .where('id', '=', s.acme.id)
      .execute();
    const email = uniqueEmail('staff');
    s.staff = await signUp(s.t.app, { email });
    s.staffId = await giveRole(s.t.database.db, email, 'staff');
  });
  afterAll(async () => s.t?.close());
  return s;
}

function editing(s: Profiles) {
  it('lets a person of the organisation’s domain claim it at once, and then edit it', async () => {
    const member = await signUp(s.t.app, { email: `lea.${Date.now()}@acme-capteurs.fr` });
    expect((await member.get(`/annuaire/${s.acme.slug}/modifier`)).statusCode).toBe(403);
    await member.get(`/annuaire/${s.acme.slug}`);
    const claim = await member.post(`/annuaire/${s.acme.slug}/revendiquer`, { message: '' });
    expect(claim.statusCode).toBe(303);
    expect((await member.follow(claim)).body).toContain('Vous êtes désormais membre');

    const form = await member.get(`/annuaire/${s.acme.slug}/modifier`);
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name="name"');
    const version = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const saved = await member.post(`/annuaire/${s.acme.slug}/modifier`, {
      version,
      description_fr: 'Capteurs <script>alert(1)</script> connectés',
      description_en: '',
      website: 'https://www.acme-capteurs.fr',
      tags: 'IoT, capteurs, iot',
      headcount: '14',
      headcount_year: '2025',
    });
    expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);
    const page = await member.get(`/annuaire/${s.acme.slug}`);
    expect(page.body).toContain('Capteurs &lt;script&gt;alert(1)&lt;/script&gt; connectés');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('iot, capteurs');
    expect(page.body).toContain('Déclaré par l’organisation');
    const history = await s.t.database.db
      .selectFrom('headcount_observations')
      .selectAll()
      .where('organisation_id', '=', s.acme.id)
      .execute();
    expect(history).toEqual([expect.objectContaining({ exact: 14, year: 2025, source: 'self' })]);

    // a typo fixed the same day corrects that day's declaration, and says so
    const again = await member.get(`/annuaire/${s.acme.slug}/modifier`);
    const fixed = await member.post(`/annuaire/${s.acme.slug}/modifier`, {
      version: /name="version" value="([^"]+)"/.exec(again.body)?.[1] ?? '',
      description_fr: 'Capteurs connectés',
      description_en: '',
      website: 'https://www.acme-capteurs.fr',
      tags: 'iot',
      headcount: '41',
      headcount_year: '2025',
    });
    expect(fixed.statusCode).toBe(303);
    const corrected = await s.t.database.db
      .selectFrom('headcount_observations')
      .select(['exact', 'source'])
      .where('organisation_id', '=', s.acme.id)
      .execute();
    expect(corrected).toEqual([{ exact: 41, source: 'self' }]);
  });

  it('answers 409 to a save made on an older version, keeps what was typed, and writes nothing', async () => {
    const first = await s.staff.get(`/annuaire/${s.acme.slug}/modifier`);
    const stale = /name="version" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
    const base = {
      description_fr: 'Version A',
      description_en: '',
      website: '',
      tags: '',
      headcount: '',
      headcount_year: '',
      name: 'Acme Capteurs',
      acronym: '',
      kind: 'startup',
      status: 'active',
    };
    expect(
      (await s.staff.post(`/annuaire/${s.acme.slug}/modifier`, { ...base, version: stale }))
        .statusCode,
    ).toBe(303);
    const late = await s.staff.post(`/annuaire/${s.acme.slug}/modifier`, {
      ...base,
      version: stale,
      description_fr: 'Version B typed late',
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Rien n’a été enregistré');
    expect(late.body).toContain('Version B typed late');
    expect(late.body).toContain('Version A');
    const row = await s.t.database.db
      .selectFrom('organisations')
      .select('description_fr')
      .where('id', '=', s.acme.id)
      .executeTakeFirstOrThrow();
    expect(row.description_fr).toBe('Version A');
  });

  it('explains bad input per field: a javascript: link, an absurd headcount, too many tags', async () => {
    const form = await s.staff.get(`/annuaire/${s.acme.slug}/modifier`);
    const version = /name="version" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await s.staff.post(`/annuaire/${s.acme.slug}/modifier`, {
      version,
      name: 'Acme Capteurs',
      acronym: '',
      kind: 'startup',
      status: 'active',
      description_fr: 'Texte gardé',
      description_en: '',
      website: 'javascript:alert(1)',
      tags: Array.from({ length: 25 }, (_, i) => `t${i}`).join(','),
      headcount: '99999999',
      headcount_year: '2025',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('commençant par https://');
    expect(res.body).toContain('n’est pas plausible');
    expect(res.body).toContain('Au plus 20 mots-clés.');
    expect(res.body).toContain('Texte gardé');
  });
}

function claimsAndMerges(s: Profiles) {
  it('queues a claim from another domain for staff, who approve it', async () => {
    const email = uniqueEmail('outsider');
    const person = await signUp(s.t.app, { email });
    await person.get(`/annuaire/${s.acme.slug}`);
    const res = await person.post(`/annuaire/${s.acme.slug}/revendiquer`, {
      message: 'Je suis la fondatrice.',
    });
    expect((await person.follow(res)).body).toContain('Votre demande est enregistrée');
    const queue = await s.staff.get('/admin/revendications');
    expect(queue.body).toContain(email);
    expect(queue.body).toContain('Je suis la fondatrice.');
    const id = /\/admin\/revendications\/(\d+)/.exec(queue.body)?.[1];
    // the person's account page says the request waits
    const waiting = await person.get('/compte');
    expect(waiting.body).toMatch(/Acme Capteurs<\/a> · demande en attente de vérification/);
    const approve = await s.staff.post(`/admin/revendications/${id}`, { decision: 'approve' });
    expect(approve.statusCode).toBe(303);
    // the person hears of it, with the link to the profile it may now edit
    const mails = await outboxRepository(path.join(s.t.dataDir, 'outbox')).list();
    const told = mails.find((m) => m.to === email);
    expect(told?.subject).toContain('votre demande pour « Acme Capteurs »');
    expect(told?.text).toContain(`/annuaire/${s.acme.slug}`);
    // a second decision (another member of the team, a second click) is told, not applied
    const late = await s.staff.post(`/admin/revendications/${id}`, { decision: 'reject' });
    expect(late.statusCode).toBe(303);
    expect((await s.staff.follow(late)).body).toContain('Cette demande a déjà été traitée.');
    expect((await person.get(`/annuaire/${s.acme.slug}/modifier`)).statusCode).toBe(200);
    const account = await person.get('/compte');
    expect(account.body).toMatch(/Acme Capteurs<\/a> · <a href="\/annuaire\/[^"]+\/modifier">/);
  });

  it('merges a duplicate into the kept profile; the old address redirects', async () => {
    const dup = await buildOrganisation(s.t.database.db, { name: 'ACME CAPTEURS SAS' });
    await s.staff.get(`/annuaire/${dup.slug}/modifier`);
    const self = await s.staff.post(`/annuaire/${dup.slug}/fusionner`, { target: dup.slug });
    expect(self.statusCode).toBe(409);
    const missing = await s.staff.post(`/annuaire/${dup.slug}/fusionner`, { target: 'nobody' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Aucune fiche active');
    const merged = await s.staff.post(`/annuaire/${dup.slug}/fusionner`, {
      target: `https://hub.example/annuaire/${s.acme.slug}`,
    });
    expect(merged.statusCode).toBe(303);
    const old = await s.t.app.inject(`/annuaire/${dup.slug}`);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/annuaire/${s.acme.slug}`);
    const search = await s.t.app.inject('/api/v1/organisations?q=acme');
    expect(search.json().items.map((i: { slug: string }) => i.slug)).toEqual([s.acme.slug]);
    const member = await signUp(s.t.app, { email: uniqueEmail('member') });
    await member.get('/connexion');
    expect(
      (await member.post(`/annuaire/${s.acme.slug}/fusionner`, { target: dup.slug })).statusCode,
    ).toBe(403);
  });
}

/** what a promise was rejected with (it must be rejected) */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal, and it went through');
}

function ruleCodes(s: Profiles) {
  const staffActor = (): Actor => ({
    kind: 'user',
    user: {
      id: s.staffId,
      name: 'Test Person',
      email: 'staff@example.org',
      role: 'staff',
      locale: 'fr',
      createdAt: new Date(),
      verified: true,
    },
  });

  it('names a save made on an older version STALE_VERSION, and writes nothing', async () => {
    const profiles = profileService(s.t.database.db);
    const before = await profiles.load(s.acme.slug);
    const input = staffForm.parse({
      version: new Date(before.updated_at.getTime() - 60_000).toISOString(),
      name: before.name,
      acronym: '',
      kind: before.kind,
      status: before.status,
      description_fr: 'Jamais enregistré',
      description_en: '',
      website: '',
      tags: '',
      headcount: '',
      headcount_year: '',
    });
    const error = await rejection(profiles.edit(staffActor(), s.acme.slug, input));
    expect(directoryError.is(error, 'STALE_VERSION'), String(error)).toBe(true);
    expect(directoryError.is(error, 'CLAIM_ALREADY_DECIDED')).toBe(false);
    expect((await profiles.load(s.acme.slug)).description_fr).toBe(before.description_fr);
    // the same input on the version saved goes through
    const saved = await profiles.edit(staffActor(), s.acme.slug, {
      ...input,
      version: before.updated_at.toISOString(),
    });
    expect(saved.description_fr).toBe('Jamais enregistré');
  });

  it('names a decision on a claim already decided, or unknown, CLAIM_ALREADY_DECIDED', async () => {
    const profiles = profileService(s.t.database.db);
    const person = await signUp(s.t.app, { email: uniqueEmail('claimant') });
    await person.get(`/annuaire/${s.acme.slug}`);
    await person.post(`/annuaire/${s.acme.slug}/revendiquer`, { message: 'Deux fois ?' });
    const claim = (await profiles.pendingClaims()).find((c) => c.message === 'Deux fois ?');
    if (!claim) throw new Error('the claim is not queued');
    await profiles.decideClaim(staffActor(), claim.id, 'reject');
    for (const id of [claim.id, 999_999]) {
      const error = await rejection(profiles.decideClaim(staffActor(), id, 'approve'));
      expect(directoryError.is(error, 'CLAIM_ALREADY_DECIDED'), `claim ${id}`).toBe(true);
    }
    expect((await profiles.organisationsOf(claim.user_id)).map((o) => o.slug)).toEqual([]);
  });

  it('names a merge into itself MERGE_INTO_ITSELF, and into no active profile MERGE_TARGET_UNKNOWN', async () => {
    const profiles = profileService(s.t.database.db);
    const db = s.t.database.db;
    const dup = await buildOrganisation(db, { name: 'Acme Capteurs Doublon' });
    const gone = await buildOrganisation(db, { name: 'Acme Capteurs Ancienne' });
    await profiles.merge(staffActor(), gone.slug, s.acme.slug);
    const self = await rejection(profiles.merge(staffActor(), dup.slug, dup.slug));
    expect(directoryError.is(self, 'MERGE_INTO_ITSELF'), String(self)).toBe(true);
    for (const target of ['nobody', gone.slug, `https://hub.example/annuaire/${gone.slug}`]) {
      const error = await rejection(profiles.merge(staffActor(), dup.slug, target));
      expect(directoryError.is(error, 'MERGE_TARGET_UNKNOWN'), target).toBe(true);
    }
    const row = await db
      .selectFrom('organisations')
      .select('merged_into')
      .where('id', '=', dup.id)
      .executeTakeFirstOrThrow();
    expect(row.merged_into).toBeNull();
  });
}

describe.each(engines())('profiles: edit, claim, merge on %s', (engine) => {
  const s = profilesApp(engine);
  describe('editing', () => editing(s));
  describe('claims and merges', () => claimsAndMerges(s));
  describe('the rules’ codes', () => ruleCodes(s));
});
