/**
 * The strings of the ranking, the decision, its letter and mail, and the applicant's view of it
 * (French, the reference), at `t.programmes.decisions`.
 */
export const decisionsFr = {
  outcomes: { accepted: 'Acceptée', refused: 'Refusée' },
  /**
   * The platform's letters, used when the call has none of its own in this language. Plain text;
   * {organisation}, {appel}, {numero}, {motifs} and {date} are filled in.
   */
  letters: {
    accepted:
      'Le {date}\n\nObjet : votre candidature {numero} à l’appel « {appel} »\n\nMadame, Monsieur,\n\nNous avons le plaisir de vous annoncer que la candidature de {organisation} à l’appel « {appel} » est acceptée.\n\nMotifs de la décision :\n{motifs}\n\nNous vous prions d’agréer, Madame, Monsieur, nos salutations distinguées.\n\nL’équipe du programme',
    refused:
      'Le {date}\n\nObjet : votre candidature {numero} à l’appel « {appel} »\n\nMadame, Monsieur,\n\nNous avons le regret de vous annoncer que la candidature de {organisation} à l’appel « {appel} » n’a pas été retenue.\n\nMotifs de la décision :\n{motifs}\n\nNous vous remercions de l’intérêt porté à ce programme et vous prions d’agréer, Madame, Monsieur, nos salutations distinguées.\n\nL’équipe du programme',
  },
  letterTitle: (call: string) => `Décision — ${call}`,
  ranking: {
    title: (call: string) => `Classement — ${call}`,
    intro:
      'Les candidatures ayant au moins une évaluation soumise, par résultat moyen décroissant. L’écart est la différence entre le plus haut et le plus bas résultat des évaluateurs ; les abstentions sont comptées à part et n’entrent pas dans la moyenne.',
    caption: 'Candidatures classées par résultat moyen',
    rank: 'Rang',
    organisation: 'Organisation',
    acknowledgement: 'Accusé de réception',
    mean: 'Résultat moyen',
    reviews: 'Évaluations soumises / attribuées',
    abstentions: 'Abstentions',
    spread: 'Écart (max − min)',
    deviation: 'Écart type',
    decision: 'Décision',
    action: 'Action',
    decide: 'Décider',
    see: 'Voir la décision',
    none: '—',
    notDecided: 'À décider',
    empty: 'Aucune candidature de cet appel n’a encore d’évaluation soumise.',
    back: 'Retour aux candidatures de l’appel',
  },
  decide: {
    title: (ack: string) => `Décision — ${ack}`,
    reviews: 'Évaluations',
    caption: 'Les évaluations des membres du jury',
    reviewer: 'Évaluateur',
    result: 'Résultat',
    submitted: 'Soumise le',
    commentJury: 'Commentaire au jury',
    commentApplicant: 'Commentaire au candidat',
    abstained: 'Abstention',
    notSubmitted: 'Non soumise',
    noReviews: 'Aucun évaluateur n’est attribué à cette candidature.',
    summary: (mean: string, spread: string) => `Moyenne : ${mean} — écart : ${spread}`,
    form: 'Enregistrer la décision',
    outcome: 'Décision',
    reasons: 'Motifs',
    reasonsHint:
      'Obligatoires. Ils sont écrits dans la lettre de décision, lue par le candidat, et dans l’historique.',
    submit: 'Enregistrer la décision et envoyer la lettre',
    stateHint:
      'Une candidature déposée passe d’abord en examen ; la décision est définitive (une seconde décision est refusée).',
    notDecidable: 'Cette candidature ne peut pas être décidée dans son état actuel.',
    taken: (outcome: string, when: string) => `Décision prise le ${when} : ${outcome}.`,
    decidedBy: (who: string) => `Par ${who}.`,
    letter: 'Lettre de décision (PDF)',
    label: (name: string) => `Label conféré : ${name}`,
    application: 'Retour à la candidature',
    ranking: 'Classement de l’appel',
  },
  problems: {
    noOutcome: 'Choisissez « acceptée » ou « refusée ».',
    noReasons: 'Écrivez les motifs de la décision.',
    reasonsTooLong: (n: number) => `Les motifs tiennent en ${n} caractères au plus.`,
  },
  /** the applicant's page, once decided */
  applicant: {
    heading: 'Décision',
    outcome: 'Décision',
    date: 'Date',
    reasons: 'Motifs',
    comments: 'Commentaires du jury',
    comment: (n: number) => `Avis ${n}`,
    noComments: 'Le jury n’a pas laissé de commentaire à votre intention.',
    letter: 'Télécharger la lettre de décision (PDF)',
    label: (name: string) => `Label obtenu : ${name}`,
  },
  /** the links on the staff's page of an application */
  staff: {
    heading: 'Jury et décision',
    decide: 'Décision',
    ranking: 'Classement de l’appel',
  },
  mail: {
    subject: (call: string, number: string) =>
      `Décision sur votre candidature — ${call} (${number})`,
    body: (p: {
      name: string;
      organisation: string;
      call: string;
      number: string;
      outcome: string;
      link: string;
    }) =>
      `Bonjour ${p.name},\n\nUne décision a été prise sur la candidature de ${p.organisation} à l’appel « ${p.call} » (${p.number}) : ${p.outcome}.\n\nLa lettre de décision, ses motifs et les commentaires du jury : ${p.link}\n`,
  },
  flash: { decided: 'Décision enregistrée : la lettre est envoyée au candidat.' },
};

export type DecisionsText = typeof decisionsFr;
