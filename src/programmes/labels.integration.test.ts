import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { insertLabel, labelsFixture } from './labels.testing.ts';

type Item = {
  id: number;
  name: string;
  holder: { name: string; organisation: string | null };
  valid_until: string | null;
  status: string;
  source: string | null;
  demo: boolean;
};

describe.each(engines())('labels: the laureates, a label, the API, the profile (%s)', (engine) => {
  const f = labelsFixture(engine);
  const ids = { current: 0, expired: 0, pastRound: 0, withdrawn: 0, demo: 0 };

  beforeAll(async () => {
    const db = f.db;
    ids.current = await insertLabel(db, {
      name: 'Accélérateur labellisé 2024',
      organisationId: f.winner.organisationId,
      callId: f.callId,
      applicationId: f.winner.applicationId,
      validFrom: '2024-01-15',
      validUntil: '2099-12-31',
    });
    ids.expired = await insertLabel(db, {
      name: 'Accélérateur labellisé 2010',
      holderName: 'Ancien Lauréat',
      validFrom: '2010-01-01',
      validUntil: '2011-01-01',
    });
    ids.pastRound = await insertLabel(db, {
      name: 'Métropole de test',
      holderName: 'Bordeaux',
      validFrom: '2014-11-12',
      sourceNote: 'Selon un article de test.',
    });
    const other = await buildOrganisation(db, { name: 'Retirée SAS' });
    ids.withdrawn = await insertLabel(db, {
      name: 'Accélérateur labellisé 2024',
      organisationId: other.id,
      validFrom: '2024-01-15',
    });
    await db
      .updateTable('labels')
      .set({ status: 'withdrawn', withdrawn_reason: 'Motif public', withdrawn_at: new Date() })
      .where('id', '=', ids.withdrawn)
      .execute();
    const demoOrg = await buildOrganisation(db, { name: 'Démo Accélérateur', demo: true });
    ids.demo = await insertLabel(db, {
      name: 'Accélérateur labellisé 2024',
      organisationId: demoOrg.id,
      validFrom: '2024-01-15',
      demo: true,
    });
  });

  it('lists the current labels with their holder linked, then the archive, then the withdrawn', async () => {
    const res = await f.outsider.get('/labels');
    expect(res.statusCode).toBe(200);
    const body = res.body;
    const current = body.indexOf('Labels en cours');
    const archive = body.indexOf('Archives : labels échus');
    const withdrawn = body.indexOf('Labels retirés');
    expect(current).toBeGreaterThan(0);
    expect(archive).toBeGreaterThan(current);
    expect(withdrawn).toBeGreaterThan(archive);
    // the laureate, linked to its profile, in the current section with its call
    const winner = body.indexOf(`href="/annuaire/${f.winner.slug}"`);
    expect(winner).toBeGreaterThan(current);
    expect(winner).toBeLessThan(archive);
    expect(body).toContain('Appel labels');
    // the expired one in the archive; a past round's holder by name, with its source
    const old = body.indexOf('Ancien Lauréat');
    expect(old).toBeGreaterThan(archive);
    expect(old).toBeLessThan(withdrawn);
    expect(body).toContain('Bordeaux');
    expect(body).toContain('Selon un article de test.');
    expect(body.indexOf('Retirée SAS')).toBeGreaterThan(withdrawn);
    // the demo one is marked
    const demo = body.slice(body.indexOf('Démo Accélérateur'));
    expect(demo.slice(0, 400)).toContain('demo-badge');
  });

  it('shows a label’s page with its history: a withdrawal’s reason, by the hub’s team', async () => {
    const res = await f.outsider.get(`/labels/${ids.withdrawn}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Motif public');
    expect(res.body).toContain('Retiré');
    const conferred = await f.outsider.get(`/labels/${ids.current}`);
    expect(conferred.body).toContain('Label conféré');
    expect(conferred.body).toContain('par l’équipe du hub');
    expect((await f.outsider.get('/labels/999999')).statusCode).toBe(404);
    expect((await f.outsider.get('/labels/abc')).statusCode).toBe(404);
  });

  it('answers the API: every label, or an organisation’s, or the ones held today', async () => {
    const all = await f.t.app.inject({ method: 'GET', url: '/api/v1/labels' });
    expect(all.statusCode).toBe(200);
    const items = all.json().items as Item[];
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(ids.current)).toMatchObject({
      name: 'Accélérateur labellisé 2024',
      holder: { name: 'Lauréat Alpha', organisation: f.winner.slug },
      status: 'current',
      demo: false,
    });
    expect(byId.get(ids.expired)?.status).toBe('expired');
    expect(byId.get(ids.withdrawn)?.status).toBe('withdrawn');
    expect(byId.get(ids.pastRound)).toMatchObject({
      holder: { name: 'Bordeaux', organisation: null },
      valid_until: null,
      source: 'Selon un article de test.',
    });
    expect(byId.get(ids.demo)?.demo).toBe(true);

    const active = await f.t.app.inject({ method: 'GET', url: '/api/v1/labels?active=true' });
    const activeIds = (active.json().items as Item[]).map((i) => i.id);
    expect(activeIds).toContain(ids.current);
    expect(activeIds).toContain(ids.pastRound);
    expect(activeIds).not.toContain(ids.expired);
    expect(activeIds).not.toContain(ids.withdrawn);

    const mine = await f.t.app.inject({
      method: 'GET',
      url: `/api/v1/labels?organisation=${f.winner.slug}`,
      headers: { 'accept-language': 'en' },
    });
    expect((mine.json().items as Item[]).map((i) => [i.id, i.name])).toEqual([
      [ids.current, 'Accélérateur labellisé 2024 (en)'],
    ]);
    const bad = await f.t.app.inject({ method: 'GET', url: '/api/v1/labels?active=maybe' });
    expect(bad.statusCode).toBe(400);
    const doc = (await f.t.app.inject('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/labels'].get).toBeDefined();
  });

  it('shows an organisation’s labels on its profile, in both languages', async () => {
    const fr = await f.outsider.get(`/annuaire/${f.winner.slug}`);
    expect(fr.statusCode).toBe(200);
    expect(fr.body).toContain(`href="/labels/${ids.current}"`);
    expect(fr.body).toContain('Accélérateur labellisé 2024');
    expect(fr.body).toContain('en cours');
    const en = await f.outsider.get(`/en/annuaire/${f.winner.slug}`);
    expect(en.body).toContain('Accélérateur labellisé 2024 (en)');
    expect(en.body).toContain(`href="/en/labels/${ids.current}"`);
    const list = await f.outsider.get('/en/labels');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Current labels');
  });
});
