import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { twoConnections } from '../../test/support/engines.ts';
import { buildOrganisation, person } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import { connectionsService } from '../directory/connections.service.ts';
import type { Actor } from '../kernel/policy.ts';
import { applicationsService } from './applications.service.ts';
import { assignmentsService } from './assignments.service.ts';
import { declarationsService } from './declarations.service.ts';
import { programmesService } from './programmes.service.ts';
import { HOUR, memberOrganisation } from './programmes.testing.ts';

type User = Actor & { kind: 'user' };

/** a one-field form: enough to submit */
const FORM = [{ key: 'project', type: 'text', label: 'Projet', required: true }];

/**
 * What the juries' tests share: one database of an engine (two handles on the server), staff,
 * a programme, and helpers to open calls, submit applications of new organisations, add jury
 * members and tie them to organisations.
 */
class JuriesFixture {
  env!: Awaited<ReturnType<typeof twoConnections>>;
  db!: Kysely<DB>;
  staff!: User;
  programmeId = 0;
  calls = 0;

  assignments(on: Kysely<DB> = this.db) {
    return assignmentsService(on);
  }

  declarations(on: Kysely<DB> = this.db) {
    const connections = connectionsService(on);
    return declarationsService(on, { pick: connections.pick, resolveOne: connections.resolveOne });
  }

  async newCall(): Promise<number> {
    this.calls += 1;
    const now = Date.now();
    const call = await programmesService(this.db).createCall(this.staff, {
      programmeId: this.programmeId,
      slug: `jury-${this.calls}`,
      referenceCode: 'JUR',
      titleFr: `Appel ${this.calls}`,
      titleEn: `Call ${this.calls}`,
      opensAt: new Date(now - 24 * HOUR),
      closesAt: new Date(now + 24 * HOUR),
      graceUntil: new Date(now + 48 * HOUR),
      eligibility: [{ rule: 'active' }],
      form: FORM,
    });
    return call.id;
  }

  /** a submitted application of a new organisation to the call */
  async submitted(callId: number, name = 'Candidate') {
    const applicant = await person(this.db);
    const org = await memberOrganisation(this.db, applicant, { name });
    const applications = applicationsService(this.db);
    const draft = await applications.start(
      applicant,
      { callId, organisationSiren: org.siren, answers: { project: 'Robots' } },
      'fr',
    );
    await applications.submit(applicant, draft.id, 'fr');
    return { id: draft.id, orgId: org.id, name };
  }

  /** a new reviewer account on the call's jury */
  async juror(callId: number, role: 'reviewer' | 'staff' = 'reviewer'): Promise<User> {
    const who = await person(this.db, { role });
    await this.assignments().addMember(this.staff, callId, who.user.email);
    return who;
  }

  async memberOf(who: User, organisationId: string) {
    await this.db
      .insertInto('organisation_members')
      .values({ organisation_id: organisationId, user_id: who.user.id })
      .execute();
  }

  /** a new organisation of the directory with this person as its member */
  async organisationOf(who: User, name: string) {
    const org = await buildOrganisation(this.db, { name });
    await this.memberOf(who, org.id);
    return org;
  }

  async relate(fromId: string, toId: string, type: string, by: string | null = null) {
    const row = await this.db
      .insertInto('organisation_relations')
      .values({ from_id: fromId, to_id: toId, type, created_by: by, source: 'staff' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}

export function juriesFixture(engine: EngineKind): JuriesFixture {
  const f = new JuriesFixture();
  beforeAll(async () => {
    f.env = await twoConnections(engine);
    f.db = f.env.first.db;
    f.staff = await person(f.db, { role: 'staff' });
    f.programmeId = await programmesService(f.db).createProgramme(f.staff, {
      slug: 'jurys',
      nameFr: 'Programme à jury',
      nameEn: 'Programme with a jury',
    });
  });
  afterAll(async () => f.env?.close());
  return f;
}
