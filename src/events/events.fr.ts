/** The texts of events and exhibitions (French, the reference). */
export const eventsFr = {
  events: {
    nav: 'Agenda',
    agendaTitle: 'Agenda',
    agendaIntro: 'Les événements au Totem : rencontres, conférences, portes ouvertes.',
    upcoming: 'À venir',
    past: 'Événements passés',
    pastLink: 'Voir les événements passés',
    upcomingLink: 'Voir les événements à venir',
    none: 'Aucun événement ne correspond.',
    filters: 'Filtrer',
    field: 'Filière',
    organiser: 'Organisateur',
    month: 'Mois',
    any: 'Tous',
    apply: 'Filtrer',
    feeds: 'Suivre l’agenda',
    icsFeed: 'Calendrier (iCal)',
    rssFeed: 'Flux RSS',
    atomFeed: 'Flux Atom',
    demo: 'Démo',
    free: 'Gratuit',
    price: 'Tarif',
    when: 'Quand',
    where: 'Où',
    places: (remaining: number, capacity: number) =>
      remaining === 0
        ? `Complet (${capacity} places)`
        : `${remaining} places libres sur ${capacity}`,
    monthOnly: (month: string) => `${month} (date précise non connue)`,
    organisedBy: 'Organisé par',
    tags: 'Mots-clés',
    fields: 'Filières',
    accessibility: 'Accessibilité',
    map: 'Voir le bâtiment sur une carte',
    addToCalendar: 'Ajouter à mon agenda (.ics)',
    cancelled: 'Cet événement est annulé.',
    register: {
      title: 'S’inscrire',
      name: 'Nom',
      email: 'Adresse e-mail',
      emailHint: 'Nous y envoyons la confirmation et le lien pour annuler.',
      submit: 'M’inscrire',
      member: (name: string) => `Vous êtes connecté·e en tant que ${name}.`,
      memberSubmit: 'M’inscrire en un clic',
      full: 'L’événement est complet. Vous pouvez rejoindre la liste d’attente : la première personne en attente reçoit la place libérée, par e-mail.',
      waitlistSubmit: 'Rejoindre la liste d’attente',
      closed: 'Les inscriptions ne sont pas ouvertes.',
      opens: (when: string) => `Ouverture des inscriptions : ${when}.`,
      done: 'Inscription enregistrée : un e-mail de confirmation vous a été envoyé, avec le lien pour annuler.',
      waiting: 'Vous êtes sur la liste d’attente : nous vous écrirons si une place se libère.',
      already: 'Cette adresse est déjà inscrite.',
      tooMany:
        'Trop d’inscriptions depuis votre adresse en peu de temps. Réessayez dans un moment.',
    },
    cancel: {
      title: 'Annuler mon inscription',
      confirm: (title: string) => `Annuler votre inscription à « ${title} » ?`,
      submit: 'Annuler mon inscription',
      done: 'Votre inscription est annulée.',
    },
    mail: {
      approvedSubject: (title: string) => `Événement accepté : ${title}`,
      approvedBody: (p: { name: string; title: string; link: string }) =>
        `Bonjour ${p.name},\n\nL’équipe a accepté votre proposition « ${p.title} » : l’espace est réservé et l’événement est publié.\nL’événement : ${p.link}\n`,
      declinedSubject: (title: string) => `Proposition d’événement non retenue : ${title}`,
      declinedBody: (p: { name: string; title: string }) =>
        `Bonjour ${p.name},\n\nL’équipe n’a pas retenu votre proposition « ${p.title} ». Vous pouvez lui écrire par le formulaire de contact pour en parler.\n`,
      proposedSubject: (title: string) => `Proposition d’événement : ${title}`,
      proposedBody: (p: { title: string; by: string; link: string }) =>
        `Bonjour,\n\n${p.by} propose un événement au Totem : « ${p.title} ». Il ne réserve rien tant que l’équipe ne l’a pas accepté.\nÀ examiner : ${p.link}\n`,
      confirmedSubject: (title: string) => `Inscription confirmée : ${title}`,
      confirmedBody: (p: {
        name: string;
        title: string;
        when: string;
        link: string;
        cancel: string;
      }) =>
        `Bonjour ${p.name},\n\nVotre inscription à « ${p.title} » est confirmée.\nQuand : ${p.when} (heure de Paris)\nL’événement : ${p.link}\n\nSi vous ne pouvez pas venir, annulez ici pour libérer votre place : ${p.cancel}\n`,
      waitingSubject: (title: string) => `Liste d’attente : ${title}`,
      waitingBody: (p: {
        name: string;
        title: string;
        when: string;
        link: string;
        cancel: string;
      }) =>
        `Bonjour ${p.name},\n\n« ${p.title} » est complet : vous êtes sur la liste d’attente. Si une place se libère, elle vous sera donnée dans l’ordre d’arrivée et nous vous l’écrirons.\nQuand : ${p.when} (heure de Paris)\nL’événement : ${p.link}\n\nPour quitter la liste d’attente : ${p.cancel}\n`,
      promotedSubject: (title: string) => `Une place s’est libérée : ${title}`,
      promotedBody: (p: { name: string; title: string; when: string; link: string }) =>
        `Bonjour ${p.name},\n\nUne place s’est libérée : vous êtes maintenant inscrit·e à « ${p.title} ».\nQuand : ${p.when} (heure de Paris)\nL’événement : ${p.link}\n\nSi vous ne pouvez pas venir, le lien d’annulation est dans le premier e-mail reçu.\n`,
      reminderSubject: (title: string) => `Demain : ${title}`,
      reminderBody: (p: { name: string; title: string; when: string; link: string }) =>
        `Bonjour ${p.name},\n\nRappel : « ${p.title} » a lieu ${p.when} (heure de Paris).\nL’événement : ${p.link}\n\nSi vous ne pouvez pas venir, le lien d’annulation est dans l’e-mail de confirmation.\n`,
      cancelledSubject: (title: string) => `Événement annulé : ${title}`,
      cancelledBody: (p: { name: string; title: string }) =>
        `Bonjour ${p.name},\n\nNous sommes désolés : « ${p.title} » est annulé.\n`,
    },
    messages: {
      required: 'Ce champ est à remplir.',
      too_long: 'Ce texte est trop long.',
      slug_format: 'Lettres minuscules, chiffres et tirets seulement.',
      slug_taken: 'Cette adresse est déjà prise.',
      whole_number: 'Un nombre entier entre 0 et 1000.',
      not_a_date: 'Une date (AAAA-MM-JJ).',
      not_a_time: 'Une heure (HH:MM).',
      end_before_start: 'La fin doit venir après le début.',
      not_an_email: 'Une adresse e-mail valide, comme nom@exemple.fr.',
      org_unknown: 'Organisation inconnue de l’annuaire.',
      org_ambiguous: 'Plusieurs organisations correspondent : précisez (adresse ou SIREN).',
      space_unknown: 'Espace inconnu.',
      capacity_too_large: 'La jauge dépasse la capacité de l’espace.',
      space_taken: 'L’espace est déjà réservé sur ce créneau.',
      booking_refused: 'La réservation de l’espace est refusée.',
      nonexistent_time: 'Cette heure n’existe pas (changement d’heure).',
    },
    admin: {
      title: 'Événements',
      cardIntro: 'Créer et suivre les événements, les inscriptions, l’accueil à la porte.',
      newEvent: 'Nouvel événement',
      requestEvent: 'Proposer un événement',
      requestIntro: 'L’équipe examine votre proposition ; l’espace n’est réservé qu’à son accord.',
      edit: 'Modifier',
      save: 'Enregistrer',
      requests: 'Propositions à examiner',
      approve: 'Accepter',
      decline: 'Refuser',
      cancelEvent: 'Annuler l’événement',
      cancelConfirm: 'Annuler cet événement ? Les personnes inscrites seront prévenues par e-mail.',
      image: 'Image',
      imageFile:
        'Fichier (JPEG, PNG ou WebP, 5 Mo au plus ; sa description est celle du formulaire ci-dessus)',
      imageSubmit: 'Envoyer l’image',
      registrations: 'Inscriptions',
      csv: 'Exporter en CSV',
      checkin: 'Accueil',
      search: 'Rechercher une personne',
      searchSubmit: 'Chercher',
      checkIn: (name: string) => `Marquer l’arrivée : ${name}`,
      undo: (name: string) => `Annuler l’arrivée : ${name}`,
      arrived: 'Arrivé·e',
      waitingList: 'Liste d’attente',
      status: {
        requested: 'Proposé',
        published: 'Publié',
        cancelled: 'Annulé',
        declined: 'Refusé',
        registered: 'Inscrit·e',
        waiting: 'En attente',
      },
      form: {
        title_fr: 'Titre (français)',
        title_en: 'Titre (anglais)',
        slug: 'Adresse (laisser vide pour la tirer du titre)',
        description_fr: 'Description (français, Markdown)',
        description_en: 'Description (anglais, Markdown)',
        space: 'Espace',
        day: 'Jour (AAAA-MM-JJ)',
        start: 'Début (HH:MM, heure de Paris)',
        end: 'Fin (HH:MM, heure de Paris)',
        capacity: 'Jauge (0 : sans inscription)',
        registration_opens: 'Ouverture des inscriptions (AAAA-MM-JJTHH:MM, vide : dès maintenant)',
        registration_closes: 'Clôture des inscriptions (vide : au début)',
        price_fr: 'Tarif (français ; vide : gratuit)',
        price_en: 'Tarif (anglais)',
        tags: 'Mots-clés (séparés par des virgules)',
        fields: 'Filières',
        organisers: 'Organisateurs (un par ligne : nom, adresse ou SIREN dans l’annuaire)',
        image_alt_fr: 'Description de l’image (français)',
        image_alt_en: 'Description de l’image (anglais)',
        accessibility_fr: 'Accessibilité (français)',
        accessibility_en: 'Accessibilité (anglais)',
      },
      saved: 'Événement enregistré.',
      requested: 'Proposition envoyée à l’équipe.',
      approved: 'Événement accepté et publié.',
      declined: 'Proposition refusée.',
      cancelledDone: 'Événement annulé.',
      checkedIn: 'Arrivée enregistrée.',
    },
    exhibitions: {
      title: 'Expositions',
      intro:
        'Les organisations de l’écosystème exposent leurs produits dans les showrooms du Totem.',
      current: 'En ce moment',
      coming: 'À venir',
      none: 'Aucune exposition en cours ni prévue.',
      dates: (from: string, to: string) => `du ${from} au ${to}`,
      adminTitle: 'Expositions (showrooms)',
      schedule: 'Programmer une exposition',
      organisation: 'Organisation (nom, adresse ou SIREN dans l’annuaire)',
      space: 'Showroom',
      from: 'Premier jour (AAAA-MM-JJ)',
      to: 'Dernier jour (AAAA-MM-JJ)',
      title_fr: 'Ce qui est exposé (français)',
      title_en: 'Ce qui est exposé (anglais)',
      description_fr: 'Description (français)',
      description_en: 'Description (anglais)',
      saved: 'Exposition programmée.',
      cancel: 'Annuler',
      cancelled: 'Exposition annulée.',
      ofOrganisation: 'Expositions et événements',
    },
    home: {
      title: 'Prochains événements',
      all: 'Tout l’agenda',
    },
    feedTitle: (hub: string) => `Agenda — ${hub}`,
  },
};

export type EventsText = typeof eventsFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections {
    events: EventsText['events'];
  }
}
