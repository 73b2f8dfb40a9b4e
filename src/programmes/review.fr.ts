/** The strings of the staff's review of applications, and of the answers' read-only view. */
export const programmesReviewFr = {
  states: {
    draft: 'Brouillon',
    submitted: 'Déposée',
    under_review: 'En examen',
    accepted: 'Acceptée',
    refused: 'Refusée',
    withdrawn: 'Retirée',
    correction_requested: 'Correction demandée',
  },
  /** the answers, read only (staff and the applicant) */
  answers: {
    yes: 'Oui',
    no: 'Non',
    none: 'Sans réponse',
    noRows: 'Aucune ligne',
    toCorrect: 'À corriger',
    row: 'Ligne',
  },
  list: {
    title: (call: string) => `Candidatures — ${call}`,
    filters: 'Filtrer les candidatures',
    state: 'État',
    allStates: 'Tous les états',
    organisation: 'Nom de l’organisation',
    organisationHint: 'Une partie du nom suffit.',
    apply: 'Filtrer',
    reset: 'Tout afficher',
    counts: 'Candidatures par état',
    total: (n: number) => (n <= 1 ? `${n} candidature` : `${n} candidatures`),
    empty: 'Aucune candidature ne correspond.',
    colOrganisation: 'Organisation',
    colState: 'État',
    colAcknowledgement: 'Accusé de réception',
    colSubmitted: 'Déposée le',
    colVersion: 'Version du formulaire',
    notYet: '—',
    open: 'Ouvrir',
    csv: 'Télécharger ces candidatures (CSV)',
    pagination: 'Pages des candidatures',
    prev: 'Page précédente',
    next: 'Page suivante',
    pageOf: (page: number, pages: number) => `Page ${page} sur ${pages}`,
  },
  detail: {
    title: (label: string) => `Candidature ${label}`,
    draftLabel: (id: number) => `n° ${id} (brouillon)`,
    call: 'Appel',
    organisation: 'Organisation',
    siren: 'SIREN',
    state: 'État',
    acknowledgement: 'Accusé de réception',
    started: 'Commencée le',
    submitted: 'Déposée le',
    formVersion: 'Version du formulaire',
    answers: 'Réponses',
    history: 'Historique',
    from: 'De',
    to: 'Vers',
    who: 'Par',
    when: 'Le',
    note: 'Note',
    nobody: 'Inconnu',
    start: 'Création',
    actions: 'Actions',
    noAction: 'Aucune action n’est possible dans cet état.',
    pending: 'Correction demandée sur :',
    review: 'Passer en examen',
    reviewHint: 'La candidature quitte la pile des dépôts : le candidat ne peut plus la modifier.',
    correction: 'Demander une correction',
    fields: 'Champs à corriger',
    fieldsHint: 'Le candidat ne pourra modifier que ces champs.',
    message: 'Message au candidat',
    messageHint: 'Dites ce qui est à corriger et pourquoi : ce message lui est envoyé par e-mail.',
    send: 'Demander la correction',
    back: 'Toutes les candidatures de l’appel',
  },
  problems: {
    noField: 'Choisissez au moins un champ à corriger.',
    unknownField: 'Ce champ n’est pas dans le formulaire de cette candidature.',
    noNote: 'Écrivez au candidat ce qui est à corriger.',
    noteTooLong: (n: number) => `Écrivez au plus ${n} caractères.`,
    notOpen:
      'Ce champ n’est pas ouvert à la correction : seuls les champs demandés par l’équipe peuvent changer.',
  },
  flash: {
    reviewStarted: 'La candidature est passée en examen.',
    correctionRequested: 'La demande de correction a été envoyée au candidat.',
  },
  /** the mail to the applicant when staff ask for a correction */
  correctionMail: {
    subject: (call: string, number: string) => `Correction demandée — ${call} (${number})`,
    body: (p: {
      name: string;
      organisation: string;
      call: string;
      number: string;
      fields: string;
      note: string;
      link: string;
    }) =>
      `Bonjour ${p.name},\n\nL’équipe du hub demande une correction de la candidature de ${p.organisation} à l’appel « ${p.call} » (${p.number}).\n\nChamps à corriger : ${p.fields}\n\nSon message :\n${p.note}\n\nCorrigez-la puis déposez-la à nouveau ici : ${p.link}\nSon numéro d’accusé de réception ne change pas.\n`,
  },
  /** the receipt when the corrected application comes back */
  correctionReceipt: {
    subject: (call: string, number: string) => `Correction reçue — ${call} (${number})`,
    body: (p: { name: string; organisation: string; call: string; number: string; at: string }) =>
      `Bonjour ${p.name},\n\nLa candidature corrigée de ${p.organisation} à l’appel « ${p.call} » a bien été déposée à nouveau le ${p.at}.\nSon numéro d’accusé de réception reste ${p.number}.\n`,
  },
};
