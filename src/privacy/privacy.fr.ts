/** The texts of a person's data and of their account's erasure, in French (the reference). */
export const privacyFr = {
  privacy: {
    section: 'Vos données',
    sectionIntro:
      'Consultez tout ce que la plateforme conserve à votre sujet, recevez-en une archive, ou supprimez votre compte.',
    view: 'Voir mes données',
    title: 'Mes données',
    intro:
      'Tout ce que la plateforme conserve à votre sujet : votre compte, puis chaque table qui vous nomme. Les secrets (mot de passe, jetons) ne sont conservés que sous forme d’empreinte et ne figurent pas ici.',
    archiveTitle: 'Archive à télécharger (JSON)',
    archiveIntro: (days: number) =>
      `Une archive de ces données, dans un format que d’autres services savent lire, est préparée à votre demande et vous est annoncée par e-mail. Elle reste disponible ${days}\u00a0jours.`,
    archiveAsk: 'Préparer une archive',
    archiveAskAgain: 'Préparer une nouvelle archive',
    archiveAsked:
      'Votre archive est en préparation. Un e-mail vous préviendra dès qu’elle sera prête.',
    archiveWaiting: (since: string) =>
      `Archive demandée le ${since}, en préparation. Un e-mail vous préviendra dès qu’elle sera prête ; rechargez cette page pour la voir.`,
    archiveReady: (when: string, size: string) =>
      `Télécharger l’archive du ${when} (JSON, ${size})`,
    archiveFailed:
      'La préparation de votre dernière archive a échoué. Vous pouvez la demander à nouveau.',
    archiveMailSubject: (hub: string) => `${hub}\u00a0: vos données sont prêtes`,
    archiveMailBody: (name: string, page: string, days: number) =>
      `Bonjour ${name},\n\nL’archive de vos données que vous avez demandée est prête. Connectez-vous, puis téléchargez-la depuis cette page (elle y reste ${days}\u00a0jours)\u00a0:\n\n${page}\n\nSi vous n’avez rien demandé, changez votre mot de passe\u00a0: quelqu’un s’est connecté à votre compte.`,
    queue: 'Exports de données personnelles',
    queueItem: (id: number) => `Export n°\u00a0${id}`,
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
