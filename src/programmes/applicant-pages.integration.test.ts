import { describe, expect, it } from 'vitest';
import { signUp, TestClient, uniqueEmail } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import { apiFixture } from './api.testing.ts';

const JSON_ACCEPT = { headers: { accept: 'application/json' } };
const idIn = (location: unknown) => Number(/\/candidatures\/(\d+)/.exec(String(location))?.[1]);
/** the value a text control shows */
const shown = (html: string, name: string) =>
  new RegExp(`name="${name.replaceAll('.', '\\.')}"[^>]*value="([^"]*)"`).exec(html)?.[1];

/** a fixture on one engine, with a call opened and a draft started through the pages */
function pagesFixture(engine: Parameters<typeof apiFixture>[0]) {
  const f = apiFixture(engine);

  async function started(slug: string, code: string) {
    await f.openCall(slug, code);
    await f.client.get(`/appels/${slug}`);
    const res = await f.client.post(`/appels/${slug}/candidater`, {
      organisation: f.organisationId,
    });
    expect(res.statusCode).toBe(303);
    const id = idIn(res.headers.location);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  const stored = async (id: number) =>
    f.t.database.db
      .selectFrom('programme_applications')
      .select(['answers', 'version', 'state', 'acknowledgement'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  return { f, started, stored };
}

describe.each(engines())('the calls’ pages and who may apply (%s)', (engine) => {
  const { f, started, stored } = pagesFixture(engine);

  it('lists the calls in both languages, each at its own address, and shows a call to a visitor', async () => {
    await f.openCall('liste-publique', 'LST');
    const visitor = new TestClient(f.t.app);
    const fr = await visitor.get('/appels');
    expect(fr.statusCode).toBe(200);
    expect(fr.body).toContain('href="/appels/liste-publique"');
    const en = await visitor.get('/en/calls');
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('href="/en/calls/liste-publique"');
    expect(en.body).toContain('<html lang="en"');
    const call = await visitor.get('/en/calls/liste-publique');
    expect(call.statusCode).toBe(200);
    expect(call.body).toContain('Be active.');
    expect(call.body).toContain('Sign in to apply');
    expect(call.body).toContain('hrefLang="fr" href="/appels/liste-publique"');
    expect(call.body).not.toContain('/candidater');
    expect((await visitor.get('/appels/nothing-here')).statusCode).toBe(404);
    expect((await visitor.get('/appels/%3Cscript%3E')).statusCode).toBe(404);
  });

  it('shows why an organisation may not apply, refuses others, and withdraws on confirmation', async () => {
    await f.openCall('regles', 'RGL', { eligibility: [{ rule: 'kind', kinds: ['accelerator'] }] });
    const call = await f.client.get('/appels/regles');
    expect(call.body).toContain('Réservé aux organisations de type');
    expect(call.body).not.toContain('/appels/regles/candidater');
    const refused = await f.client.post('/appels/regles/candidater', {
      organisation: f.organisationId,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Réservé aux organisations de type');

    // an organisation the person is not a member of, and one that is not an id at all
    const other = await buildOrganisation(f.t.database.db, { name: 'Autre' });
    await f.openCall('ouvert', 'OUV');
    await f.client.get('/appels/ouvert');
    const notMine = await f.client.post('/appels/ouvert/candidater', { organisation: other.id });
    expect(notMine.statusCode).toBe(403);
    const garbage = await f.client.post('/appels/ouvert/candidater', { organisation: "1' OR 1=1" });
    expect(garbage.statusCode).toBe(404);

    const id = await started('retrait', 'RET');
    const stranger = await signUp(f.t.app, { email: uniqueEmail('stranger') });
    expect((await stranger.get(`/candidatures/${id}`)).statusCode).toBe(403);
    expect((await new TestClient(f.t.app).get(`/candidatures/${id}`)).statusCode).toBe(401);
    expect((await f.client.get('/candidatures/abc')).statusCode).toBe(404);
    const bad = await f.client.post(`/candidatures/${id}`, { version: 'zzz' });
    expect(bad.statusCode).toBe(400);

    const confirm = await f.client.get(`/candidatures/${id}/retirer`);
    expect(confirm.statusCode).toBe(200);
    expect((await stored(id)).state).toBe('draft');
    const withdrawn = await f.client.post(`/candidatures/${id}/retirer`, {});
    expect(withdrawn.statusCode).toBe(303);
    expect((await stored(id)).state).toBe('withdrawn');
    const history = await f.client.follow(withdrawn);
    expect(history.body).toContain('Retirée');
  });

  it('answers the autosave in JSON, and a save over a newer version with both versions', async () => {
    const id = await started('deux-onglets', 'TAB');
    const { version } = await stored(id);
    const first = await f.client.post(
      `/candidatures/${id}`,
      { version: String(version), 'a.project': 'Onglet A' },
      JSON_ACCEPT,
    );
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(version + 1);

    // the second tab still holds the first version
    const late = await f.client.post(
      `/candidatures/${id}`,
      { version: String(version), 'a.project': 'Onglet B' },
      JSON_ACCEPT,
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({
      code: 'STALE_VERSION',
      current_version: version + 1,
      changed_fields: ['project'],
    });
    const page = await f.client.post(`/candidatures/${id}`, {
      version: String(version),
      intent: 'save',
      'a.project': 'Onglet B',
    });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('Onglet A');
    expect(shown(page.body, 'a.project')).toBe('Onglet B');
    expect(shown(page.body, 'version')).toBe(String(version + 1));
    expect((await stored(id)).answers).toEqual({ project: 'Onglet A' });

    const invalid = await f.client.post(
      `/candidatures/${id}`,
      { version: String(version + 1), 'a.siret': 'pas un siret' },
      JSON_ACCEPT,
    );
    expect(invalid.statusCode).toBe(422);
    expect(Object.keys(invalid.json().error.fields)).toEqual(['siret']);

    // one more row for a group, without JavaScript
    const row = await f.client.post(`/candidatures/${id}`, {
      version: String(version + 1),
      intent: 'row:founders',
      'a.project': 'Onglet A',
      'a.founders.0.name': 'Ada',
    });
    expect(row.statusCode).toBe(303);
    const rows = await f.client.follow(row);
    expect(rows.body).toContain('name="a.founders.2.name"');
  });
});

describe.each(engines())('an application’s page (%s)', (engine) => {
  const { f, started, stored } = pagesFixture(engine);

  it('starts, saves without JavaScript, keeps what was typed on a refusal, and submits once', async () => {
    const id = await started('parcours', 'PAR');
    const page = await f.client.get(`/candidatures/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="a.project"');
    expect(page.body).toContain('data-show-if="incubated"');
    const version = (await stored(id)).version;

    const saved = await f.client.post(`/candidatures/${id}`, {
      version: String(version),
      intent: 'save',
      'a.project': 'Robots pour la montagne',
      'a.incubated': 'yes',
      'a.incubator': 'Le Totem',
      'a.founders.0.name': 'Ada',
    });
    expect(saved.statusCode).toBe(303);
    const again = await f.client.follow(saved);
    expect(shown(again.body, 'a.project')).toBe('Robots pour la montagne');
    expect(shown(again.body, 'a.founders.0.name')).toBe('Ada');
    expect((await stored(id)).answers).toEqual({
      project: 'Robots pour la montagne',
      incubated: true,
      incubator: 'Le Totem',
      founders: [{ name: 'Ada' }],
    });

    // a SIRET with a wrong key: its message, the text typed kept, nothing written
    const before = await stored(id);
    const refused = await f.client.post(`/candidatures/${id}`, {
      version: String(before.version),
      intent: 'save',
      'a.project': 'Robots, version 2',
      'a.siret': '12345678901234',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('SIRET de 14 chiffres dont la clé est valide');
    expect(refused.body).toContain('href="#champ-siret"');
    expect(shown(refused.body, 'a.project')).toBe('Robots, version 2');
    expect(await stored(id)).toEqual(before);

    // submitting with a required answer missing: the message, nothing submitted
    const incomplete = await f.client.post(`/candidatures/${id}`, {
      version: String(before.version),
      intent: 'submit',
      'a.project': '',
      'a.incubated': 'yes',
      'a.incubator': 'Le Totem',
    });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.body).toContain('Ce champ est obligatoire.');
    expect((await stored(id)).state).toBe('draft');

    const current = await stored(id);
    const submitted = await f.client.post(`/candidatures/${id}`, {
      version: String(current.version),
      intent: 'submit',
      'a.project': 'Robots pour la montagne',
      'a.incubated': 'no',
    });
    expect(submitted.statusCode).toBe(303);
    const done = await f.client.follow(submitted);
    const after = await stored(id);
    expect(after.state).toBe('submitted');
    // the condition no longer holds: its answer is not kept
    expect(after.answers).not.toHaveProperty('incubator');
    expect(done.body).toContain(after.acknowledgement);
    expect(done.body).toContain('Candidature déposée');
    expect(done.body).not.toContain('name="a.project"');
    const receipts = await f.t.database.db
      .selectFrom('mail_queue')
      .select(['subject', 'body'])
      .where('subject', 'like', `%${after.acknowledgement}%`)
      .execute();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.body).toMatch(
      new RegExp(`Pour suivre la candidature : http\\S+/candidatures/${id}\\n`),
    );

    // the same form posted again (a second click): the same submission, no second receipt
    const twice = await f.client.post(`/candidatures/${id}`, {
      version: String(after.version),
      intent: 'submit',
      'a.project': 'Robots pour la montagne',
    });
    expect(twice.statusCode).toBe(303);
    expect((await stored(id)).acknowledgement).toBe(after.acknowledgement);
    expect(
      await f.t.database.db
        .selectFrom('mail_queue')
        .select('id')
        .where('subject', 'like', `%${after.acknowledgement}%`)
        .execute(),
    ).toHaveLength(1);

    const mine = await f.client.get('/candidatures');
    expect(mine.body).toContain(`href="/candidatures/${id}"`);
    expect(mine.body).toContain(after.acknowledgement);
  });
});
