import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { demoMemberAccount, demoReviewerAccount } from '../accounts/accounts.demo.ts';
import { membersService } from '../directory/members.service.ts';
import { FRENCH_TECH_CALL_SLUG, METROPOLES_2014 } from './juries.demo.ts';
import { type DemoPeople, loadProgrammesDemo } from './programmes.demo.ts';
import { someSiren } from './programmes.testing.ts';

const NOW = new Date('2026-12-03T10:00:00Z');

describe.each(engines())('the 2014 French Tech round and the demo jury (%s)', (engine) => {
  let t: TestApp;
  let metropole = '';
  const db = () => t.database.db;
  async function snapshot() {
    const d = db();
    return {
      programmes: await d
        .selectFrom('programmes')
        .select(['slug', 'is_demo'])
        .orderBy('id')
        .execute(),
      calls: await d
        .selectFrom('programme_calls')
        .select(['slug', 'is_demo'])
        .orderBy('id')
        .execute(),
      labels: await d.selectFrom('labels').selectAll().orderBy('id').execute(),
      jury: await d.selectFrom('programme_jury_members').selectAll().execute(),
      assignments: await d.selectFrom('programme_assignments').selectAll().orderBy('id').execute(),
      audit: (await d.selectFrom('audit_log').select('seq').execute()).length,
    };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    const d = db();
    metropole = (
      await d
        .insertInto('organisations')
        .values({
          slug: 'grenoble-alpes-metropole',
          name: 'Grenoble-Alpes Métropole',
          kind: 'local_authority',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    for (const name of ['Demo Un', 'Demo Deux', 'Demo Trois']) {
      await buildOrganisation(d, { name, siren: someSiren(), demo: true });
    }
    const people: DemoPeople = {
      applicant: () => demoMemberAccount(d),
      attach: membersService(d).attach,
      reviewer: () => demoReviewerAccount(d),
    };
    await loadProgrammesDemo(d, NOW, people);
  });
  afterAll(async () => t?.close());

  it('records the nine métropoles of 12 November 2014, Grenoble held by its métropole, not demo', async () => {
    const { labels, calls, programmes } = await snapshot();
    expect(programmes).toContainEqual({ slug: 'french-tech', is_demo: false });
    expect(calls).toContainEqual({ slug: FRENCH_TECH_CALL_SLUG, is_demo: false });
    expect(labels.map((l) => l.holder_name)).toEqual([...METROPOLES_2014]);
    for (const l of labels) {
      expect(l).toMatchObject({
        name_fr: 'Métropole French Tech',
        valid_from: '2014-11-12',
        valid_until: null,
        application_id: null,
        status: 'active',
        is_demo: false,
      });
      expect(l.source_note).toContain('Axelle Lemaire');
      expect(l.organisation_id).toBe(l.holder_name === 'Grenoble' ? metropole : null);
    }
    // no application invented for the round
    const apps = await db()
      .selectFrom('programme_applications as a')
      .innerJoin('programme_calls as c', 'c.id', 'a.call_id')
      .select('a.id')
      .where('c.slug', '=', FRENCH_TECH_CALL_SLUG)
      .execute();
    expect(apps).toEqual([]);
  });

  it('tells only what the seed tells: the count of candidacies, no other name, no score', async () => {
    const call = await t.app.inject(`/appels/${FRENCH_TECH_CALL_SLUG}`);
    expect(call.statusCode).toBe(200);
    expect(call.body).toContain('Une quinzaine de candidatures');
    expect(call.body).toContain('ne nomment aucune autre candidature');
    expect(call.body).toContain('non connues de nos sources');
    const page = await t.app.inject('/labels');
    expect(page.body).toContain('href="/annuaire/grenoble-alpes-metropole"');
    for (const name of METROPOLES_2014) expect(page.body).toContain(name);
    const profile = await t.app.inject('/annuaire/grenoble-alpes-metropole');
    expect(profile.body).toContain('Métropole French Tech');
  });

  it('puts the demo reviewer on the open demo call’s jury, assigned to the application under review', async () => {
    const { jury, assignments } = await snapshot();
    const reviewer = await demoReviewerAccount(db());
    expect(jury).toHaveLength(1);
    expect(jury[0]).toMatchObject({ user_id: reviewer, is_demo: true });
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({
      reviewer_id: reviewer,
      is_demo: true,
      method: 'manual',
    });
    const application = await db()
      .selectFrom('programme_applications')
      .select(['state', 'is_demo'])
      .where('id', '=', assignments[0]?.application_id ?? 0)
      .executeTakeFirstOrThrow();
    expect(application).toEqual({ state: 'under_review', is_demo: true });
  });

  it('changes nothing when loaded again', async () => {
    const before = await snapshot();
    const d = db();
    await loadProgrammesDemo(d, NOW, {
      applicant: () => demoMemberAccount(d),
      attach: membersService(d).attach,
      reviewer: () => demoReviewerAccount(d),
    });
    expect(await snapshot()).toEqual(before);
  });
});
