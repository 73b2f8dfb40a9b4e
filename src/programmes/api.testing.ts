import { afterAll, beforeAll } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  type TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { person } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import type { Actor } from '../kernel/policy.ts';
import { programmesService } from './programmes.service.ts';
import { FORM, HOUR, memberOrganisation } from './programmes.testing.ts';

/**
 * What the API tests share: the whole server on one engine, an applicant signed in (a session)
 * and holding a personal token, the SIREN of their organisation, and calls opened on demand.
 */
class ApiFixture {
  t!: TestApp;
  client!: TestClient;
  token = '';
  siren = '';
  /** the applicant's organisation in the directory */
  organisationId = '';
  staff!: Actor;
  programmeId = 0;

  /** a request with the applicant's token, messages in English */
  bearer(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
    return this.t.app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${this.token}`, 'accept-language': 'en' },
    });
  }

  /** a call open from a day ago for `hours` more hours (and as long again of grace) */
  async openCall(
    slug: string,
    code: string,
    options: { hours?: number; form?: unknown; eligibility?: unknown[] } = {},
  ) {
    const now = Date.now();
    const hours = options.hours ?? 24;
    const call = await programmesService(this.t.database.db).createCall(this.staff, {
      programmeId: this.programmeId,
      slug,
      referenceCode: code,
      titleFr: `Appel ${slug}`,
      titleEn: `Call ${slug}`,
      opensAt: new Date(now - 24 * HOUR),
      closesAt: new Date(now + hours * HOUR),
      graceUntil: new Date(now + 2 * hours * HOUR),
      eligibility: options.eligibility ?? [{ rule: 'active' }],
      form: options.form ?? FORM,
    });
    return call.id;
  }
}

export function apiFixture(engine: EngineKind): ApiFixture {
  const f = new ApiFixture();
  beforeAll(async () => {
    f.t = await createTestApp(engine);
    const db = f.t.database.db;
    const email = uniqueEmail('applicant');
    f.client = await signUp(f.t.app, { email });
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const self = { kind: 'user', user: { id: user.id } } as Parameters<
      typeof memberOrganisation
    >[1];
    const organisation = await memberOrganisation(db, self);
    f.siren = organisation.siren;
    f.organisationId = organisation.id;
    await f.client.get('/compte');
    f.token = (
      await f.client.json('POST', '/api/v1/me/tokens', { name: 'candidatures' })
    ).json().token;
    f.staff = await person(db, { role: 'staff' });
    f.programmeId = await programmesService(db).createProgramme(f.staff, {
      slug: 'api',
      nameFr: 'Programme',
      nameEn: 'Programme',
    });
  });
  afterAll(async () => f.t?.close());
  return f;
}
