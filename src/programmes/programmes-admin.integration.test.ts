import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation, person } from '../../test/support/factories.ts';
import { programmesError } from './programmes.errors.ts';
import { programmesService } from './programmes.service.ts';
import { someSiren } from './programmes.testing.ts';
import { adminTestbed, callForm, programmeForm } from './programmes-admin.testing.ts';

describe.each(engines())('programmes’ set-up pages: programmes, on %s', (engine) => {
  const bed = adminTestbed(engine);

  it('lets staff create a programme owned by an organisation named by its SIREN, then edit it', async () => {
    const siren = someSiren();
    const owner = await buildOrganisation(bed.db, { name: 'Digital Grenoble', siren });
    const id = await bed.programme({ owner_q: siren });
    const row = await bed.db
      .selectFrom('programmes')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.name_fr).toBe('Labellisation des accélérateurs');
    expect(row.owner_organisation_id).toBe(owner.id);

    const list = await bed.staff.get('/admin/programmes');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Programme enregistré.');
    expect(list.body).toContain('Labellisation des accélérateurs');
    expect(list.body).toContain('Digital Grenoble');
    expect(list.body).toContain('Aucun appel pour ce programme.');
    const admin = await bed.staff.get('/admin');
    expect(admin.body).toContain('href="/admin/programmes"');

    const page = await bed.staff.get(`/admin/programmes/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="labellisation-des-accelerateurs"');
    expect(page.body).toContain(`name="owner_id" checked="" value="${owner.id}"`);
    const saved = await bed.staff.post(
      `/admin/programmes/${id}`,
      programmeForm({
        name_en: 'Labelling accelerators',
        slug: 'labellisation-des-accelerateurs',
        owner_id: owner.id,
      }),
    );
    expect(saved.statusCode).toBe(303);
    const english = await bed.staff.get('/en/admin/programmes');
    expect(english.body).toContain('Programmes and calls');
    expect(english.body).toContain('Labelling accelerators');
  });

  it('searches the directory for the owner without JavaScript, keeping what was typed', async () => {
    await buildOrganisation(bed.db, { name: 'Recherche Alpha' });
    await buildOrganisation(bed.db, { name: 'Recherche Beta' });
    await bed.staff.get('/admin/programmes/nouveau');
    const searched = await bed.staff.post(
      '/admin/programmes/nouveau',
      programmeForm({ slug: 'recherche', owner_q: 'Recherche', action: 'search-owner' }),
    );
    expect(searched.statusCode).toBe(200);
    expect(searched.body).toContain('Recherche Alpha');
    expect(searched.body).toContain('Recherche Beta');
    expect(await bed.count('programmes')).toBe(1);
    const ambiguous = await bed.staff.post(
      '/admin/programmes/nouveau',
      programmeForm({ slug: 'recherche', owner_q: 'Recherche' }),
    );
    expect(ambiguous.statusCode).toBe(422);
    expect(ambiguous.body).toContain('Plusieurs organisations correspondent : cochez la bonne.');
    expect(ambiguous.body).toContain('value="Labellisation des accélérateurs"');
  });

  it('refuses bad programmes: empty names, a slug taken, an owner unknown', async () => {
    const before = await bed.count('programmes');
    await bed.staff.get('/admin/programmes/nouveau');
    const empty = await bed.staff.post(
      '/admin/programmes/nouveau',
      programmeForm({ name_fr: '', name_en: '  ', description_fr: 'Gardé' }),
    );
    expect(empty.statusCode).toBe(422);
    expect(empty.body.match(/Ce champ est obligatoire\./g)?.length).toBeGreaterThanOrEqual(2);
    expect(empty.body).toContain('Gardé');
    await bed.programme({ slug: 'unique' });
    const taken = await bed.staff.post(
      '/admin/programmes/nouveau',
      programmeForm({ slug: 'unique' }),
    );
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('Cette adresse est déjà prise');
    const unknown = await bed.staff.post(
      '/admin/programmes/nouveau',
      programmeForm({ slug: 'autre', owner_q: '999999999' }),
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('Aucune organisation de l’annuaire ne correspond');
    expect(await bed.count('programmes')).toBe(before + 1);
  });
});

describe.each(engines())('programmes’ set-up pages: calls, on %s', (engine) => {
  const bed = adminTestbed(engine);

  it('creates a call from Paris times across the change of time, and reads them back the same', async () => {
    const programmeId = await bed.programme({ slug: 'printemps' });
    const id = await bed.call(programmeId, {
      rule_kind: '1',
      kind_startup: '1',
      kind_sme: '1',
      rule_created_after: '1',
      created_after_year: '2015',
      rule_headcount_below: '1',
      headcount_max: '250',
    });
    const call = await bed.db
      .selectFrom('programme_calls')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // 28 March is winter time (UTC+1), 30 March summer time (UTC+2)
    expect(new Date(call.opens_at).toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(new Date(call.closes_at).toISOString()).toBe('2026-03-30T16:00:00.000Z');
    expect(new Date(call.grace_until).toISOString()).toBe('2026-03-30T18:00:00.000Z');
    expect(call.slug).toBe('appel-de-printemps');
    expect(call.eligibility).toEqual([
      { rule: 'active' },
      { rule: 'in_territory' },
      { rule: 'kind', kinds: ['startup', 'sme'] },
      { rule: 'created_after', year: 2015 },
      { rule: 'headcount_below', max: 250 },
    ]);
    expect(call.current_form_version).toBe(1);

    const page = await bed.staff.get(`/admin/programmes/appels/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="2026-03-28T09:00"');
    expect(page.body).toContain('value="2026-03-30T18:00"');
    expect(page.body).toContain('value="2026-03-30T20:00"');
    expect(page.body).toContain('name="kind_sme" checked="" value="1"');
    expect(page.body).not.toContain('name="kind_cluster" checked=""');

    // the October change: 02:30 on the 25th is lived twice, and read in winter time
    const moved = await bed.staff.post(
      `/admin/programmes/appels/${id}`,
      callForm({
        slug: 'appel-de-printemps',
        opens_at: '2026-10-20T10:00',
        closes_at: '2026-10-25T02:30',
        grace_until: '2026-10-26T12:00',
      }),
    );
    expect(moved.statusCode).toBe(303);
    const after = await bed.db
      .selectFrom('programme_calls')
      .select(['closes_at', 'grace_until', 'opens_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(new Date(after.opens_at).toISOString()).toBe('2026-10-20T08:00:00.000Z');
    expect(new Date(after.closes_at).toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(new Date(after.grace_until).toISOString()).toBe('2026-10-26T11:00:00.000Z');

    const list = await bed.staff.get('/admin/programmes');
    expect(list.body).toContain('Appel de printemps');
    expect(list.body).toContain('Clos');
  });

  it('refuses bad calls with a message next to each field, and writes nothing', async () => {
    const programmeId = await bed.programme({ slug: 'refus' });
    const before = await bed.count('programme_calls');
    await bed.staff.get(`/admin/programmes/${programmeId}/appels/nouveau`);
    const bad = await bed.staff.post(
      `/admin/programmes/${programmeId}/appels/nouveau`,
      callForm({
        title_fr: '',
        reference_code: 'a-b',
        opens_at: '2026-04-10T10:00',
        closes_at: '2026-04-01T10:00',
        rule_kind: '1',
        description_fr: 'Tout ce que j’ai écrit',
      }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Ce champ est obligatoire.');
    expect(bad.body).toContain('Saisissez de 2 à 8 lettres majuscules ou chiffres');
    expect(bad.body).toContain('La clôture doit venir après l’ouverture.');
    expect(bad.body).toContain('Cochez au moins un type d’organisation.');
    expect(bad.body).toContain('Tout ce que j’ai écrit');
    expect(bad.body).toContain('aria-describedby="field-closes_at-hint field-closes_at-error"');
    const skipped = await bed.staff.post(
      `/admin/programmes/${programmeId}/appels/nouveau`,
      callForm({ opens_at: '2026-03-29T02:30' }),
    );
    expect(skipped.statusCode).toBe(422);
    expect(skipped.body).toContain('Cette heure n’existe pas à Paris');
    const english = await bed.staff.post(
      `/en/admin/programmes/${programmeId}/appels/nouveau`,
      callForm({ closes_at: 'tomorrow', grace_until: '2026-03-30T10:00' }),
    );
    expect(english.statusCode).toBe(422);
    expect(english.body).toContain('Enter a date and a time');
    const existing = await bed.call(programmeId, { slug: 'pris', reference_code: 'PRIS' });
    const taken = await bed.staff.post(
      `/admin/programmes/${programmeId}/appels/nouveau`,
      callForm({ slug: 'pris' }),
    );
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('Cette adresse est déjà prise : choisissez-en une autre.');
    expect(await bed.count('programme_calls')).toBe(before + 1);
    const graceFirst = await bed.staff.post(
      `/admin/programmes/appels/${existing}`,
      callForm({ slug: 'pris', reference_code: 'PRIS', grace_until: '2026-03-30T17:00' }),
    );
    expect(graceFirst.statusCode).toBe(422);
    expect(graceFirst.body).toContain('La fin du délai de grâce ne peut précéder la clôture.');
  });
});

describe.each(engines())('programmes’ set-up pages: rules and access, on %s', (engine) => {
  const bed = adminTestbed(engine);

  it('moves the dates of a call with applications, but not its reference code once acknowledged', async () => {
    const programmeId = await bed.programme({ slug: 'verrou' });
    const id = await bed.call(programmeId, { slug: 'verrou', reference_code: 'VER' });
    // an acknowledgement was issued (a submission moves this counter)
    await bed.db
      .updateTable('programme_calls')
      .set({ acknowledgements_issued: 1 })
      .where('id', '=', id)
      .execute();
    const page = await bed.staff.get(`/admin/programmes/appels/${id}`);
    expect(page.body).toContain('porte(nt) déjà ce code');
    const code = await bed.staff.post(
      `/admin/programmes/appels/${id}`,
      callForm({ slug: 'verrou', reference_code: 'NEW' }),
    );
    expect(code.statusCode).toBe(409);
    expect(code.body).toContain('Des accusés de réception portent déjà ce code');
    const dates = await bed.staff.post(
      `/admin/programmes/appels/${id}`,
      callForm({ slug: 'verrou', reference_code: 'VER', closes_at: '2026-04-15T18:00' }),
    );
    expect(dates.statusCode).toBe(303);
    const row = await bed.db
      .selectFrom('programme_calls')
      .select(['reference_code', 'closes_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.reference_code).toBe('VER');
    expect(new Date(row.closes_at).toISOString()).toBe('2026-04-15T16:00:00.000Z');
  });

  it('maps the database’s refusal of dates out of order to the input at fault', async () => {
    const staff = await person(bed.db, { role: 'staff' });
    const service = programmesService(bed.db);
    const programmeId = await bed.programme({ slug: 'service' });
    const id = await bed.call(programmeId, { slug: 'service', reference_code: 'SRV' });
    const edit = {
      slug: 'service',
      referenceCode: 'SRV',
      titleFr: 'Appel',
      titleEn: 'Call',
      opensAt: new Date('2026-05-01T10:00:00Z'),
      closesAt: new Date('2026-04-01T10:00:00Z'),
      graceUntil: new Date('2026-05-02T10:00:00Z'),
      eligibility: [],
    };
    const order = await service.updateCall(staff, id, edit).catch((e: unknown) => e);
    expect(programmesError.is(order, 'CALL_INVALID') && order.fields).toEqual({
      closes_at: 'closes_before_opens',
    });
    const grace = await service
      .updateCall(staff, id, {
        ...edit,
        closesAt: new Date('2026-05-10T10:00:00Z'),
        graceUntil: new Date('2026-05-09T10:00:00Z'),
      })
      .catch((e: unknown) => e);
    expect(programmesError.is(grace, 'CALL_INVALID') && grace.fields).toEqual({
      grace: 'grace_before_closes',
    });
    const member = await person(bed.db);
    await expect(service.updateCall(member, id, edit)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers a member 403 and a visitor 401 on every set-up route', async () => {
    const programmeId = await bed.programme({ slug: 'acces' });
    const callId = await bed.call(programmeId, { slug: 'acces', reference_code: 'ACS' });
    const routes: [string, string][] = [
      ['GET', '/admin/programmes'],
      ['GET', '/admin/programmes/nouveau'],
      ['POST', '/admin/programmes/nouveau'],
      ['GET', `/admin/programmes/${programmeId}`],
      ['POST', `/admin/programmes/${programmeId}`],
      ['GET', `/admin/programmes/${programmeId}/appels/nouveau`],
      ['POST', `/admin/programmes/${programmeId}/appels/nouveau`],
      ['GET', `/admin/programmes/appels/${callId}`],
      ['POST', `/admin/programmes/appels/${callId}`],
      ['GET', `/admin/programmes/appels/${callId}/formulaire`],
      ['POST', `/admin/programmes/appels/${callId}/formulaire`],
    ];
    const before = await bed.count('programmes');
    for (const [method, url] of routes) {
      for (const [client, status] of [
        [bed.member, 403],
        [bed.visitor, 401],
      ] as const) {
        await client.get('/mot-de-passe-oublie');
        const res =
          method === 'GET'
            ? await client.get(url)
            : await client.post(url, { ...programmeForm({ slug: 'intrus' }), ...callForm() });
        expect(res.statusCode, `${method} ${url}`).toBe(status);
      }
    }
    expect(await bed.count('programmes')).toBe(before);
    expect((await bed.staff.get('/admin/programmes/123456789')).statusCode).toBe(404);
    expect((await bed.staff.get('/admin/programmes/appels/abc')).statusCode).toBe(404);
  });
});
