import { afterAll, beforeAll } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { buildOrganisation, giveRole } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';
import { parisToday, plusDays, weekdayOf } from './spaces.calendar.ts';
import { loadVenueDemo } from './venue.demo.ts';

/** What the venue pages' tests share: the server with the demo venue, staff, members, a visitor. */

/** a Tuesday at least two days ahead: open in the demo (weekdays) and no demo holiday */
export function nextTuesday(from = parisToday()): string {
  let day = plusDays(from, 2);
  while (weekdayOf(day) !== 2) day = plusDays(day, 1);
  return day;
}

export function venueTestbed(engine: EngineKind) {
  const bed = {
    t: undefined as unknown as TestApp,
    staff: undefined as unknown as TestClient,
    /** a verified member of an organisation */
    member: undefined as unknown as TestClient,
    other: undefined as unknown as TestClient,
    visitor: undefined as unknown as TestClient,
    /** signed in, verified, a member of no organisation */
    outsider: undefined as unknown as TestClient,
    organisation: '',
    emails: { staff: '', member: '', other: '' },
    get db() {
      return bed.t.database.db;
    },
    async spaceId(slug: string): Promise<string> {
      const row = await bed.db
        .selectFrom('venue_spaces')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow();
      return row.id;
    },
  };

  async function memberOf(
    organisationId: string,
    email = uniqueEmail('member'),
  ): Promise<TestClient> {
    const client = await signUp(bed.t.app, { email });
    const user = await bed.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    await bed.db
      .insertInto('organisation_members')
      .values({ organisation_id: organisationId, user_id: user.id })
      .execute();
    return client;
  }

  beforeAll(async () => {
    bed.t = await createTestApp(engine);
    await loadVenueDemo(bed.db, { membershipsOf: async () => [], demoMember: async () => '' });
    const org = await buildOrganisation(bed.db, { name: 'Atelier Chavant' });
    bed.organisation = org.id;
    const email = uniqueEmail('staff');
    bed.staff = await signUp(bed.t.app, { email, name: 'Camille Accueil' });
    await giveRole(bed.db, email, 'staff');
    bed.emails = { staff: email, member: uniqueEmail('member'), other: uniqueEmail('member') };
    bed.member = await memberOf(org.id, bed.emails.member);
    bed.other = await memberOf(org.id, bed.emails.other);
    bed.outsider = await signUp(bed.t.app, { email: uniqueEmail('outsider') });
    bed.visitor = new TestClient(bed.t.app);
  });
  afterAll(async () => bed.t?.close());
  return bed;
}
