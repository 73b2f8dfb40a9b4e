/** The texts of a person's data and of their account's erasure, in French (the reference). */
export const privacyFr = {
  privacy: {
    section: 'Vos données',
    sectionIntro:
      'Consultez ou téléchargez tout ce que la plateforme conserve à votre sujet, ou supprimez votre compte.',
    view: 'Voir mes données',
    title: 'Mes données',
    intro:
      'Tout ce que la plateforme conserve à votre sujet : votre compte, puis chaque table qui vous nomme. Les secrets (mot de passe, jetons) ne sont conservés que sous forme d’empreinte et ne figurent pas ici.',
    download: 'Télécharger mes données (JSON)',
    account: 'Compte',
    table: (table: string, why: string) => `${table} — ${why}`,
    rows: (n: number) => (n === 1 ? '1 ligne' : `${n} lignes`),
    mails: 'E-mails envoyés à votre adresse',
    noMails: 'Aucun e-mail en mémoire.',
    erase: 'Supprimer mon compte',
    eraseTitle: 'Supprimer mon compte',
    eraseIntro:
      'Votre compte sera effacé : vous ne pourrez plus vous connecter, vos sessions et jetons cessent aussitôt, vos rattachements à des organisations et vos demandes disparaissent. Ce qui doit rester pour d’autres (une décision de jury, un article publié, le journal d’audit) reste, sous le nom « Compte supprimé ». Ce n’est pas réversible.',
    erasePassword: 'Votre mot de passe, pour confirmer',
    eraseSubmit: 'Supprimer définitivement mon compte',
    erased: 'Votre compte est supprimé.',
    wrongPassword: 'Ce n’est pas votre mot de passe.',
  },
};

export type PrivacyText = typeof privacyFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends PrivacyText {}
}
