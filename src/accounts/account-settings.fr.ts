/** The texts of what a person changes on their account page, and of its mails, in French. */
export const accountSettingsFr = {
  accountSettings: {
    profile: 'Identité',
    displayName: 'Nom affiché',
    saveName: 'Enregistrer le nom',
    nameSaved: 'Votre nom est enregistré.',
    email: 'Adresse e-mail',
    emailIntro: (email: string) =>
      `Votre adresse actuelle est ${email}. Nous enverrons à la nouvelle un lien pour la confirmer (valable 24 heures) ; elle ne remplace l’actuelle qu’une fois ce lien ouvert, et l’actuelle en est avertie.`,
    newEmail: 'Nouvelle adresse e-mail',
    currentPassword: 'Mot de passe actuel',
    askEmail: 'Recevoir le lien de confirmation',
    emailLinkSent:
      'Un lien vient d’être envoyé à la nouvelle adresse. Ouvrez-le pour qu’elle devienne celle de votre compte.',
    emailUnchanged: 'C’est déjà l’adresse de votre compte.',
    wrongPassword: 'Ce n’est pas votre mot de passe actuel.',
    confirmTitle: 'Confirmer votre nouvelle adresse',
    confirmIntro: (email: string) =>
      `Confirmez que ${email} devient l’adresse de votre compte : vous vous connecterez désormais avec elle.`,
    confirmSubmit: 'Confirmer la nouvelle adresse',
    confirmInvalid:
      'Ce lien n’est plus valable (déjà utilisé, remplacé par un plus récent ou expiré). Demandez-en un nouveau depuis votre compte.',
    emailChanged: 'Votre nouvelle adresse est enregistrée et confirmée.',
    password: 'Mot de passe',
    passwordIntro:
      'Changer de mot de passe ferme vos autres sessions (les autres navigateurs et appareils devront se reconnecter) ; celle-ci reste ouverte.',
    newPassword: 'Nouveau mot de passe',
    changePassword: 'Changer le mot de passe',
    passwordChanged: 'Votre mot de passe est changé ; vos autres sessions sont fermées.',
    sessions: 'Sessions ouvertes',
    sessionsIntro:
      'Les navigateurs et appareils connectés à votre compte. Fermez une session que vous ne reconnaissez pas, puis changez votre mot de passe.',
    device: 'Appareil',
    network: 'Réseau',
    opened: 'Ouverte le',
    lastSeen: 'Dernière activité',
    unknownDevice: 'Appareil inconnu',
    unknownNetwork: 'inconnu',
    thisSession: 'cette session',
    endSession: 'Fermer',
    endSessionLabel: (device: string, when: string) =>
      `Fermer la session ${device} ouverte le ${when}`,
    sessionEnded: 'La session est fermée.',
    sessionGone: 'Cette session était déjà fermée.',
    leave: 'Quitter',
    leaveLabel: (organisation: string) => `Ne plus agir au nom de ${organisation}`,
    left: 'Vous n’agissez plus au nom de cette organisation.',
    notMember: 'Vous n’étiez pas membre de cette organisation.',
    mails: 'E-mails',
    mailsIntro:
      'Les messages qui répondent à une de vos actions (confirmation, décision, lien demandé) partent toujours. Choisissez les autres :',
    kinds: {
      call_reminders:
        'Rappels avant la clôture d’un appel où vous avez une candidature en brouillon',
      event_reminders: 'Rappels la veille d’un événement auquel vous êtes inscrit',
      booking_reminders: 'Rappels la veille d’une réservation d’un espace du lieu',
      news_digest:
        'Lettre d’actualités : chaque lundi matin, les articles publiés dans la semaine (seulement si vous la demandez)',
    },
    saveMails: 'Enregistrer mes choix',
    mailsSaved: 'Vos choix d’e-mails sont enregistrés.',
    unsubscribeTitle: 'Se désabonner',
    unsubscribeIntro: (kind: string) => `Ne plus recevoir : ${kind}.`,
    unsubscribeSubmit: 'Me désabonner',
    unsubscribed: (kind: string) =>
      `C’est fait : vous ne recevrez plus ces e-mails (${kind}). Vous pouvez changer d’avis depuis votre compte.`,
    unsubscribeInvalid: 'Ce lien de désabonnement n’est pas valable.',
    toAccount: 'Mon compte',
  },
  accountMail: {
    newAddressSubject: (hub: string) => `${hub} — confirmez votre nouvelle adresse`,
    newAddressBody: (name: string, link: string) =>
      `Bonjour ${name},\n\nVous avez demandé que cette adresse devienne celle de votre compte. Pour confirmer, ouvrez ce lien (valable 24 heures) :\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne changera.`,
    changedSubject: (hub: string) => `${hub} — l’adresse de votre compte a changé`,
    changedBody: (name: string, email: string, reset: string) =>
      `Bonjour ${name},\n\nL’adresse de votre compte est désormais ${email} : ce message est le dernier envoyé à celle-ci.\n\nSi vous n’êtes pas à l’origine de ce changement, écrivez à l’équipe du lieu depuis la page de contact, et changez votre mot de passe :\n${reset}`,
    unsubscribe: {
      call_reminders: (link: string) => `\n\n—\nNe plus recevoir ces rappels : ${link}`,
      event_reminders: (link: string) => `\n\n—\nNe plus recevoir ces rappels : ${link}`,
      booking_reminders: (link: string) => `\n\n—\nNe plus recevoir ces rappels : ${link}`,
      news_digest: (link: string) =>
        `\n\n—\nVous recevez cette lettre parce que vous l’avez demandée. Vous désabonner : ${link}`,
    },
  },
};

export type AccountSettingsText = typeof accountSettingsFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends AccountSettingsText {}
}
