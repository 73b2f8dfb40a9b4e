/** The booking engine's texts (French, the reference): its mails and its calendars. */
export const bookingsFr = {
  bookings: {
    waitlistOfferSubject: (space: string) => `Une place s’est libérée : ${space}`,
    waitlistOfferBody: (p: {
      name: string;
      space: string;
      when: string;
      until: string;
      link: string;
    }) =>
      `Bonjour ${p.name},\n\nLe créneau que vous attendiez s’est libéré : ${p.space}, ${p.when} (heure de Paris).\nIl vous est proposé en premier jusqu’au ${p.until} (heure de Paris). Passé ce délai, il sera proposé à la personne suivante.\nPersonne d’autre ne peut le réserver d’ici là : il vous est gardé.\n\nPour l’accepter : ${p.link}\n`,
    reminderSubject: (space: string) => `Demain : ${space}`,
    reminderBody: (p: {
      name: string;
      space: string;
      day: string;
      from: string;
      to: string;
      link: string;
      cancel: string;
    }) =>
      `Bonjour ${p.name},\n\nPour rappel, vous avez réservé ${p.space} demain, ${p.day}, de ${p.from} à ${p.to} (heure de Paris).\n\nVos réservations : ${p.link}\n\nSi vous n’en avez plus besoin, annulez-la pour libérer la place : ${p.cancel}\n`,
    feedName: 'Mes réservations au Totem',
    occupancyName: (space: string) => `Occupation : ${space}`,
    busy: 'Occupé',
    full: 'Complet',
    occupied: (n: number, capacity: number) => `Occupé : ${n}/${capacity}`,
    requested: 'Demande en attente de confirmation',
  },
};

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections {
    bookings: (typeof bookingsFr)['bookings'];
  }
}
