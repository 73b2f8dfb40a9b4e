import type { ErrorCode } from '../../app/errors.ts';

/** The French catalogue is the reference: every other language has exactly these keys. */
export const fr = {
  langName: 'Français',
  otherLangLabel: 'English',
  switchLang: 'Read this page in English',
  skipToContent: 'Aller au contenu',
  breadcrumb: 'Fil d’Ariane',
  publicSpace: 'Espace public',
  mainNav: 'Navigation principale',
  accountNav: 'Compte',
  nav: {
    home: 'Accueil',
    api: 'API ouverte',
    signIn: 'Se connecter',
    signUp: 'Créer un compte',
    account: 'Mon compte',
    admin: 'Administration',
    signOut: 'Se déconnecter',
  },
  footer: {
    about: (hub: string) =>
      `${hub} fédère l’écosystème numérique de son territoire. Plateforme Totem.`,
    openData: 'Données ouvertes',
    apiDocs: 'Documentation de l’API',
    demoNotice: 'Cette instance contient des données de démonstration, signalées comme telles.',
  },
  demo: 'démo',
  demoTitle: 'Donnée de démonstration, synthétique',
  home: {
    title: (hub: string) => `${hub} — l’écosystème numérique du territoire`,
    labelled: (date: string) => `Métropole labellisée « French Tech » le ${date}.`,
    territoryTitle: 'Le territoire',
    territoryText: (names: string) => `Le hub couvre les intercommunalités suivantes : ${names}.`,
    communes: (n: number) => (n > 1 ? `${n} communes` : `${n} commune`),
    population: (n: string) => `${n} habitants (population municipale)`,
    fieldsTitle: 'Champs de développement',
    fieldsIntro: 'Les domaines dans lesquels le territoire entend prendre toute sa place.',
    joinTitle: 'Rejoindre la plateforme',
    joinText:
      'Créez un compte pour suivre l’écosystème ; les organisations membres pourront bientôt y tenir leur fiche.',
  },
  form: {
    required: 'Ce champ est obligatoire.',
    errorSummary: 'Le formulaire contient des erreurs :',
    email: 'Adresse e-mail',
    emailInvalid: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    password: 'Mot de passe',
    passwordHint: 'Au moins 10 caractères.',
    passwordTooShort: 'Le mot de passe doit contenir au moins 10 caractères.',
    passwordTooLong: 'Le mot de passe ne peut dépasser 200 caractères.',
    passwordConfirm: 'Confirmez le mot de passe',
    passwordMismatch: 'Les deux mots de passe ne sont pas identiques.',
    name: 'Nom complet',
    nameTooLong: 'Le nom ne peut dépasser 120 caractères.',
    tooLong: 'Ce texte est trop long.',
  },
  signIn: {
    title: 'Se connecter',
    submit: 'Se connecter',
    invalid: 'Adresse e-mail ou mot de passe incorrect.',
    forgot: 'Mot de passe oublié ?',
    noAccount: 'Pas encore de compte ?',
    signedOut: 'Vous êtes déconnecté.',
  },
  signUp: {
    title: 'Créer un compte',
    submit: 'Créer mon compte',
    emailTaken:
      'Un compte existe déjà avec cette adresse. Connectez-vous ou réinitialisez le mot de passe.',
    haveAccount: 'Déjà un compte ?',
    welcome: 'Bienvenue ! Votre compte est créé et vous êtes connecté.',
  },
  forgot: {
    title: 'Mot de passe oublié',
    intro:
      'Saisissez l’adresse de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.',
    submit: 'Recevoir le lien',
    sent: 'Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé. Le lien est valable une heure.',
  },
  reset: {
    title: 'Choisir un nouveau mot de passe',
    submit: 'Enregistrer le mot de passe',
    invalid: 'Ce lien n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau.',
    done: 'Votre mot de passe est enregistré. Vous êtes connecté.',
  },
  account: {
    title: 'Mon compte',
    role: 'Rôle',
    memberSince: 'Inscrit le',
    roles: {
      member: 'Membre',
      staff: 'Équipe d’animation',
      reviewer: 'Membre de jury',
      admin: 'Administrateur',
    },
  },
  admin: {
    title: 'Administration',
    outbox: 'Courriers sortants',
    outboxIntro:
      'Aucun serveur SMTP n’est configuré : chaque courrier est écrit dans le dossier outbox et se lit ici.',
    outboxEmpty: 'Aucun courrier pour le moment.',
    sentAt: 'Envoyé le',
    to: 'Destinataire',
    subject: 'Objet',
    open: 'Lire',
    back: 'Retour aux courriers',
  },
  mail: {
    resetSubject: (hub: string) => `${hub} — réinitialisation de votre mot de passe`,
    resetBody: (name: string, link: string) =>
      `Bonjour ${name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.`,
    inviteSubject: (hub: string) => `${hub} — choisissez votre mot de passe`,
    inviteBody: (name: string, link: string) =>
      `Bonjour ${name},\n\nUn compte a été créé pour vous. Choisissez votre mot de passe en ouvrant ce lien (valable 24 heures) :\n${link}`,
  },
  errors: {
    title: {
      400: 'Requête incorrecte',
      401: 'Connexion requise',
      403: 'Accès refusé',
      404: 'Page introuvable',
      409: 'Conflit',
      413: 'Envoi trop volumineux',
      422: 'Données invalides',
      429: 'Trop de tentatives',
      500: 'Erreur du serveur',
    } as Record<number, string>,
    code: {
      BAD_REQUEST: 'La requête est incorrecte.',
      VALIDATION_FAILED: 'Certaines données sont invalides.',
      UNAUTHENTICATED: 'Connectez-vous pour continuer.',
      FORBIDDEN: 'Vous n’avez pas accès à cette page.',
      CSRF_INVALID:
        'Le formulaire a expiré ou ne provient pas de ce site. Rechargez la page et réessayez.',
      NOT_FOUND: 'La page demandée n’existe pas ou a été déplacée.',
      CONFLICT: 'Cette action entre en conflit avec l’état actuel.',
      EMAIL_TAKEN: 'Un compte existe déjà avec cette adresse.',
      PAYLOAD_TOO_LARGE: 'L’envoi dépasse la taille autorisée.',
      RATE_LIMITED: 'Trop de tentatives en peu de temps. Patientez une minute puis réessayez.',
      INVALID_CREDENTIALS: 'Adresse e-mail ou mot de passe incorrect.',
      TOKEN_INVALID: 'Ce lien n’est plus valable.',
      INTERNAL: 'Une erreur inattendue est survenue. Elle a été enregistrée.',
    } satisfies Record<ErrorCode, string>,
    requestId: 'Référence de la requête\u00a0:',
    backHome: 'Retour à l’accueil',
  },
};

export type Catalogue = typeof fr;
