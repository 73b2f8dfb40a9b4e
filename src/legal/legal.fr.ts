/** The texts of the legal and trust pages, in French (the reference). */

/** a line of the privacy page: what is kept, why, and for how long */
export type Kept = { what: string; why: string; howLong: string };

export const legalFr = {
  legal: {
    footer: {
      notice: 'Mentions légales',
      accessibility: 'Accessibilité : non conforme',
      privacy: 'Données personnelles et cookies',
      contact: 'Contact',
    },
    notice: {
      title: 'Mentions légales',
      publisher: 'Éditeur du site',
      director: 'Direction de la publication',
      host: 'Hébergement',
      notGiven:
        'Non renseigné à ce jour : l’équipe du hub le saisit dans les paramètres du back office.',
      software: 'Logiciel',
      softwareText:
        'Le site fonctionne avec Totem, une plateforme libre. Les données des entreprises viennent du répertoire SIRENE de l’Insee (licence ouverte Etalab 2.0) ; chaque fiche dit d’où viennent ses informations.',
      demo: 'Les données marquées « démo » sont synthétiques : elles ne décrivent aucune organisation réelle.',
      contactText: 'Pour toute question :',
    },
    accessibility: {
      title: 'Déclaration d’accessibilité',
      intro: (hub: string) =>
        `${hub} s’engage à rendre son site accessible, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s’applique au présent site.`,
      statusTitle: 'État de conformité',
      status:
        'Le site est non conforme au référentiel général d’amélioration de l’accessibilité (RGAA 4.1) : aucun audit de conformité n’a été réalisé à ce jour, le taux de conformité n’est donc pas connu.',
      measuredTitle: 'Ce qui a été mesuré',
      measured: [
        'Les pages parcourues par les tests de bout en bout (la plupart des gabarits publics, pas encore toutes les pages ni toutes les versions anglaises) sont vérifiées automatiquement avec axe-core, qui applique notamment les règles WCAG 2.1 A et AA : aucun défaut « grave » ou « critique » n’y est admis.',
        'Les pages fonctionnent sans JavaScript : les formulaires envoient puis redirigent, les graphiques sont dessinés sur le serveur avec leurs chiffres dans un tableau.',
        'Un outil automatique ne détecte qu’une partie des défauts : ces tests ne remplacent ni un audit RGAA ni des essais avec des lecteurs d’écran.',
      ],
      knownTitle: 'Défauts connus',
      known: [
        'La carte de l’observatoire place les communes par des cercles, sans fond de carte ; sa liste des communes en est l’équivalent.',
        'Certains tableaux sont plus larges qu’un écran de téléphone.',
        'Aucun audit RGAA n’a été mené : d’autres défauts peuvent exister.',
      ],
      reportTitle: 'Signaler un problème',
      report:
        'Si vous ne pouvez pas accéder à un contenu ou à un service, écrivez-nous par le formulaire de contact : nous vous répondrons et vous proposerons une autre façon d’obtenir l’information.',
      remedyTitle: 'Voies de recours',
      remedy:
        'Si vous nous avez signalé un défaut qui vous empêche d’accéder à un contenu ou à un service et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits (formulaire en ligne sur defenseurdesdroits.fr, ou par courrier gratuit : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07).',
      dated: 'Déclaration établie à partir des tests automatiques de la plateforme.',
    },
    privacy: {
      title: 'Données personnelles et cookies',
      intro:
        'Voici tout ce que la plateforme garde sur les personnes, pourquoi, et combien de temps. Elle ne pose aucun cookie de mesure d’audience ni de publicité et ne charge aucun service tiers : aucun bandeau de consentement n’est donc nécessaire.',
      cookiesTitle: 'Cookies',
      cookies: [
        {
          what: 'totem_session : l’identifiant aléatoire de votre session (seule son empreinte SHA-256 est gardée)',
          why: 'Vous garder connecté ; posé seulement à la connexion.',
          howLong: '30 jours, ou jusqu’à la déconnexion.',
        },
        {
          what: 'totem_csrf : un secret aléatoire',
          why: 'Protéger les formulaires contre l’envoi par un autre site (CSRF).',
          howLong: 'La session du navigateur.',
        },
        {
          what: 'totem_flash : le nom d’un message à afficher (« Enregistré »…)',
          why: 'Afficher le résultat d’un formulaire sur la page suivante.',
          howLong: '60 secondes, effacé à la lecture.',
        },
        {
          what: 'totem_new_token : un jeton d’API que vous venez de créer',
          why: 'Vous le montrer une seule fois, sur la page suivante.',
          howLong: '5 minutes, effacé à la lecture.',
        },
      ] as Kept[],
      dataTitle: 'Données gardées',
      data: [
        {
          what: 'Compte : adresse e-mail, nom, empreinte du mot de passe (argon2id), rôle, dates de création et de confirmation de l’adresse',
          why: 'Vous connecter, vous écrire à propos de vos démarches.',
          howLong: 'Tant que le compte existe ; un administrateur peut le désactiver.',
        },
        {
          what: 'Sessions : empreinte de l’identifiant, navigateur (user-agent), réseau approximatif (les trois premiers octets de l’adresse IP, jamais l’adresse entière), dates d’ouverture et de dernière activité',
          why: 'Vous garder connecté, et vous montrer vos sessions pour fermer celle que vous ne reconnaissez pas.',
          howLong: '30 jours au plus.',
        },
        {
          what: 'Liens à usage unique (mot de passe oublié, confirmation d’adresse) : empreinte, dates',
          why: 'Vérifier le lien reçu par e-mail.',
          howLong: 'Jusqu’à son expiration ou son usage.',
        },
        {
          what: 'Jetons d’API : empreinte, préfixe, dates de création, de dernier usage et de révocation',
          why: 'Authentifier vos programmes.',
          howLong: 'Tant que le compte existe.',
        },
        {
          what: 'Compteurs de tentatives (connexion, inscription, mot de passe, contact) : empreinte de l’adresse IP ou e-mail, nombre, dates',
          why: 'Freiner les essais répétés.',
          howLong: 'Effacés après 15 minutes sans tentative.',
        },
        {
          what: 'Rattachements et revendications d’organisations : votre compte, l’organisation, votre message, la décision',
          why: 'Vous permettre de tenir à jour la fiche de votre organisation.',
          howLong: 'Tant que le compte existe.',
        },
        {
          what: 'Candidatures aux programmes, pièces jointes, évaluations, déclarations de conflit d’intérêts, décisions',
          why: 'Instruire les candidatures.',
          howLong: 'Sans durée limitée à ce jour.',
        },
        {
          what: 'Réservations du lieu et liste d’attente : compte, nom et e-mail du demandeur, objet, dates, présence',
          why: 'Gérer les réservations des espaces.',
          howLong: 'Sans durée limitée à ce jour.',
        },
        {
          what: 'Journaux de modifications (comptes, candidatures, décisions) : qui a changé quoi, quand',
          why: 'Pouvoir vérifier et retracer les décisions.',
          howLong: 'Sans durée limitée à ce jour (journal chaîné, non modifiable).',
        },
        {
          what: 'Messages envoyés (dont ceux du formulaire de contact) : destinataire, objet, texte',
          why: 'Les envoyer, et réessayer en cas d’échec.',
          howLong: 'Sans durée limitée à ce jour.',
        },
        {
          what: 'Journaux techniques du serveur : adresse IP, adresse demandée, identifiant de requête',
          why: 'Diagnostiquer les erreurs et les abus.',
          howLong: 'Selon la configuration de l’hébergeur.',
        },
        {
          what: 'Fiches d’organisations : les informations publiques du répertoire SIRENE, dont parfois le nom d’un entrepreneur individuel',
          why: 'L’annuaire de l’écosystème (mission d’intérêt public du hub).',
          howLong:
            'Tant que le répertoire les publie ; les unités à diffusion restreinte sont montrées sans leur nom ni leur adresse.',
        },
      ] as Kept[],
      head: { what: 'Donnée', why: 'Pourquoi', howLong: 'Combien de temps' },
      rightsTitle: 'Vos droits',
      rights:
        'Depuis votre compte, vous consultez et téléchargez tout ce que la plateforme garde sur vous (« Mes données », en JSON), corrigez votre nom et votre adresse, choisissez les e-mails que vous recevez et supprimez votre compte. Sans compte, ou par courrier, demandez l’accès, la rectification ou l’effacement de vos données, ou opposez-vous à leur traitement, par le formulaire de contact. Si la réponse ne vous satisfait pas, vous pouvez saisir la CNIL (cnil.fr).',
      sharing:
        'Ces données ne sont ni vendues ni cédées. Les e-mails partent par le serveur de messagerie configuré par l’hébergeur.',
    },
    contact: {
      title: 'Contact',
      intro: 'Une question, un défaut d’accessibilité, une demande sur vos données : écrivez-nous.',
      name: 'Votre nom',
      email: 'Votre adresse e-mail',
      emailHint: 'Pour vous répondre ; elle n’est pas publiée.',
      subject: 'Objet',
      message: 'Message',
      send: 'Envoyer',
      sent: 'Votre message est envoyé. Nous vous répondrons à l’adresse indiquée.',
      privacy: 'Votre message est transmis par e-mail à l’équipe du hub.',
      tooMany: (seconds: number) =>
        `Trop de messages envoyés depuis votre connexion. Réessayez dans ${seconds} seconde${seconds > 1 ? 's' : ''}.`,
      mailSubject: (subject: string) => `[Contact] ${subject}`,
      mailBody: (name: string, email: string, message: string) =>
        `Message envoyé par le formulaire de contact.\n\nDe : ${name} <${email}>\n\n${message}\n`,
    },
  },
};

export type LegalText = typeof legalFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends LegalText {}
}
