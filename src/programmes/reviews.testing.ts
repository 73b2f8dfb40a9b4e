import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { giveRole, person } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import type { DB, Role } from '../db/schema.ts';
import { applicationsService } from './applications.service.ts';
import { programmesService } from './programmes.service.ts';
import { type applicationsFixture, FORM, HOUR, memberOrganisation } from './programmes.testing.ts';
import type { Criterion, ScoreMethod } from './rubric.ts';

/**
 * What the reviews' tests share. Juries and assignments are another part's work: here they are
 * rows written directly, as that part would leave them.
 */

type ApplicationsFixture = ReturnType<typeof applicationsFixture>;

/** impact weighs 2 on a scale of 10, team 1 on a scale of 5 */
export const RUBRIC: Criterion[] = [
  { key: 'impact', label: { fr: 'Impact', en: 'Impact' }, weight: 2, max: 10 },
  { key: 'team', label: { fr: 'Équipe', en: 'Team' }, weight: 1, max: 5 },
];

/** sets a call's rubric and options as staff would have */
export async function setRubric(
  db: Kysely<DB>,
  callId: number,
  options: { rubric?: Criterion[]; method?: ScoreMethod; hidden?: boolean } = {},
) {
  await db
    .updateTable('programme_calls')
    .set({
      rubric: JSON.stringify(options.rubric ?? RUBRIC),
      score_method: options.method ?? 'weighted_mean',
      scores_hidden_until_submitted: options.hidden ?? true,
    })
    .where('id', '=', callId)
    .execute();
}

/** the reviewer on the call's jury and assigned to the application; the assignment's id */
export async function assign(
  db: Kysely<DB>,
  applicationId: number,
  reviewerId: string,
): Promise<number> {
  const app = await db
    .selectFrom('programme_applications')
    .select('call_id')
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('programme_jury_members')
    .values({ call_id: app.call_id, user_id: reviewerId, added_by: null })
    .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing())
    .execute();
  const row = await db
    .insertInto('programme_assignments')
    .values({
      application_id: applicationId,
      reviewer_id: reviewerId,
      method: 'manual',
      assigned_by: null,
      override_reason: null,
      overridden_conflicts: null,
      overridden_by: null,
      removed_at: null,
      removed_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** a new call with the rubric, an application submitted to it, and two reviewers assigned */
export async function reviewedApplication(
  f: ApplicationsFixture,
  options: Parameters<typeof setRubric>[2] = {},
) {
  const call = await f.newCall();
  await setRubric(f.db, call.id, options);
  const applicant = await f.applicant();
  const { applications } = f.services();
  const draft = await applications.start(
    applicant.actor,
    {
      callId: call.id,
      organisationSiren: applicant.org.siren,
      answers: { project: 'Robots', founders: [{ name: 'Alice' }] },
    },
    'fr',
  );
  await applications.submit(applicant.actor, draft.id, 'fr');
  const a = await person(f.db, { role: 'reviewer' });
  const b = await person(f.db, { role: 'reviewer' });
  return {
    call,
    applicant,
    applicationId: draft.id,
    a: { actor: a, assignment: await assign(f.db, draft.id, a.user.id) },
    b: { actor: b, assignment: await assign(f.db, draft.id, b.user.id) },
  };
}

/** a review's input with defaults */
export const input = (
  more: Partial<{
    scores: Record<string, unknown>;
    abstain: boolean;
    commentJury: string;
    commentApplicant: string;
    version: number;
    submit: boolean;
  }> = {},
) => ({
  scores: {},
  abstain: false,
  commentJury: '',
  commentApplicant: '',
  version: 0,
  submit: false,
  ...more,
});

/**
 * The whole server on one engine for the jury's pages and API: staff, three reviewers (a and b
 * assigned to each application made, c on no application), a member, each signed in, with a
 * personal token each; an open call with the rubric.
 */
class JuryFixture {
  t!: TestApp;
  clients = {} as Record<'staff' | 'a' | 'b' | 'c' | 'member', TestClient>;
  ids = {} as Record<'staff' | 'a' | 'b' | 'c' | 'member', string>;
  tokens = {} as Record<'staff' | 'a' | 'b' | 'c' | 'member', string>;
  names = {} as Record<'staff' | 'a' | 'b' | 'c' | 'member', string>;
  callId = 0;

  /** an API request with one person's token, messages in English */
  api(who: keyof JuryFixture['tokens'], method: 'GET' | 'PUT', url: string, payload?: object) {
    return this.t.app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${this.tokens[who]}`, 'accept-language': 'en' },
    });
  }

  /** a new application submitted to the call, a and b assigned */
  async application() {
    const db = this.t.database.db;
    const actor = await person(db);
    const org = await memberOrganisation(db, actor, {
      name: `Candidate ${randomUUID().slice(0, 6)}`,
    });
    const applications = applicationsService(db);
    const draft = await applications.start(
      actor,
      {
        callId: this.callId,
        organisationSiren: org.siren,
        answers: { project: 'Robots lunaires' },
      },
      'fr',
    );
    await applications.submit(actor, draft.id, 'fr');
    return {
      id: draft.id,
      a: await assign(db, draft.id, this.ids.a),
      b: await assign(db, draft.id, this.ids.b),
    };
  }

  async setUp(engine: EngineKind) {
    this.t = await createTestApp(engine);
    const db = this.t.database.db;
    const roles = {
      staff: 'staff',
      a: 'reviewer',
      b: 'reviewer',
      c: 'reviewer',
      member: 'member',
    } as const;
    for (const [who, role] of Object.entries(roles) as [keyof typeof roles, Role][]) {
      const email = uniqueEmail(who);
      const name = `Jury ${who.toUpperCase()}`;
      const client = await signUp(this.t.app, { email, name });
      this.ids[who] = await giveRole(db, email, role);
      this.names[who] = name;
      await client.get('/compte');
      this.tokens[who] = (
        await client.json('POST', '/api/v1/me/tokens', { name: 'jury' })
      ).json().token;
      this.clients[who] = client;
    }
    const staff = await person(db, { role: 'staff' });
    const programmes = programmesService(db);
    const programmeId = await programmes.createProgramme(staff, {
      slug: 'jury',
      nameFr: 'Programme jury',
      nameEn: 'Jury programme',
    });
    const now = Date.now();
    this.callId = (
      await programmes.createCall(staff, {
        programmeId,
        slug: 'appel-jury',
        referenceCode: 'JURY',
        titleFr: 'Appel jury',
        titleEn: 'Jury call',
        opensAt: new Date(now - 24 * HOUR),
        closesAt: new Date(now + 24 * HOUR),
        graceUntil: new Date(now + 48 * HOUR),
        eligibility: [{ rule: 'active' }],
        form: FORM,
      })
    ).id;
    await setRubric(db, this.callId);
  }
}

/** the fixture, set up and closed by the describe block's hooks */
export function juryFixture(engine: EngineKind): JuryFixture {
  const f = new JuryFixture();
  beforeAll(async () => f.setUp(engine));
  afterAll(async () => f.t?.close());
  return f;
}
