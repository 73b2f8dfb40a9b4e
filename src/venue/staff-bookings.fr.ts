/** The strings of the staff's bookings page (French, the reference). */
export const staffBookingsFr = {
  title: 'Réservations',
  intro:
    'Toutes les réservations d’une période : confirmer une demande, déplacer, annuler, ou réserver pour un membre.',
  link: 'Toutes les réservations',
  filters: 'Filtrer',
  space: 'Espace',
  allSpaces: 'Tous les espaces',
  from: 'Du (AAAA-MM-JJ)',
  to: 'Au, compris (AAAA-MM-JJ)',
  status: 'État',
  allStatuses: 'Tous',
  show: 'Afficher',
  caption: (n: number) => `${n} réservation${n > 1 ? 's' : ''}`,
  limited: (n: number) => `Seules les ${n} premières sont montrées : resserrez la période.`,
  none: 'Aucune réservation ne correspond.',
  booker: 'Réservé par',
  organisation: 'Organisation',
  when: 'Quand (heure de Paris)',
  actions: 'Actions',
  override: (by: string, reason: string) => `dépassement accordé par ${by} : ${reason}`,
  someone: 'l’équipe',
  confirm: 'Confirmer',
  cancel: 'Annuler',
  move: 'Déplacer',
  moveLegend: (space: string, when: string) => `Déplacer : ${space}, ${when}`,
  bookForTitle: 'Réserver pour un membre',
  bookForIntro:
    'La réservation tire sur le droit mensuel de l’organisation du membre. Si ce droit est épuisé, donnez un motif : le dépassement est enregistré à votre nom.',
  chooseSpace: 'Choisissez un espace dans le filtre pour réserver pour un membre.',
  memberEmail: 'Adresse e-mail du membre',
  organisationField: 'Organisation (identifiant court), si le membre en a plusieurs',
  overrideReason: 'Motif du dépassement (si le droit mensuel est épuisé)',
  bookFor: 'Réserver pour ce membre',
  done: {
    confirmed: 'Demande confirmée.',
    cancelled: 'Réservation annulée.',
    moved: 'Réservation déplacée.',
    bookedFor: 'Réservation enregistrée pour le membre.',
  },
};

export type StaffBookingsText = typeof staffBookingsFr;
