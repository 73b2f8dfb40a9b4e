import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { plusDays } from './spaces.calendar.ts';
import { nextTuesday, venueTestbed } from './spaces.testing.ts';

/** The waiting list from the pages: joined from the grid's full cell, offered, declined. */
describe.each(engines())('the waiting list’s pages, on %s', (engine) => {
  const bed = venueTestbed(engine);

  it('joins from a full cell, holds the offer, declines it, and lists cancellations apart', async () => {
    const day = plusDays(nextTuesday(), 21);
    await bed.member.get('/lieu/reservations/nouvelle?espace=salle-belledonne');
    const booked = await bed.member.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '10:00',
      fin: '11:00',
    });
    expect(booked.statusCode).toBe(303);

    const grid = await bed.other.get(`/lieu/espaces/salle-belledonne?jour=${day}`);
    const link = `/lieu/reservations/nouvelle?espace=salle-belledonne&amp;date=${day}&amp;debut=10%3A00&amp;fin=10%3A30&amp;attente=1`;
    expect(grid.body).toContain(`href="${link}"`);
    const form = await bed.other.get(link.replaceAll('&amp;', '&'));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Ce créneau est complet.');
    expect(form.body).toContain('Rejoindre la liste d’attente');
    const joined = await bed.other.post('/lieu/reservations/attente?espace=salle-belledonne', {
      date: day,
      debut: '10:00',
      fin: '10:30',
    });
    expect(joined.statusCode, joined.body.slice(0, 1500)).toBe(303);
    const waiting = await bed.other.follow(joined);
    expect(waiting.body).toContain('Salle Belledonne');
    expect(waiting.body).toContain('Quitter la liste d’attente');

    // the member cancels: the time is offered to the one waiting, and held for them
    const mine = await bed.member.get('/lieu/reservations');
    const id = /\/lieu\/reservations\/([0-9a-f-]{36})\/annuler/.exec(mine.body)?.[1] ?? '';
    expect((await bed.member.post(`/lieu/reservations/${id}/annuler`, {})).statusCode).toBe(303);
    const after = await bed.member.get('/lieu/reservations');
    const upcoming = after.body.slice(after.body.indexOf('id="upcoming-title"'));
    const cancelledAt = upcoming.indexOf('id="cancelled-title"');
    expect(cancelledAt).toBeGreaterThan(0);
    expect(upcoming.slice(0, cancelledAt)).not.toContain('annulée');
    expect(upcoming.slice(cancelledAt)).toContain('annulée');

    const offered = await bed.other.get('/lieu/reservations');
    expect(offered.body).toContain('Accepter le créneau proposé');
    expect(offered.body).toContain('gardé pour vous jusqu’au');
    const held = await bed.member.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '10:00',
      fin: '10:30',
    });
    expect(held.statusCode).toBe(409);

    const entry = /\/lieu\/reservations\/attente\/([0-9a-f-]{36})\/quitter/.exec(offered.body)?.[1];
    expect(offered.body).toContain('Décliner l’offre');
    const declined = await bed.other.post(`/lieu/reservations/attente/${entry}/quitter`, {});
    expect(declined.statusCode).toBe(303);
    expect((await bed.other.follow(declined)).body).toContain(
      'Vous avez quitté la liste d’attente.',
    );
    const free = await bed.member.post('/lieu/reservations/nouvelle?espace=salle-belledonne', {
      date: day,
      debut: '10:00',
      fin: '10:30',
    });
    expect(free.statusCode).toBe(303);
    // someone else's entry, or a malformed id, is not found
    expect(
      (await bed.member.post(`/lieu/reservations/attente/${entry}/quitter`, {})).statusCode,
    ).toBe(404);
    expect((await bed.member.post('/lieu/reservations/attente/x/quitter', {})).statusCode).toBe(
      404,
    );
  });
});
