/** The texts of sign-in, sign-up, password reset, the account page and its mails, in French (the reference). */
export const accountsFr = {
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
  mail: {
    resetSubject: (hub: string) => `${hub} — réinitialisation de votre mot de passe`,
    resetBody: (name: string, link: string) =>
      `Bonjour ${name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.`,
    inviteSubject: (hub: string) => `${hub} — choisissez votre mot de passe`,
    inviteBody: (name: string, link: string) =>
      `Bonjour ${name},\n\nUn compte a été créé pour vous. Choisissez votre mot de passe en ouvrant ce lien (valable 24 heures) :\n${link}`,
  },
};

export type AccountsText = typeof accountsFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends AccountsText {}
}
