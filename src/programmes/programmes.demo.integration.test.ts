import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { demoMemberAccount } from '../accounts/accounts.demo.ts';
import type { EngineKind } from '../db/engine.ts';
import { membersService } from '../directory/members.service.ts';
import { filesystemStorage } from '../kernel/file-storage.ts';
import { accompanimentService } from './accompaniment.service.ts';
import { directoryFactsRepository } from './directory-facts.repository.ts';
import { storedFields } from './forms/definition.ts';
import { validateAnswers } from './forms/validate.ts';
import { DEMO_DECISION_AT } from './laureate.demo.ts';
import { type DemoPeople, loadProgrammesDemo } from './programmes.demo.ts';
import { someSiren } from './programmes.testing.ts';

type CallJson = { id: number; slug: string; status: string; demo: boolean; closes_at: string };

const NOW = new Date('2026-12-03T10:00:00Z');

/**
 * A server on one engine with, in its directory, a real organisation first by address, five demo
 * ones, and a closed demo one; the programmes' demo loaded at NOW with the demo member and the
 * server's file store.
 */
function demoFixture(engine: EngineKind) {
  const f = { t: undefined as unknown as TestApp, demo: [] as string[], real: '' };
  const people = {} as DemoPeople;
  const files = () => filesystemStorage(path.join(f.t.dataDir, 'files'));
  beforeAll(async () => {
    f.t = await createTestApp(engine);
    const db = f.t.database.db;
    // an organisation of the register (not demo) comes first by address: it is never used
    f.real = (await buildOrganisation(db, { name: 'Aaa réelle', siren: someSiren() })).id;
    for (const name of ['Demo Un', 'Demo Deux', 'Demo Trois', 'Demo Quatre', 'Demo Cinq']) {
      f.demo.push((await buildOrganisation(db, { name, siren: someSiren(), demo: true })).id);
    }
    // a closed demo organisation could not apply: not used either
    await buildOrganisation(db, {
      name: 'Demo Fermée',
      siren: someSiren(),
      demo: true,
      status: 'closed',
    });
    people.applicant = () => demoMemberAccount(db);
    people.attach = membersService(db).attach;
    await loadProgrammesDemo(db, NOW, people, files());
  });
  afterAll(async () => f.t?.close());

  return {
    f,
    people,
    files,
    async calls(): Promise<CallJson[]> {
      const res = await f.t.app.inject('/api/v1/calls');
      expect(res.statusCode).toBe(200);
      // the accelerators' calls (the 2014 French Tech round: juries.demo.integration.test.ts)
      return (res.json().items as CallJson[]).filter((c) => c.slug.startsWith('accelerateurs-'));
    },
    applications() {
      return f.t.database.db
        .selectFrom('programme_applications as a')
        .innerJoin('programme_calls as c', 'c.id', 'a.call_id')
        .select([
          'a.id',
          'c.slug',
          'a.state',
          'a.acknowledgement',
          'a.is_demo',
          'a.organisation_id',
          'a.applicant_id',
          'a.answers',
          'a.form_version',
          'a.call_id',
        ])
        .orderBy('a.id')
        .execute();
    },
  };
}

/**
 * The programmes' demo: a closed call of 2015 and an open one to try, both marked demo, and a few
 * applications of demo organisations by the demo member.
 */
describe.each(engines())('the programmes demo on %s', (engine) => {
  const { f, people, files, calls, applications } = demoFixture(engine);
  const now = NOW;

  it('opens a call to try and keeps the 2015 one closed, both said to be demonstration data', async () => {
    const items = await calls();
    expect(items.map((c) => [c.slug, c.status, c.demo])).toEqual([
      ['accelerateurs-demo', 'open', true],
      ['accelerateurs-2015', 'closed', true],
    ]);
    const open = items[0] as CallJson;
    expect(new Date(open.closes_at).getTime()).toBeGreaterThan(now.getTime());
  });

  it('gives the open call a form whose conditional field and group read as the API says', async () => {
    const open = (await calls())[0] as CallJson;
    const res = await f.t.app.inject({
      url: `/api/v1/calls/${open.id}/form`,
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(200);
    const fields = res.json().fields as { key: string; type: string; show_if?: unknown }[];
    expect(fields.map((f) => f.type)).toContain('siret');
    expect(fields.find((f) => f.key === 'investors')?.show_if).toEqual({
      field: 'has_investors',
      equals: true,
    });
    expect(fields.find((f) => f.key === 'team')?.type).toBe('group');
  });

  it('adds, for demo organisations only, a draft, a submitted and a reviewed application to the open call and an accepted one of 2015', async () => {
    const rows = await applications();
    expect(rows.map((r) => [r.slug, r.state, r.acknowledgement, r.is_demo])).toEqual([
      ['accelerateurs-demo', 'draft', null, true],
      ['accelerateurs-demo', 'submitted', '2026-ACC-0001', true],
      ['accelerateurs-demo', 'under_review', '2026-ACC-0002', true],
      ['accelerateurs-2015', 'accepted', '2015-ACC15-0001', true],
    ]);
    for (const row of rows) {
      expect(f.demo).toContain(row.organisation_id);
      expect(row.organisation_id).not.toBe(f.real);
    }
    // the open call's counter goes on from the demo's numbers
    const counters = await f.t.database.db
      .selectFrom('programme_calls')
      .select(['slug', 'acknowledgements_issued'])
      .where('slug', 'like', 'accelerateurs-%')
      .orderBy('slug')
      .execute();
    expect(counters).toEqual([
      { slug: 'accelerateurs-2015', acknowledgements_issued: 1 },
      { slug: 'accelerateurs-demo', acknowledgements_issued: 2 },
    ]);
    // demo applications send nothing
    const mails = await f.t.database.db.selectFrom('mail_queue').select('id').execute();
    expect(mails).toEqual([]);
  });

  it('makes them by a demo member of those organisations, with answers the form accepts and their history', async () => {
    const db = f.t.database.db;
    const rows = await applications();
    const applicant = await db
      .selectFrom('users')
      .select(['id', 'email', 'is_demo', 'role', 'password_hash'])
      .select((eb) => eb('email_verified_at', 'is not', null).as('verified'))
      .where('id', '=', rows[0]?.applicant_id ?? '')
      .executeTakeFirstOrThrow();
    expect(applicant).toMatchObject({
      email: 'demo-member@totem.example',
      is_demo: true,
      role: 'member',
      password_hash: null,
      verified: true,
    });
    expect(new Set(rows.map((r) => r.applicant_id)).size).toBe(1);
    // the accounts' demo member, when it exists, is the one used
    expect(await people.applicant()).toBe(applicant.id);
    const facts = directoryFactsRepository(db);
    for (const row of rows) {
      expect(await facts.isMember(applicant.id, row.organisation_id)).toBe(true);
      const form = await db
        .selectFrom('programme_form_versions')
        .select('fields')
        .where('call_id', '=', row.call_id)
        .where('number', '=', row.form_version)
        .executeTakeFirstOrThrow();
      const mode = row.state === 'draft' ? 'draft' : 'submit';
      const checked = validateAnswers(storedFields(form.fields), row.answers, mode);
      expect(checked.issues).toEqual([]);
      const sirets = checked.sirets.map((s) => s.siret);
      expect(sirets).toHaveLength(1);
      expect([...(await facts.knownSirets(sirets))]).toEqual(sirets);
    }
    const history = await db
      .selectFrom('programme_application_history')
      .select(['application_id', 'from_state', 'to_state'])
      .orderBy('id')
      .execute();
    const of = (id: number) =>
      history.filter((h) => h.application_id === id).map((h) => h.to_state);
    expect(rows.map((r) => of(r.id))).toEqual([
      ['draft'],
      ['draft', 'submitted'],
      ['draft', 'submitted', 'under_review'],
      ['draft', 'submitted', 'under_review', 'accepted'],
    ]);
  });

  it('accepts the 2015 one as a decision does, with its letter and its accompaniment, and no mail or label', async () => {
    const laureate = (await applications())[3];
    if (!laureate) throw new Error('no 2015 application');
    await expectTheLaureate(f.t, laureate, now);
  });

  it('changes nothing when loaded again', async () => {
    const before = await applications();
    await loadProgrammesDemo(f.t.database.db, new Date('2027-06-01T10:00:00Z'), people, files());
    expect((await calls()).length).toBe(2);
    expect(await applications()).toEqual(before);
  });
});

/**
 * The demo's laureate: accepted on DEMO_DECISION_AT as a decision does (its letter in the file
 * store, its audit entry), without a mail or a label, and its accompaniment as its members read it.
 */
async function expectTheLaureate(
  t: TestApp,
  laureate: { id: number; applicant_id: string },
  now: Date,
): Promise<void> {
  const db = t.database.db;
  const decision = await db
    .selectFrom('programme_decisions')
    .selectAll()
    .where('application_id', '=', laureate.id)
    .executeTakeFirstOrThrow();
  expect(decision).toMatchObject({
    decision: 'accepted',
    decided_by: null,
    letter_locale: 'fr',
    is_demo: true,
  });
  expect(decision.decided_at).toEqual(DEMO_DECISION_AT);
  // the letter is in the file store, as its hash says
  const letter = await readFile(path.join(t.dataDir, 'files', decision.letter_stored_name ?? ''));
  expect(letter.subarray(0, 5).toString()).toBe('%PDF-');
  expect(createHash('sha256').update(letter).digest('hex')).toBe(decision.letter_sha256);
  const audit = await db
    .selectFrom('audit_log')
    .select(['subject_type', 'action'])
    .where('application_id', '=', laureate.id)
    .orderBy('seq')
    .execute();
  expect(audit).toContainEqual({ subject_type: 'decision', action: 'recorded' });
  expect(await db.selectFrom('labels').select('id').where('is_demo', '=', true).execute()).toEqual(
    [],
  );
  expect(await db.selectFrom('mail_queue').select('id').execute()).toEqual([]);
  // its members read the accompaniment: two milestones done in 2015, the third late since 2016
  const view = await accompanimentService(db, () => now).view(
    {
      kind: 'user',
      user: { id: laureate.applicant_id, role: 'member', verified: true },
    } as never,
    laureate.id,
  );
  expect(
    view.milestones.map((m) => [m.due_on, m.status, m.done_at?.toISOString() ?? null, m.late]),
  ).toEqual([
    ['2015-07-31', 'done', '2015-07-24T14:00:00.000Z', false],
    ['2015-10-15', 'done', '2015-10-15T15:00:00.000Z', false],
    ['2016-07-01', 'planned', null, true],
  ]);
  expect(view.milestones.every((m) => m.is_demo)).toBe(true);
}
