/** The strings of the applicant's pages: the calls, a call, the applications (French). */
export const pagesFr = {
  callsTitle: 'Appels à candidatures',
  callsIntro:
    'Les appels du hub : labels, programmes d’accompagnement, sélections. Chaque appel dit qui peut candidater, les dates et les questions posées.',
  currentCalls: 'Appels ouverts et à venir',
  closedCalls: 'Appels clos',
  noCurrentCall: 'Aucun appel n’est ouvert ni annoncé pour le moment.',
  myApplications: 'Mes candidatures',
  noApplication: 'Aucune candidature pour vos organisations pour le moment.',
  seeCalls: 'Voir les appels',
  conditions: 'Qui peut candidater',
  noCondition: 'Toute organisation de l’annuaire.',
  apply: 'Candidater',
  questions: 'Les questions posées',
  questionsIntro:
    'Pour vous préparer : le formulaire pose ces questions. Un brouillon s’enregistre et se reprend à tout moment jusqu’au dépôt.',
  aboutProgramme: 'Le programme',
  closedNotice: 'Cet appel est clos : il ne reçoit plus de candidatures.',
  notOpenYet:
    'Cet appel n’est pas encore ouvert : vous pourrez commencer une candidature à son ouverture.',
  signInToApply: 'Connectez-vous pour candidater au nom de votre organisation',
  verifyToApply:
    'Confirmez d’abord votre adresse e-mail (le lien vous a été envoyé à l’inscription) pour candidater au nom d’une organisation.',
  joinToApply:
    'On candidate au nom d’une organisation dont on est membre. Rejoignez celle de votre structure depuis sa fiche de l’annuaire :',
  notEligible: 'Cette organisation ne peut pas candidater à cet appel :',
  start: (organisation: string) => `Commencer la candidature de ${organisation}`,
  seeApplication: 'Voir la candidature',
  applicationOf: (organisation: string) => `Candidature de ${organisation}`,
  answers: 'Réponses',
  history: 'Historique',
  emptyAnswer: '(sans réponse)',
  save: 'Enregistrer le brouillon',
  submit: 'Déposer la candidature',
  lastSaved: (at: string) => `Dernier enregistrement : ${at}.`,
  deadline: (at: string) => `Date limite de dépôt : ${at} (heure de Paris).`,
  inGrace: (until: string) =>
    `L’appel est clos, mais ce brouillon commencé à temps peut encore être déposé jusqu’au ${until}.`,
  tooLate: 'L’appel est clos : cette candidature ne peut plus être déposée.',
  submittedOn: (at: string) => `déposée le ${at}`,
  conflict:
    'Cette candidature a été enregistrée ailleurs (un autre onglet, ou un autre membre de votre organisation) depuis que vous l’avez ouverte. Rien n’a été écrasé.',
  conflictFields: 'Ces réponses enregistrées diffèrent des vôtres :',
  conflictResolve:
    'Vos saisies sont gardées dans le formulaire ci-dessous. Enregistrer à nouveau remplacera les réponses enregistrées par les vôtres.',
  withdraw: 'Retirer cette candidature',
  withdrawTitle: 'Retirer la candidature',
  withdrawWarning: (organisation: string, call: string) =>
    `La candidature de ${organisation} à « ${call} » sera retirée : elle ne sera pas examinée, et ne pourra pas être reprise (il faudra en commencer une autre si l’appel est encore ouvert).`,
  withdrawConfirm: 'Retirer définitivement',
  cancel: 'Annuler',
  noChoice: '— Choisir —',
  attached: 'Fichier joint :',
  kilobytes: 'Ko',
  attach: 'Joindre le fichier',
  replaceFile: 'Remplacer le fichier',
  removeFile: 'Retirer ce fichier',
  otherAnswers: 'Vos autres réponses',
  correctionAsked: 'L’équipe du hub vous demande de corriger cette candidature :',
  correctionFields: (fields: string) =>
    `À corriger : ${fields}. Les autres réponses restent telles que déposées ; déposez à nouveau une fois corrigé (le numéro d’accusé de réception ne change pas).`,
  follow: (url: string) => `Pour suivre la candidature : ${url}`,
  addRow: 'Ajouter une ligne',
  row: (group: string, n: number) => `${group}, ligne ${n}`,
  columns: {
    call: 'Appel',
    organisation: 'Organisation',
    state: 'État',
    acknowledgement: 'Accusé de réception',
    updated: 'Mise à jour',
  },
  states: {
    draft: 'Brouillon',
    submitted: 'Déposée',
    under_review: 'En cours d’examen',
    accepted: 'Retenue',
    refused: 'Non retenue',
    withdrawn: 'Retirée',
    correction_requested: 'Correction demandée',
  },
  dates: {
    opens: 'Ouverture',
    closes: 'Clôture',
    status: 'État',
    grace: (hours: number) =>
      `Un brouillon commencé avant la clôture peut encore être déposé pendant ${hours} h.`,
    statuses: { upcoming: 'À venir', open: 'Ouvert', closed: 'Clos' },
    opensOn: (at: string) => `ouvre le ${at}`,
    closesOn: (at: string) => `clôture le ${at}`,
    closedOn: (at: string) => `clos le ${at}`,
  },
  rules: {
    active: 'Être en activité.',
    in_territory: 'Avoir un établissement ouvert (ou son siège) sur le territoire du hub.',
    kind: (kinds: string) => `Être de type : ${kinds}.`,
    created_after: (year: number) => `Avoir été créée après ${year}.`,
    headcount_below: (max: string) => `Compter moins de ${max} salariés.`,
  },
  hints: {
    required: 'Obligatoire',
    atMost: (n: number) => `${n} caractères au plus`,
    between: (min: number, max: number) => `entre ${min} et ${max} caractères`,
    bounds: (min?: number, max?: number) =>
      min !== undefined && max !== undefined
        ? `un nombre entre ${min} et ${max}`
        : min !== undefined
          ? `un nombre d’au moins ${min}`
          : `un nombre d’au plus ${max}`,
    choices: (min?: number, max?: number) =>
      min !== undefined && max !== undefined
        ? `de ${min} à ${max} réponses`
        : min !== undefined
          ? `au moins ${min} réponses`
          : `au plus ${max} réponses`,
    siret: '14 chiffres (le SIRET de l’établissement)',
    file: (mb: number) => `PDF, PNG, JPEG ou WebP, ${mb} Mo au plus`,
    shownIf: (field: string, value: string) => `à remplir si « ${field} » vaut « ${value} »`,
    yes: 'Oui',
    no: 'Non',
  },
  flash: {
    started:
      'Brouillon créé : vous pouvez l’enregistrer et le reprendre à tout moment jusqu’au dépôt.',
    saved: 'Brouillon enregistré.',
    submitted: 'Candidature déposée : son accusé de réception vous a été envoyé par e-mail.',
    withdrawn: 'Candidature retirée.',
  },
  saving: {
    saving: 'Enregistrement…',
    saved: (at: string) => `Brouillon enregistré à ${at}.`,
    invalid:
      'Non enregistré : des réponses sont à corriger (voir les messages sous les questions).',
    conflict:
      'Non enregistré : cette candidature a été modifiée ailleurs. Enregistrez pour comparer les deux versions.',
    offline: 'Non enregistré : la connexion a échoué. Vos saisies restent dans la page.',
  },
};
