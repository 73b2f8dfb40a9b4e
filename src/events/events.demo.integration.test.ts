import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signUp,
  type TestApp,
  TestClient,
  uniqueEmail,
} from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, giveRole } from '../../test/support/factories.ts';
import { demoStaffAccount } from '../accounts/accounts.demo.ts';
import { loadVenueDemo } from '../venue/venue.demo.ts';
import { eventsDemo } from './events.demo.ts';
import { registrationOpen, viewOf } from './events.service.ts';
import { daysAhead, eventsOn } from './events.testing.ts';

describe.each(engines())('the events’ demo and the showrooms, on %s', (engine) => {
  let t: TestApp;
  let staff: TestClient;
  const visitor = () => new TestClient(t.app);
  let demoOrg: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.database.db;
    await loadVenueDemo(db, { membershipsOf: async () => [], demoMember: async () => '' });
    demoOrg = await buildOrganisation(db, { name: 'Démo Capteurs', demo: true });
    await buildOrganisation(db, { name: 'Démo Logiciels', demo: true });
    const { deps } = eventsOn(db, { demoStaff: () => demoStaffAccount(db) });
    await eventsDemo(db, deps);
    await eventsDemo(db, deps); // once only
    const email = uniqueEmail('staff');
    staff = await signUp(t.app, { email });
    await giveRole(db, email, 'staff');
  });
  afterAll(async () => t?.close());

  it('tells the move into the Totem as the seed does, and a few demo meet-ups marked demo', async () => {
    const { events } = eventsOn(t.database.db);
    const opening = await events.get({ kind: 'visitor' }, 'installation-au-totem-2015');
    expect(opening).toMatchObject({ date_precision: 'month', is_demo: false, booking_id: null });
    const archive = await visitor().get('/agenda?passes=1');
    expect(archive.body).toContain('janvier 2015 (date précise non connue)');
    const upcoming = await events.list({ from: new Date() });
    expect(upcoming.length).toBe(3);
    for (const e of upcoming) {
      expect(e.is_demo).toBe(true);
      expect(e.title_fr.startsWith('Démo')).toBe(true);
      expect(e.capacity).toBeGreaterThanOrEqual(20);
      expect(e.capacity).toBeLessThanOrEqual(100);
      expect(registrationOpen(viewOf(e), new Date())).toBe(true);
      for (const o of e.organisers) expect(o.name.startsWith('Démo')).toBe(true);
    }
    const agenda = await visitor().get('/agenda');
    expect(agenda.body).toContain('class="demo-badge"');
  });

  it('shows the exhibitions with their organisation’s profile, and the profile lists them', async () => {
    const page = await visitor().get('/expositions');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/annuaire/${demoOrg.slug}"`);
    expect(page.body).toContain('Démo : les produits de Démo Capteurs');
    const profile = await visitor().get(`/annuaire/${demoOrg.slug}`);
    expect(profile.body).toContain('Expositions et événements');
    expect(profile.body).toContain('Démo : les produits de Démo Capteurs');
  });

  it('lets staff schedule an exhibition as a booking of the showroom, refused over another', async () => {
    await staff.get('/admin/expositions');
    const bad = await staff.post('/admin/expositions', {
      organisation: 'Personne Inconnue',
      space: 'showroom',
      from: daysAhead(30),
      to: daysAhead(29),
      title_fr: '',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('La fin doit venir après le début.');
    // a Monday to Thursday: the demo showroom opens on weekdays
    let monday = 30;
    while (new Date(`${daysAhead(monday)}T12:00:00Z`).getUTCDay() !== 1) monday++;
    const form = {
      organisation: demoOrg.slug,
      space: 'showroom',
      from: daysAhead(monday),
      to: daysAhead(monday + 3),
      title_fr: 'Capteurs connectés',
    };
    const done = await staff.post('/admin/expositions', form);
    expect(done.statusCode).toBe(303);
    await staff.get('/admin/expositions');
    const again = await staff.post('/admin/expositions', { ...form, from: daysAhead(monday + 2) });
    expect(again.statusCode).toBe(409);
    // two weeks on, Thursday to the next Tuesday: it runs on across the closed weekend
    await staff.get('/admin/expositions');
    const across = { ...form, from: daysAhead(monday + 17), to: daysAhead(monday + 22) };
    expect((await staff.post('/admin/expositions', across)).statusCode).toBe(303);
    // but it cannot open, nor close, on a day the showroom is closed (a Saturday)
    await staff.get('/admin/expositions');
    const saturday = { ...form, from: daysAhead(monday + 26), to: daysAhead(monday + 28) };
    const closed = await staff.post('/admin/expositions', saturday);
    expect(closed.statusCode).toBe(422);
  });
});
