import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { plusDays } from './spaces.calendar.ts';
import { nextTuesday, venueTestbed } from './spaces.testing.ts';

const LIST = '/admin/lieu/reservations';
const idsIn = (body: string, verb: string) =>
  [...body.matchAll(new RegExp(`/admin/lieu/reservations/([0-9a-f-]{36})/${verb}`, 'g'))].map(
    (m) => m[1] as string,
  );

describe.each(engines())('the staff’s bookings page, on %s', (engine) => {
  const bed = venueTestbed(engine);

  it('is for staff only, in both languages, and linked from the settings', async () => {
    expect((await bed.member.get(LIST)).statusCode).toBe(403);
    expect((await bed.member.post(`${LIST}/nouvelle?espace=coworking`, {})).statusCode).toBe(403);
    const settings = await bed.staff.get('/admin/lieu');
    expect(settings.body).toContain(`href="${LIST}"`);
    const page = await bed.staff.get(LIST);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Réservations</h1>');
    const english = await bed.staff.get('/en/admin/venue/bookings');
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('<h1>Bookings</h1>');
    // a filter that cannot be read falls back to its defaults, never a 500
    const odd = await bed.staff.get(`${LIST}?de=2027-02-30&a=x&statut=nope&espace=%27%3B`);
    expect(odd.statusCode).toBe(200);
  });

  it('confirms a public request, found by its status', async () => {
    const day = nextTuesday();
    await bed.outsider.get('/lieu/reservations/nouvelle?espace=salle-evenements');
    const asked = await bed.outsider.post('/lieu/reservations/nouvelle?espace=salle-evenements', {
      date: day,
      debut: '14:00',
      fin: '16:00',
      objet: 'Atelier ouvert',
    });
    expect(asked.statusCode, asked.body.slice(0, 1500)).toBe(303);
    const list = await bed.staff.get(
      `${LIST}?espace=salle-evenements&de=${day}&a=${day}&statut=requested`,
    );
    expect(list.body).toContain('Atelier ouvert');
    expect(list.body).toContain('demandée');
    const [id] = idsIn(list.body, 'confirmer');
    expect(id).toBeDefined();
    const done = await bed.staff.post(`${LIST}/${id}/confirmer`, {
      retour: `espace=salle-evenements&de=${day}&a=${day}`,
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${LIST}?espace=salle-evenements&de=${day}&a=${day}`);
    const after = await bed.staff.follow(done);
    expect(after.body).toContain('Demande confirmée.');
    expect(after.body).toContain('confirmée');
    expect(idsIn(after.body, 'confirmer')).toEqual([]);
  });

  it('moves a booking (a taken time refused on its form), and cancels it', async () => {
    const day = plusDays(nextTuesday(), 7);
    await bed.member.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    await bed.member.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '10:00',
      fin: '11:00',
    });
    await bed.other.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    await bed.other.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '11:00',
      fin: '12:00',
    });
    const filter = `espace=salle-belledonne&de=${day}&a=${day}`;
    const list = await bed.staff.get(`${LIST}?${filter}`);
    expect(list.body).toContain('Atelier Chavant');
    expect(list.body).toContain(bed.emails.member);
    const [first, second] = idsIn(list.body, 'deplacer');
    expect(second).toBeDefined();

    const clash = await bed.staff.post(`${LIST}/${first}/deplacer`, {
      retour: filter,
      date: day,
      debut: '11:00',
      fin: '12:00',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain('Déjà réservé');
    expect(clash.body).toContain('value="11:00"');
    const bad = await bed.staff.post(`${LIST}/${first}/deplacer`, {
      retour: filter,
      date: 'demain',
      debut: '14:00',
      fin: '',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Une date au format AAAA-MM-JJ.');
    const moved = await bed.staff.post(`${LIST}/${first}/deplacer`, {
      retour: filter,
      date: day,
      debut: '14:00',
      fin: '15:00',
    });
    expect(moved.statusCode, moved.body.slice(0, 1500)).toBe(303);
    const after = await bed.staff.follow(moved);
    expect(after.body).toContain('Réservation déplacée.');
    expect(after.body).toContain('14:00–15:00');

    const cancelled = await bed.staff.post(`${LIST}/${second}/annuler`, { retour: filter });
    expect(cancelled.statusCode).toBe(303);
    const last = await bed.staff.get(`${LIST}?${filter}&statut=cancelled`);
    expect(last.body).toContain('annulée');
    expect(last.body).toContain('11:00–12:00');
    // the member sees it cancelled; an unknown booking is a 404
    expect((await bed.other.get('/lieu/reservations')).body).toContain('annulée');
    const missing = await bed.staff.post(`${LIST}/00000000-0000-4000-8000-000000000000/annuler`, {
      retour: filter,
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe.each(engines())('staff booking for a member, on %s', (engine) => {
  const bed = venueTestbed(engine);

  it('books for a member past an exhausted allowance only with a reason, recorded', async () => {
    await bed.db.updateTable('venue_sites').set({ default_meeting_hours: 1 }).execute();
    const day = plusDays(nextTuesday(), 14);
    const filter = `espace=salle-belledonne&de=${day}&a=${day}`;
    const page = await bed.staff.get(`${LIST}?${filter}`);
    expect(page.body).toContain('Réserver pour un membre');
    const post = (form: Record<string, string>) =>
      bed.staff.post(`${LIST}/nouvelle?espace=salle-belledonne`, { retour: filter, ...form });
    const times = { date: day, debut: '09:00', fin: '11:00' };

    const unknown = await post({ membre: 'personne@example.org', ...times });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('Aucun compte membre d’une organisation');
    const refused = await post({ membre: bed.emails.member, ...times });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Il reste');
    expect(refused.body).toContain(`value="${bed.emails.member}"`);
    const granted = await post({
      membre: bed.emails.member,
      depassement: 'Jury du programme, accord de la direction',
      ...times,
    });
    expect(granted.statusCode, granted.body.slice(0, 1500)).toBe(303);
    const list = await bed.staff.follow(granted);
    expect(list.body).toContain('Réservation enregistrée pour le membre.');
    expect(list.body).toContain(
      'dépassement accordé par Camille Accueil : Jury du programme, accord de la direction',
    );

    const booking = await bed.db
      .selectFrom('venue_bookings as b')
      .innerJoin('users as u', 'u.id', 'b.user_id')
      .innerJoin('users as s', 's.id', 'b.allowance_override_by')
      .select(['b.id', 'u.email', 's.email as by'])
      .where('b.allowance_override_reason', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(booking.email).toBe(bed.emails.member);
    expect(booking.by).toBe(bed.emails.staff);
    const audit = await bed.db
      .selectFrom('audit_log as a')
      .innerJoin('users as u', 'u.id', 'a.actor_id')
      .select(['a.action', 'u.email'])
      .where('a.subject_type', '=', 'venue_booking')
      .where('a.subject_id', '=', booking.id)
      .execute();
    expect(audit).toEqual([{ action: 'allowance_overridden', email: bed.emails.staff }]);
    // the member sees the booking as theirs
    expect((await bed.member.get('/lieu/reservations')).body).toContain('09:00–11:00');
  });
});
