import { afterAll, beforeAll, expect } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { giveRole } from '../../test/support/factories.ts';
import type { EngineKind } from '../db/engine.ts';

/** What the set-up pages' tests share: the server on one engine, staff, a member, a visitor. */

/** a programme form as the page sends it */
export function programmeForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    name_fr: 'Labellisation des accélérateurs',
    name_en: 'Accelerator labelling',
    slug: '',
    description_fr: 'Pour les accélérateurs du territoire.',
    description_en: 'For the territory’s accelerators.',
    owner_q: '',
    action: 'save',
    ...over,
  };
}

/** a call form as the page sends it (Paris times, rules ticked) */
export function callForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    title_fr: 'Appel de printemps',
    title_en: 'Spring call',
    slug: '',
    reference_code: 'ACC',
    description_fr: '',
    description_en: '',
    opens_at: '2026-03-28T09:00',
    closes_at: '2026-03-30T18:00',
    grace_hours: '2',
    grace_until: '',
    rule_active: '1',
    rule_in_territory: '1',
    ...over,
  };
}

export function adminTestbed(engine: EngineKind) {
  const bed = {
    t: undefined as unknown as TestApp,
    staff: undefined as unknown as TestClient,
    member: undefined as unknown as TestClient,
    visitor: undefined as unknown as TestClient,
    get db() {
      return bed.t.database.db;
    },

    /** creates a programme through its page; its id */
    async programme(over: Record<string, string> = {}): Promise<number> {
      await bed.staff.get('/admin/programmes/nouveau');
      const res = await bed.staff.post('/admin/programmes/nouveau', programmeForm(over));
      expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
      const slug = over.slug || 'labellisation-des-accelerateurs';
      const row = await bed.db
        .selectFrom('programmes')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    /** creates a call through its page; its id (the page leads to its form) */
    async call(programmeId: number, over: Record<string, string> = {}): Promise<number> {
      await bed.staff.get(`/admin/programmes/${programmeId}/appels/nouveau`);
      const res = await bed.staff.post(
        `/admin/programmes/${programmeId}/appels/nouveau`,
        callForm(over),
      );
      expect(res.statusCode, res.body.slice(0, 3000)).toBe(303);
      const id = Number(/\/appels\/(\d+)\/formulaire$/.exec(String(res.headers.location))?.[1]);
      expect(id).toBeGreaterThan(0);
      return id;
    },

    count(table: 'programmes' | 'programme_calls' | 'programme_form_versions') {
      return bed.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    },
  };

  beforeAll(async () => {
    bed.t = await createTestApp(engine);
    const email = uniqueEmail('staff');
    bed.staff = await signUp(bed.t.app, { email });
    await giveRole(bed.db, email, 'staff');
    bed.member = await signUp(bed.t.app, { email: uniqueEmail('member') });
    bed.visitor = new TestClient(bed.t.app);
  });
  afterAll(async () => bed.t?.close());
  return bed;
}
