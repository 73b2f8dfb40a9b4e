import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { isoWeek } from './spaces.calendar.ts';
import { nextTuesday, venueTestbed } from './spaces.testing.ts';

describe.each(engines())('the venue’s public pages, on %s', (engine) => {
  const bed = venueTestbed(engine);

  it('shows the building, its spaces and the demo split, in both languages', async () => {
    const page = await bed.visitor.get('/lieu');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Le Totem');
    expect(page.body).toContain('650 m²');
    expect(page.body).toContain('janvier 2015');
    expect(page.body).toContain('Bâtiment Pasteur « Orange », Grenoble Chavant');
    expect(page.body).toContain('Répartition de démonstration');
    expect(page.body).toContain('href="/lieu/espaces/salle-belledonne"');
    expect(page.body).toContain('24 postes');
    const english = await bed.visitor.get('/en/venue');
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('Belledonne room');
    expect(english.body).toContain('href="/en/venue/spaces/salle-belledonne"');
    expect(english.body).toContain('Demo split');
  });

  it('draws a week’s grid as a table with headers and states in words, and a day’s', async () => {
    const day = nextTuesday();
    const week = await bed.visitor.get(`/lieu/espaces/salle-belledonne?semaine=${isoWeek(day)}`);
    expect(week.statusCode).toBe(200);
    expect(week.body).toContain('<caption>Disponibilités de Salle Belledonne, semaine du');
    expect(week.body).toContain('<th scope="row">10:00–10:30</th>');
    expect(week.body).toMatch(/<th scope="col"><a href="\/lieu\/espaces\/salle-belledonne\?jour=/);
    expect(week.body).toContain('>fermé<');
    expect(week.body).toContain('>libre<');
    // a visitor sees the states but no booking link
    expect(week.body).not.toContain('/lieu/reservations/nouvelle');
    expect(week.body).toContain('Connectez-vous pour réserver');
    expect(week.body).toContain('rel="prev"');
    const member = await bed.member.get(`/lieu/espaces/salle-belledonne?jour=${day}`);
    expect(member.statusCode).toBe(200);
    expect(member.body).toContain(
      `href="/lieu/reservations/nouvelle?espace=salle-belledonne&amp;date=${day}&amp;debut=10%3A00&amp;fin=10%3A30"`,
    );
    // and, whatever the week shows, a way to the form for a date of their choice
    const anyDate = 'href="/lieu/reservations/nouvelle?espace=salle-belledonne"';
    expect(member.body).toContain(`${anyDate}>Réserver à la date de votre choix</a>`);
    const chosen = await bed.member.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    expect(chosen.statusCode).toBe(200);
    expect(chosen.body).toContain('name="date"');
    const coworking = await bed.member.get(`/lieu/espaces/coworking?jour=${day}`);
    expect(coworking.body).toContain('24 libres');
    // a bad address reads as this week; an unknown space is a 404
    expect(
      (await bed.visitor.get('/lieu/espaces/coworking?semaine=2027-W99&jour=x')).statusCode,
    ).toBe(200);
    expect((await bed.visitor.get('/lieu/espaces/nulle-part')).statusCode).toBe(404);
    expect((await bed.visitor.get('/lieu/espaces/%27%3B')).statusCode).toBe(404);
  });
});

describe.each(engines())('the venue’s booking pages, on %s', (engine) => {
  const bed = venueTestbed(engine);

  it('books the meeting room, lists it, refuses the same slot to another, and cancels it', async () => {
    const day = nextTuesday();
    const form = await bed.member.get(
      `/lieu/reservations/nouvelle?espace=salle-belledonne&date=${day}&debut=10:00&fin=10:30`,
    );
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${day}"`);
    expect(form.body).toContain('Vos droits ce mois-ci');
    const booked = await bed.member.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '10:00',
      fin: '11:00',
      objet: 'Point d’équipe',
    });
    expect(booked.statusCode, booked.body.slice(0, 2000)).toBe(303);
    const mine = await bed.member.follow(booked);
    expect(mine.body).toContain('Réservation enregistrée.');
    expect(mine.body).toContain('10:00–11:00');
    expect(mine.body).toContain('confirmée');

    await bed.other.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    const clash = await bed.other.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '10:30',
      fin: '11:30',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain('10:00');
    expect(clash.body).toContain('11:00');
    expect(clash.body).toContain('value="10:30"');
    expect(clash.body).toContain('Rejoindre la liste d’attente');

    const id = /\/lieu\/reservations\/([0-9a-f-]{36})\/annuler/.exec(mine.body)?.[1] ?? '';
    const confirm = await bed.member.get(`/lieu/reservations/${id}/annuler`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Oui, annuler la réservation');
    // another member cannot reach it
    expect((await bed.other.get(`/lieu/reservations/${id}/annuler`)).statusCode).toBe(404);
    const cancelled = await bed.member.post(`/lieu/reservations/${id}/annuler`, {});
    expect(cancelled.statusCode).toBe(303);
    const after = await bed.member.follow(cancelled);
    expect(after.body).toContain('Réservation annulée.');
    const again = await bed.other.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '10:30',
      fin: '11:30',
    });
    expect(again.statusCode).toBe(303);
  });

  it('answers bad input on the booking form with messages, never a 500', async () => {
    await bed.member.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    const post = (form: Record<string, string>) =>
      bed.member.post('/lieu/reservations/nouvelle?espace=salle-belledonne', form);
    const empty = await post({ date: '', debut: '', fin: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body.match(/Ce champ est obligatoire\./g)?.length).toBeGreaterThanOrEqual(3);
    const badDay = await post({ date: '2027-02-30', debut: '25:00', fin: 'midi' });
    expect(badDay.statusCode).toBe(422);
    expect(badDay.body).toContain('Une date au format AAAA-MM-JJ.');
    expect(badDay.body).toContain('Une heure au format 10:00.');
    expect(badDay.body).toContain('value="midi"');
    const skipped = await post({ date: '2027-03-28', debut: '02:30', fin: '03:30' });
    expect(skipped.statusCode).toBe(422);
    expect(skipped.body).toContain('n’existe pas à Paris');
    const sunday = await post({ date: '2027-01-10', debut: '10:00', fin: '11:00' });
    expect(sunday.statusCode).toBe(422);
    expect(sunday.body).toContain('La réservation est refusée');
    const days = await bed.member.post('/lieu/reservations/nouvelle?espace=coworking', {
      du: nextTuesday(),
      au: '2020-01-01',
    });
    expect([422, 409]).toContain(days.statusCode);
    expect((await bed.member.get('/lieu/reservations/nouvelle?espace=inconnu')).statusCode).toBe(
      404,
    );
    expect((await bed.member.get('/lieu/reservations/pas-un-id/annuler')).statusCode).toBe(404);
    expect((await bed.visitor.get('/lieu/reservations')).statusCode).toBe(401);
  });

  it('books a coworking day and shows the allowance left', async () => {
    const day = nextTuesday();
    await bed.member.get('/lieu/reservations/nouvelle?espace=coworking');
    const res = await bed.member.post('/lieu/reservations/nouvelle?espace=coworking', {
      du: day,
      au: day,
    });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const mine = await bed.member.follow(res);
    expect(mine.body).toContain('Coworking');
    expect(mine.body).toMatch(/Atelier Chavant : \d+ restants? sur 10 \(jours de coworking\)/);
    const grid = await bed.member.get(`/lieu/espaces/coworking?jour=${day}`);
    expect(grid.body).toContain('23 libres');
  });

  it('previews a weekly series occurrence by occurrence, then books the free ones', async () => {
    const day = nextTuesday();
    const page = await bed.member.get('/lieu/reservations/repetee?espace=salle-belledonne');
    expect(page.statusCode).toBe(200);
    const form = {
      frequence: 'weekly',
      jour: ['2'],
      date: day,
      debut: '14:00',
      fin: '15:00',
      nombre: '3',
    };
    const preview = await bed.member.post('/lieu/reservations/repetee?espace=salle-belledonne', {
      ...form,
      mode: 'preview',
    });
    expect(preview.statusCode, preview.body.slice(0, 1500)).toBe(200);
    expect(preview.body).toContain('Résultat par occurrence');
    expect(preview.body).toContain('Réserver les occurrences libres');
    const booked = await bed.member.post('/lieu/reservations/repetee?espace=salle-belledonne', {
      ...form,
      mode: 'free_only',
    });
    expect(booked.statusCode).toBe(303);
    const mine = await bed.member.follow(booked);
    expect(mine.body.match(/14:00–15:00/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('gives a private calendar link once, and revokes it', async () => {
    await bed.member.get('/lieu/reservations');
    const created = await bed.member.post('/lieu/reservations/agenda', {});
    expect(created.statusCode).toBe(200);
    expect(created.body).toMatch(/https?:\/\/\S+/);
    expect(created.body).toContain('Révoquer le lien');
    const revoked = await bed.member.post('/lieu/reservations/agenda/revoquer', {});
    expect(revoked.statusCode).toBe(303);
  });
});
