/** The texts of the back office home, in French (the reference). */
export const adminFr = {
  admin: {
    title: 'Administration',
    outbox: 'Courriers sortants',
    mailQueue: 'File des courriers',
    outboxIntro:
      'Aucun serveur SMTP n’est configuré : chaque courrier est écrit dans le dossier outbox et se lit ici.',
    outboxEmpty: 'Aucun courrier pour le moment.',
    sentAt: 'Envoyé le',
    to: 'Destinataire',
    subject: 'Objet',
    open: 'Lire',
    back: 'Retour aux courriers',
  },
};

export type AdminText = typeof adminFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends AdminText {}
}
