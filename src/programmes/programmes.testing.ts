import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { twoConnections } from '../../test/support/engines.ts';
import { buildOrganisation, type OrgInput, person } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../kernel/policy.ts';
import { luhnCheckDigit } from '../sirene/identifiers.ts';
import { applicationsService } from './applications.service.ts';
import { programmesService } from './programmes.service.ts';

/** What the programmes' integration tests share: databases, people, organisations, a call. */

/** a SIREN with a valid key, unlikely to be taken */
export function someSiren(): string {
  const payload = String(randomInt(1e7, 1e8));
  return `${payload}${luhnCheckDigit(payload)}`;
}

/** an organisation of the directory with a SIREN, and this person as its member */
export async function memberOrganisation(
  db: Kysely<DB>,
  actor: Actor & { kind: 'user' },
  input: Partial<OrgInput> = {},
): Promise<{ id: string; siren: string }> {
  const siren = someSiren();
  const org = await buildOrganisation(db, {
    name: 'Candidate',
    createdOn: '2015-03-01',
    band: '11',
    ...input,
    siren,
  });
  await db
    .insertInto('organisation_members')
    .values({ organisation_id: org.id, user_id: actor.user.id })
    .execute();
  return { id: org.id, siren };
}

export const HOUR = 3_600_000;

/** a form with a required text, a condition, a SIRET and a group of founders */
export const FORM = [
  {
    key: 'project',
    type: 'text',
    label: { fr: 'Projet', en: 'Project' },
    required: true,
    max_length: 200,
  },
  { key: 'incubated', type: 'yes_no', label: { fr: 'Incubé ?', en: 'Incubated?' } },
  {
    key: 'incubator',
    type: 'text',
    label: 'Incubateur',
    required: true,
    show_if: { field: 'incubated', equals: true },
  },
  { key: 'siret', type: 'siret', label: 'SIRET' },
  {
    key: 'founders',
    type: 'group',
    label: { fr: 'Fondateurs', en: 'Founders' },
    fields: [{ key: 'name', type: 'text', label: { fr: 'Nom', en: 'Name' }, required: true }],
  },
];

export const OPENS = new Date('2026-03-01T08:00:00Z');
export const CLOSES = new Date('2026-04-01T10:00:00Z');
export const GRACE = new Date('2026-04-01T12:00:00Z');

type Applicant = { actor: Actor & { kind: 'user' }; org: { id: string; siren: string } };

/**
 * A database of one engine (two handles), a clock the test moves, staff, a programme, and
 * helpers to open calls and find applicants.
 */
class ApplicationsFixture {
  env!: Awaited<ReturnType<typeof twoConnections>>;
  db!: Kysely<DB>;
  now = new Date(OPENS.getTime() + HOUR);
  staff!: Actor;
  programmeId = 0;
  calls = 0;
  clock = () => this.now;

  services(on: Kysely<DB> = this.db) {
    return {
      programmes: programmesService(on, this.clock),
      applications: applicationsService(on, this.clock),
    };
  }

  newCall(eligibility: unknown[] = [{ rule: 'active' }, { rule: 'in_territory' }]) {
    this.calls += 1;
    return this.services().programmes.createCall(this.staff, {
      programmeId: this.programmeId,
      slug: `appel-${this.calls}`,
      referenceCode: 'ACC',
      titleFr: `Appel ${this.calls}`,
      titleEn: `Call ${this.calls}`,
      opensAt: OPENS,
      closesAt: CLOSES,
      graceUntil: GRACE,
      eligibility,
      form: FORM,
    });
  }

  async applicant(): Promise<Applicant> {
    const actor = await person(this.db);
    const org = await memberOrganisation(this.db, actor);
    return { actor, org };
  }

  /** the mails queued for a person */
  queued(actor: Actor & { kind: 'user' }) {
    return this.db
      .selectFrom('mail_queue')
      .select(['subject', 'body'])
      .where('to_address', '=', actor.user.email)
      .execute();
  }
}

/** the fixture, set up and closed by the describe block's hooks */
export function applicationsFixture(engine: EngineKind): ApplicationsFixture {
  const f = new ApplicationsFixture();
  beforeAll(async () => {
    f.env = await twoConnections(engine);
    f.db = f.env.first.db;
    f.staff = await person(f.db, { role: 'staff' });
    f.programmeId = await programmesService(f.db).createProgramme(f.staff, {
      slug: 'labellisation',
      nameFr: 'Labellisation des accélérateurs',
      nameEn: 'Accelerator labelling',
    });
  });
  afterAll(async () => f.env?.close());
  return f;
}
