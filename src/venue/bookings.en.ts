import type { bookingsFr } from './bookings.fr.ts';

/** The booking engine's texts in English. */
export const bookingsEn: typeof bookingsFr = {
  bookings: {
    waitlistOfferSubject: (space: string) => `A place is free: ${space}`,
    waitlistOfferBody: (p) =>
      `Hello ${p.name},\n\nThe time you were waiting for is free: ${p.space}, ${p.when} (Paris time).\nIt is offered to you first until ${p.until} (Paris time). After that, it goes to the next person waiting.\nNobody else can book it until then: it is kept for you.\n\nTo accept it: ${p.link}\n`,
    reminderSubject: (space: string) => `Tomorrow: ${space}`,
    reminderBody: (p) =>
      `Hello ${p.name},\n\nA reminder: you booked ${p.space} tomorrow, ${p.day}, from ${p.from} to ${p.to} (Paris time).\n\nYour bookings: ${p.link}\n\nIf you no longer need it, cancel it to free the place: ${p.cancel}\n`,
    feedName: 'My bookings at the Totem',
    occupancyName: (space: string) => `Occupancy: ${space}`,
    busy: 'Busy',
    full: 'Full',
    occupied: (n: number, capacity: number) => `Occupied: ${n}/${capacity}`,
    requested: 'Request awaiting confirmation',
  },
};
