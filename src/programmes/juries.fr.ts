/** The strings of juries, conflicts of interest, assignments and the audit page (French, the reference). */
export const programmesJuriesFr = {
  conflicts: {
    types: {
      employee: 'salarié',
      investor: 'investisseur',
      adviser: 'conseil',
      family: 'lien familial',
      other: 'autre lien',
    },
    relations: {
      invests_in: 'investit dans',
      accelerates: 'accompagne (accélère ou incube)',
      partner_of: 'est partenaire de',
      parent_of: 'est la société mère de',
      spin_off_of: 'est issue (essaimage) de',
    },
    sources: {
      register: 'le répertoire SIRENE',
      self: 'une organisation elle-même',
      staff: 'l’équipe du hub',
    },
    stages: {
      pre_seed: 'pré-amorçage',
      seed: 'amorçage',
      series_a: 'série A',
      series_b: 'série B',
      series_c: 'série C',
      later: 'tour ultérieur',
      grant: 'subvention',
      debt: 'dette',
      other: 'autre',
    },
    declared: (org: string, type: string, note: string) =>
      `Conflit déclaré avec « ${org} » (${type})${note ? ` : ${note}` : ''}`,
    member: (org: string) => `Membre de « ${org} »`,
    relation: (via: string, from: string, verb: string, to: string, who: string) =>
      `Membre de « ${via} », lié : « ${from} » ${verb} « ${to} » (relation saisie par ${who})`,
    funding: (via: string, org: string, date: string, stage: string) =>
      `Membre de « ${via} », qui a investi dans la levée de « ${org} » du ${date} (${stage})`,
    merged: (org: string, into: string) => ` — « ${org} » a été fusionnée dans « ${into} »`,
  },
  declarations: {
    title: 'Mes conflits d’intérêts',
    intro:
      'Déclarez les organisations avec lesquelles vous avez un lien : vous ne serez jamais affecté à leurs candidatures. La plateforme détecte aussi les liens de l’annuaire (membre, relations, levées de fonds).',
    caption: 'Conflits déclarés',
    none: 'Aucun conflit déclaré.',
    organisation: 'Organisation',
    type: 'Nature du lien',
    note: 'Précision (facultatif)',
    declaredAt: 'Déclaré le',
    actions: 'Actions',
    add: 'Déclarer un conflit',
    declare: 'Déclarer',
    remove: 'Retirer',
    removeLabel: (org: string) => `Retirer le conflit avec « ${org} »`,
    problems: {
      organisation: 'Choisissez une organisation de l’annuaire.',
      type: 'Choisissez la nature du lien.',
      note: 'La précision tient en 2 000 caractères.',
      duplicate: 'Vous avez déjà déclaré un conflit avec cette organisation.',
    },
    flash: { declared: 'Conflit déclaré.', removed: 'Conflit retiré.' },
  },
  jury: {
    title: (call: string) => `Jury — ${call}`,
    link: 'Jury',
    members: 'Membres du jury',
    membersCaption: 'Les membres du jury et leur charge',
    noMembers: 'Aucun membre pour l’instant.',
    name: 'Nom',
    email: 'Adresse e-mail',
    role: 'Rôle',
    load: 'Candidatures affectées',
    actions: 'Actions',
    addMember: 'Ajouter un membre',
    addMemberHint:
      'L’adresse e-mail d’un compte évaluateur, équipe ou administrateur. Un compte membre est refusé.',
    add: 'Ajouter au jury',
    removeMember: (name: string) => `Retirer ${name} du jury`,
    remove: 'Retirer',
    removeRule:
      'Retirer un membre retire aussi ses affectations sans évaluation rendue ; un membre qui a rendu une évaluation reste au jury.',
    settings: 'Réglages',
    perApplication: 'Évaluateurs par candidature',
    perApplicationHint: 'De 1 à 10.',
    saveSettings: 'Enregistrer',
    automatic: 'Affecter automatiquement',
    automaticHint:
      'Complète chaque candidature déposée ou en examen jusqu’au nombre d’évaluateurs voulu, parmi les membres sans conflit, les moins chargés d’abord.',
    run: 'Affecter automatiquement',
    applications: 'Candidatures et évaluateurs',
    applicationsCaption: 'Les candidatures déposées ou en examen et leurs évaluateurs',
    noApplications: 'Aucune candidature déposée ou en examen.',
    organisation: 'Organisation',
    state: 'État',
    reviewers: 'Évaluateurs',
    assign: 'Affecter',
    reviewer: 'Évaluateur',
    assignTo: (org: string) => `Affecter un évaluateur à « ${org} »`,
    none: 'Aucun',
    flagged: 'Conflit apparu depuis l’affectation',
    flaggedCount: (n: number) =>
      n === 1
        ? '1 affectation présente un conflit apparu depuis : à revoir.'
        : `${n} affectations présentent un conflit apparu depuis : à revoir.`,
    overridden: 'Conflit levé par l’équipe',
    removeAssignment: (name: string) => `Retirer l’affectation de ${name}`,
    method: { manual: 'à la main', automatic: 'automatique' },
    conflictTitle: 'Affectation refusée : conflit d’intérêts',
    conflictIntro: (name: string, org: string) => `${name} a les liens suivants avec « ${org} » :`,
    declaredNoOverride:
      'Un conflit déclaré par l’évaluateur ne peut être levé : il peut le retirer lui-même s’il n’a plus lieu d’être.',
    overrideReason: 'Raison de passer outre (obligatoire)',
    overrideHint: 'Cette raison est enregistrée au journal, avec votre nom.',
    override: 'Passer outre et affecter',
    overrideRequired: 'Écrivez la raison de passer outre ce conflit.',
    memberRequired: 'Choisissez un évaluateur du jury.',
    perApplicationInvalid: 'Un nombre entier de 1 à 10.',
    emailRequired: 'Écrivez l’adresse e-mail d’un compte.',
    lacking: (org: string, n: number) =>
      `« ${org} » : ${n === 1 ? 'il manque 1 évaluateur' : `il manque ${n} évaluateurs`} sans conflit.`,
    flash: {
      memberAdded: 'Membre ajouté au jury.',
      memberRemoved: 'Membre retiré du jury.',
      settingsSaved: 'Réglages enregistrés.',
      assigned: 'Évaluateur affecté.',
      unassigned: 'Affectation retirée.',
    },
    automaticDone: (n: number) =>
      n === 0
        ? 'Aucune affectation ajoutée : chaque candidature avait ses évaluateurs, ou aucun membre sans conflit ne restait.'
        : n === 1
          ? '1 affectation ajoutée.'
          : `${n} affectations ajoutées.`,
  },
  journal: {
    title: (name: string) => `Journal — ${name}`,
    link: 'Journal',
    intro:
      'Chaque changement de cette candidature, de ses affectations et de ses décisions, dans l’ordre : chaque entrée est chaînée à la précédente par son empreinte SHA-256.',
    caption: 'Les entrées du journal de la candidature',
    none: 'Aucune entrée.',
    seq: 'N°',
    when: 'Quand',
    who: 'Qui',
    what: 'Quoi',
    change: 'Avant → après',
    hash: 'Empreinte',
    platform: 'La plateforme',
    links: 'Jury et journal',
    actions: {
      started: 'Candidature commencée',
      state: 'Changement d’état',
      assigned: 'Évaluateur affecté',
      conflict_overridden: 'Conflit d’intérêts levé',
      removed: 'Affectation retirée',
    } as Record<string, string>,
  },
};

export type ProgrammesJuriesText = typeof programmesJuriesFr;
