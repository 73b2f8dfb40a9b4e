import { randomInt } from 'node:crypto';
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
import { appendAudit } from '../audit/audit.service.ts';
import type { EngineKind } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../kernel/policy.ts';
import { applicationsRepository } from './applications.repository.ts';
import { applicationsService } from './applications.service.ts';
import { programmesService } from './programmes.service.ts';
import { FORM, HOUR, memberOrganisation } from './programmes.testing.ts';
import { reviewService } from './review.service.ts';

/** What the labels' and accompaniment's tests share: labels, laureates, people. */

type Staff = Actor & { kind: 'user' };

/**
 * A label row as the decisions write it at an acceptance (with its `conferred` entry in the
 * audit log), or as a past round is recorded (no application, a source).
 */
export async function insertLabel(
  db: Kysely<DB>,
  input: {
    name?: string;
    organisationId?: string | null;
    holderName?: string | null;
    callId?: number | null;
    applicationId?: number | null;
    validFrom: string;
    validUntil?: string | null;
    sourceNote?: string;
    demo?: boolean;
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('labels')
      .values({
        name_fr: input.name ?? 'Accélérateur labellisé',
        name_en: input.name ? `${input.name} (en)` : 'Labelled accelerator',
        organisation_id: input.organisationId ?? null,
        holder_name: input.holderName ?? null,
        call_id: input.callId ?? null,
        application_id: input.applicationId ?? null,
        valid_from: input.validFrom,
        valid_until: input.validUntil ?? null,
        source_note: input.sourceNote ?? '',
        is_demo: input.demo ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actorId: null,
      subjectType: 'label',
      subjectId: row.id,
      applicationId: input.applicationId ?? null,
      action: 'conferred',
      after: { status: 'active', valid_from: input.validFrom },
    });
    return row.id;
  });
}

/** an open call of a new programme, set up by this staff member */
export async function openCall(db: Kysely<DB>, staff: Staff): Promise<number> {
  const programmes = programmesService(db);
  const n = randomInt(1e9);
  const programmeId = await programmes.createProgramme(staff, {
    slug: `prog-${n}`,
    nameFr: 'Programme',
    nameEn: 'Programme',
  });
  const now = Date.now();
  const call = await programmes.createCall(staff, {
    programmeId,
    slug: `appel-${n}`,
    referenceCode: 'LAB',
    titleFr: 'Appel labels',
    titleEn: 'Labels call',
    opensAt: new Date(now - 24 * HOUR),
    closesAt: new Date(now + 24 * HOUR),
    graceUntil: new Date(now + 48 * HOUR),
    eligibility: [{ rule: 'active' }],
    form: FORM,
  });
  return call.id;
}

/**
 * An application of a new organisation of this name taken to `accepted` (submitted, put under
 * review, then accepted with its history entry, as a decision does), or left under review.
 */
export async function laureate(
  db: Kysely<DB>,
  staff: Staff,
  callId: number,
  name: string,
  accept = true,
): Promise<{ applicationId: number; organisationId: string; slug: string }> {
  const applicant = await person(db);
  const org = await memberOrganisation(db, applicant, { name });
  const applications = applicationsService(db);
  const draft = await applications.start(
    applicant,
    { callId, organisationSiren: org.siren, answers: { project: name } },
    'fr',
  );
  await applications.submit(applicant, draft.id, 'fr');
  await reviewService(db, { publicUrl: () => 'http://localhost' }).startReview(staff, draft.id);
  if (accept) {
    await db.transaction().execute(async (trx) => {
      const repo = applicationsRepository(trx);
      await repo.changeState(draft.id, 'accepted', new Date());
      await repo.record({
        application_id: draft.id,
        from_state: 'under_review',
        to_state: 'accepted',
        actor_id: staff.user.id,
        at: new Date(),
      });
    });
  }
  const slug = await db
    .selectFrom('organisations')
    .select('slug')
    .where('id', '=', org.id)
    .executeTakeFirstOrThrow();
  return { applicationId: draft.id, organisationId: org.id, slug: slug.slug };
}

/** a signed-in client with this role; its account's id */
export async function clientWithRole(
  t: TestApp,
  role: 'member' | 'reviewer' | 'staff',
): Promise<{ client: TestClient; userId: string }> {
  const email = uniqueEmail(role);
  const client = await signUp(t.app, { email });
  const userId = await giveRole(t.database.db, email, role);
  return { client, userId };
}

/**
 * The whole server on one engine with: staff signed in, a laureate (accepted application) whose
 * member is signed in, an outsider signed in, a call, and the staff member as a service sees them.
 */
class LabelsFixture {
  t!: TestApp;
  staff!: TestClient;
  member!: TestClient;
  outsider!: TestClient;
  staffActor!: Staff;
  callId = 0;
  winner = { applicationId: 0, organisationId: '', slug: '' };

  get db() {
    return this.t.database.db;
  }

  async setUp(engine: EngineKind) {
    this.t = await createTestApp(engine);
    this.staffActor = await person(this.db, { role: 'staff' });
    this.callId = await openCall(this.db, this.staffActor);
    this.winner = await laureate(this.db, this.staffActor, this.callId, 'Lauréat Alpha');
    this.staff = (await clientWithRole(this.t, 'staff')).client;
    const member = await clientWithRole(this.t, 'member');
    this.member = member.client;
    await this.db
      .insertInto('organisation_members')
      .values({ organisation_id: this.winner.organisationId, user_id: member.userId })
      .execute();
    this.outsider = (await clientWithRole(this.t, 'member')).client;
  }
}

export function labelsFixture(engine: EngineKind): LabelsFixture {
  const f = new LabelsFixture();
  beforeAll(async () => f.setUp(engine));
  afterAll(async () => f.t?.close());
  return f;
}
