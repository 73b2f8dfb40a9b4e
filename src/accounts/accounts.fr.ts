/** The texts of sign-in, sign-up, password reset, the account page and its mails, in French (the reference). */
export const accountsFr = {
  signIn: {
    title: 'Se connecter',
    submit: 'Se connecter',
    invalid: 'Adresse e-mail ou mot de passe incorrect.',
    forgot: 'Mot de passe oublié ?',
    noAccount: 'Pas encore de compte ?',
    signedOut: 'Vous êtes déconnecté.',
    tooMany: (seconds: number) =>
      `Trop de tentatives en peu de temps. Réessayez dans ${seconds} seconde${seconds > 1 ? 's' : ''}.`,
  },
  signUp: {
    title: 'Créer un compte',
    submit: 'Créer mon compte',
    haveAccount: 'Déjà un compte ?',
    sent: 'Un e-mail vient d’être envoyé à l’adresse indiquée pour la confirmer : ouvrez le lien qu’il contient (valable 48 heures). Vous pouvez vous connecter dès maintenant.',
  },
  verify: {
    title: 'Confirmer votre adresse e-mail',
    intro: (email: string) => `Confirmez que l’adresse ${email} est bien la vôtre.`,
    submit: 'Confirmer mon adresse',
    invalid:
      'Ce lien n’est plus valable (déjà utilisé, remplacé par un plus récent ou expiré). Connectez-vous et demandez-en un nouveau depuis votre compte.',
    done: 'Votre adresse e-mail est confirmée.',
    doneSignIn: 'Votre adresse e-mail est confirmée. Connectez-vous pour continuer.',
    pending: 'Adresse e-mail à confirmer',
    pendingText: (email: string) =>
      `Nous avons envoyé à ${email} un lien pour confirmer qu’elle est la vôtre (valable 48 heures). Tant qu’elle n’est pas confirmée, vous ne pouvez ni revendiquer une organisation ni agir en son nom.`,
    resend: 'Renvoyer le lien',
    resent:
      'Un nouveau lien vient d’être envoyé à votre adresse. Les liens précédents ne sont plus valables.',
    alreadyVerified: 'Votre adresse e-mail est déjà confirmée.',
    state: 'Adresse e-mail',
    verified: 'confirmée',
    unverified: 'pas encore confirmée',
  },
  forgot: {
    title: 'Mot de passe oublié',
    intro:
      'Saisissez l’adresse de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.',
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
  apiTokens: {
    title: 'Jetons d’API',
    intro:
      'Un jeton permet à un script d’utiliser l’API ouverte en votre nom, avec votre rôle : il l’envoie dans l’en-tête « Authorization: Bearer » suivi du jeton. Révoquez un jeton dont vous n’avez plus besoin.',
    none: 'Aucun jeton pour le moment.',
    name: 'Nom du jeton',
    nameHint: 'Pour le reconnaître dans cette liste, par exemple « export nocturne ».',
    create: 'Créer un jeton',
    created: (name: string) => `Votre nouveau jeton « ${name} »`,
    createdWarning:
      'Copiez-le maintenant : il ne sera plus affiché. Seule son empreinte est conservée, personne ne pourra vous le redonner.',
    secretLabel: 'Le jeton, à copier',
    prefix: 'Début du jeton',
    createdAt: 'Créé le',
    lastUsed: 'Dernière utilisation',
    neverUsed: 'Jamais',
    revoke: 'Révoquer',
    revokeLabel: (name: string) => `Révoquer le jeton « ${name} »`,
    revoked: 'Le jeton est révoqué : il ne permet plus d’utiliser l’API.',
    defaultName: 'Jeton d’API',
  },
  userAdmin: {
    title: 'Utilisateurs',
    cardIntro:
      'Rechercher un compte, changer son rôle, le rattacher à des organisations, le désactiver.',
    search: 'Nom ou adresse e-mail',
    searchSubmit: 'Rechercher',
    count: (n: number) => (n === 0 ? 'Aucun compte' : n === 1 ? '1 compte' : `${n} comptes`),
    none: 'Aucun compte ne correspond.',
    state: 'État',
    active: 'Actif',
    disabled: 'Désactivé',
    disabledSince: (date: string) => `Désactivé depuis le ${date}`,
    pagination: 'Pages des comptes',
    prev: 'Page précédente',
    next: 'Page suivante',
    pageOf: (page: number, pages: number) => `Page ${page} sur ${pages}`,
    roleSubmit: 'Changer le rôle',
    access: 'Accès',
    disable: 'Désactiver le compte',
    disableHint:
      'Ses sessions et ses jetons d’API cessent de fonctionner dès la requête suivante, et il ne peut plus se connecter.',
    enable: 'Réactiver le compte',
    self: 'C’est votre compte : vous ne pouvez ni le désactiver ni changer votre rôle.',
    organisations: 'Organisations',
    noOrganisation: 'Rattaché à aucune organisation.',
    detachLabel: (organisation: string) => `Retirer de ${organisation}`,
    detach: 'Retirer',
    findOrganisation: 'Rattacher à une organisation : nom ou SIREN',
    findSubmit: 'Chercher',
    noMatch: 'Aucune organisation ne correspond.',
    attach: 'Rattacher',
    attachLabel: (organisation: string) => `Rattacher à ${organisation}`,
    tokens: 'Jetons d’API actifs',
    history: 'Historique des modifications',
    noHistory: 'Aucune modification enregistrée.',
    when: 'Date',
    who: 'Par',
    what: 'Modification',
    before: 'Avant',
    after: 'Après',
    commandLine: 'ligne de commande',
    changes: {
      created: 'Compte créé',
      role: 'Rôle',
      disabled: 'Compte désactivé',
      enabled: 'Compte réactivé',
      organisation_added: 'Rattaché à une organisation',
      organisation_removed: 'Retiré d’une organisation',
      token_created: 'Jeton d’API créé',
    },
    roleChanged: 'Le rôle est changé.',
    unchanged: 'Rien n’a changé : c’était déjà le cas.',
    accountDisabled: 'Le compte est désactivé : ses sessions et ses jetons ne fonctionnent plus.',
    accountEnabled: 'Le compte est réactivé.',
    attached: 'Le compte est rattaché à l’organisation.',
    detached: 'Le compte est retiré de l’organisation.',
    back: 'Retour aux utilisateurs',
  },
  mail: {
    resetSubject: (hub: string) => `${hub} — réinitialisation de votre mot de passe`,
    resetBody: (name: string, link: string) =>
      `Bonjour ${name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.`,
    inviteSubject: (hub: string) => `${hub} — choisissez votre mot de passe`,
    inviteBody: (name: string, link: string) =>
      `Bonjour ${name},\n\nUn compte a été créé pour vous. Choisissez votre mot de passe en ouvrant ce lien (valable 24 heures) :\n${link}`,
    verifySubject: (hub: string) => `${hub} — confirmez votre adresse e-mail`,
    verifyBody: (name: string, link: string) =>
      `Bonjour ${name},\n\nPour confirmer que cette adresse est la vôtre, ouvrez ce lien (valable 48 heures) :\n${link}\n\nSi vous n’avez pas créé de compte, ignorez ce message : sans confirmation, l’adresse ne sert à rien.`,
    registeredSubject: (hub: string) => `${hub} — vous avez déjà un compte`,
    registeredBody: (name: string, signIn: string, reset: string) =>
      `Bonjour ${name},\n\nQuelqu’un, vous peut-être, a voulu créer un compte avec cette adresse, qui en a déjà un. Rien n’a été créé ni changé.\n\nPour vous connecter :\n${signIn}\n\nMot de passe oublié ? Choisissez-en un nouveau avec ce lien (valable une heure, il confirme aussi votre adresse) :\n${reset}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message.`,
  },
};

export type AccountsText = typeof accountsFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends AccountsText {}
}
