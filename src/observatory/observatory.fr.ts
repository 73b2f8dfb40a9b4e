/** The observatory's strings (French, the reference). */
export const observatoryFr = {
  nav: 'Observatoire',
  title: 'Observatoire de l’écosystème',
  intro:
    'Les objectifs du hub mesurés à partir du répertoire, jamais saisis à la main : chaque chiffre renvoie aux organisations qui le font.',
  dataAsOf: (date: string) => `Données du répertoire au ${date} (dernier import).`,
  noData:
    'Aucun import du répertoire n’a encore eu lieu : les chiffres ne portent que sur les fiches saisies.',
  notComputed:
    'Les chiffres n’ont pas encore été calculés. Ils le seront après le prochain import.',
  computedAt: (date: string) => `Calculé le ${date}.`,
  computing:
    'Un nouveau calcul est en cours ; les chiffres affichés sont ceux du calcul précédent.',
  demoData:
    'Ces chiffres sont calculés sur des données de démonstration : les entreprises et leurs effectifs sont synthétiques, pas réels.',
  objectivesTitle: 'Objectifs',
  noObjectives: 'Aucun objectif n’est défini.',
  valueOfTarget: (value: string, target: string) =>
    `${value} atteint${value === '1' || value === '0' ? '' : 's'} pour un objectif de ${target}`,
  deadline: (date: string) => `Échéance : ${date}`,
  reached: 'Objectif atteint',
  notReached: 'Objectif non atteint',
  seeObjective: 'Détail et organisations',
  value: 'Valeur actuelle',
  target: 'Cible',
  deadlineLabel: 'Échéance',
  rule: 'Règle',
  history: 'Historique',
  historyDesc: (title: string) =>
    `Valeur de l’objectif « ${title} » à chaque date d’import du répertoire, et projection à l’échéance.`,
  historyMethod:
    'Chaque valeur passée compte les organisations actives à cette date : une organisation fermée après la date comptait encore, une organisation fermée ce jour-là ou avant ne comptait plus ; une organisation fermée sans date connue ou partie du territoire est comptée selon son statut d’aujourd’hui. Le périmètre (siège ou établissement dans le territoire) et le secteur sont ceux d’aujourd’hui, appliqués à toutes les dates.',
  projection: 'Projection',
  projectionLine: 'projection',
  methods: {
    least_squares: (value: string, date: string, points: number, perYear: string) =>
      `${value} attendu(s) le ${date} : droite des moindres carrés ordinaires ajustée sur les ${points} valeurs datées de l’historique (pente ${perYear} par an), prolongée jusqu’à l’échéance. Une tendance, pas une prévision.`,
    deadline_passed: (date: string, value: string | null) =>
      value === null
        ? `L’échéance (${date}) est passée et aucun import ne la précède : pas de valeur à l’échéance, pas de projection.`
        : `L’échéance (${date}) est passée : valeur au dernier import avant l’échéance : ${value}. Pas de projection.`,
    insufficient: (points: number) =>
      `Pas de projection : il faut au moins deux imports datés (${points} pour l’instant).`,
    not_computed: 'Pas encore calculé.',
  },
  scopes: {
    head_office: 'siège social dans le territoire',
    any_establishment: 'au moins un établissement ouvert dans le territoire',
  },
  measures: {
    legal_unit: 'effectif de l’unité légale (toute la France)',
    territory_establishments: 'somme des effectifs de ses établissements du territoire',
  },
  ruleText: (parts: {
    scope: string;
    sector: string;
    kinds: string;
    measure: string;
    range: string;
    created: string;
    active: boolean;
  }) =>
    `${parts.active ? 'Organisations actives' : 'Organisations (tous statuts)'}, ${parts.scope}, ${parts.sector}${parts.kinds}${parts.created}, dont la dernière tranche d’effectif connue (${parts.measure}) commence ${parts.range}.`,
  sectorAll: 'avec une activité dans la sélection sectorielle du hub',
  sectorFields: (fields: string) => `rattachées aux champs : ${fields}`,
  kindsText: (kinds: string) => `, de type ${kinds}`,
  createdText: (date: string) => `, créées le ${date} ou après`,
  rangeAtLeast: (min: string) => `à ${min} salariés ou plus`,
  rangeBetween: (min: string, max: string) => `entre ${min} et ${max} salariés`,
  bandRule:
    'Une tranche compte par sa borne basse : la tranche 41 (500 à 999) n’entre jamais dans « 1000 ou plus ». Les tranches NN (non employeur) et vides sont inconnues et ne comptent nulle part.',
  organisationsTitle: (n: string) => `Organisations prises en compte (${n})`,
  noOrganisations: 'Aucune organisation ne remplit la règle.',
  organisation: 'Organisation',
  band: 'Tranche ou effectif',
  bandYear: 'Année',
  source: 'Source',
  observedOn: 'Observé le',
  exact: (n: string) => `${n} salariés`,
  bandRange: (code: string, min: string, max: string | null) =>
    max === null ? `${code} (${min} et plus)` : `${code} (${min} à ${max})`,
  sources: {
    register: 'Répertoire SIRENE',
    self: 'Déclaré par l’organisation',
    staff: 'Équipe du hub',
  },
  listSummary: (count: number, n: string, page: string, pages: string) =>
    `${n} organisation${count > 1 ? 's' : ''}, page ${page} sur ${pages}`,
  pagination: 'Pages de la liste',
  pageOf: (page: string, pages: string) => `Page ${page} sur ${pages}`,
  firstPage: 'Première page',
  prevPage: 'Page précédente',
  nextPage: 'Page suivante',
  lastPage: 'Dernière page',
  pageClamped: (asked: string, pages: string) =>
    `La page ${asked} n’existe pas : la liste compte ${pages} page(s). Voici la dernière.`,
  downloadList: (n: string) => `Télécharger toute la liste (CSV, ${n} lignes)`,
  indicatorsTitle: 'Indicateurs',
  byKind: 'Organisations actives par type',
  byKindDesc: 'Nombre d’organisations actives de l’annuaire, par type.',
  byField: 'Organisations actives par champ de développement',
  byFieldDesc:
    'Nombre d’organisations actives rattachées à chaque champ du hub (une organisation peut en avoir plusieurs).',
  overTime: 'Organisations dans l’annuaire après chaque import',
  overTimeDesc:
    'Nombre d’organisations présentes dans l’annuaire après chaque import, tous statuts.',
  creations: 'Créations par année',
  creationsDesc: 'Organisations de l’annuaire selon l’année de création donnée par le répertoire.',
  closures: 'Fermetures par année',
  closuresDesc:
    'Organisations fermées de l’annuaire selon l’année de fermeture datée par le répertoire (début de la période où l’unité légale est cessée).',
  closuresSummary: (closed: string, exited: string, undated: string) =>
    `Fermetures : ${closed} organisations sont fermées, dont ${undated} sans date de fermeture au répertoire : elles sont comptées à part (« date inconnue »), jamais réparties par année. ${exited} organisations ont quitté le territoire.`,
  closuresUnknown: 'Date inconnue',
  seeClosed: 'Voir les organisations fermées',
  jobs: 'Emplois salariés dans le territoire',
  jobsRange: (low: string, high: string) => `Entre ${low} et ${high} emplois salariés`,
  jobsRangeOpen: (low: string, n: number) =>
    `Au moins ${low} emplois salariés (${n} établissement${n > 1 ? 's' : ''} de 10 000 salariés ou plus, sans borne haute)`,
  jobsExplain: (known: string, open: string, years: string) =>
    `Somme des tranches d’effectif de ${known} établissements ouverts du territoire sur ${open} (les autres : tranche inconnue ou non employeur), bornes basses et hautes. Années des tranches : ${years}. Une fourchette, jamais un chiffre unique.`,
  jobsOn: (date: string) =>
    `Au ${date}, date du dernier import : le dernier point du graphique ci-dessous.`,
  noUpperBound: (n: number) =>
    `sans borne haute (${n} établissement${n > 1 ? 's' : ''} de 10 000 salariés ou plus)`,
  unit: (unit: string) => `Unité : ${unit}`,
  units: {
    organisations: 'organisations',
    establishments: 'établissements ouverts',
    jobs: 'emplois salariés',
    rounds: 'tours de financement',
  },
  jobsNone: 'Aucune tranche d’effectif d’établissement connue.',
  jobsHistory: 'Emplois salariés (fourchette) à chaque import',
  jobsHistoryDesc:
    'Bornes basse et haute de la somme des tranches d’effectif des établissements ouverts du territoire, à chaque date d’import (la tranche connue de chaque établissement à cette date). Là où compte un établissement de 10 000 salariés ou plus, il n’y a pas de borne haute : la courbe haute n’a pas de point.',
  low: 'Borne basse',
  high: 'Borne haute',
  funding: 'Levées de fonds par année',
  fundingDesc: 'Tours de financement enregistrés dans l’annuaire, par année d’annonce.',
  fundingNone: 'Aucun tour de financement n’est enregistré dans l’annuaire.',
  rounds: 'Tours',
  amount: 'Montant connu',
  undisclosed: 'Montant non communiqué',
  highGrowth: 'Entreprises à forte croissance',
  highGrowthRule:
    'Règle prudente avec des tranches : l’effectif de départ est pris à la borne haute de sa tranche, celui d’arrivée (trois années de tranche plus tard) à la borne basse ; seule une croissance ainsi prouvée compte, avec au moins 10 salariés prouvés au départ.',
  oecd: 'OCDE : plus de 20 % par an en moyenne sur 3 ans',
  eurostat: 'Eurostat : plus de 10 % par an en moyenne sur 3 ans',
  highGrowthCount: (proven: string, candidates: string) =>
    `${proven} prouvée(s) parmi ${candidates} organisation(s) observées à trois ans d’écart.`,
  highGrowthNone:
    'Non calculable : aucune organisation n’a d’observations à trois années de tranche d’écart.',
  byCommune: 'Établissements ouverts par commune',
  byCommuneDesc:
    'Établissements ouverts du territoire, placés au centre de leurs coordonnées dans chaque commune, avec leur nombre.',
  mapNote:
    'Carte dessinée à partir des coordonnées WGS84 des établissements (sans fond de carte) ; chaque cercle mène à l’annuaire filtré sur la commune.',
  byCommuneMapDesc:
    'Les communes du territoire avec leurs limites, d’autant plus foncées qu’elles comptent d’établissements ouverts ; les principales sont nommées. Chaque commune mène à l’annuaire filtré sur elle.',
  contoursNote:
    'Limites des communes : IGN, Admin Express COG (Licence Ouverte 2.0), simplifiées. Chaque commune mène à l’annuaire filtré sur elle ; les mêmes nombres sont dans le tableau.',
  establishmentsCount: (n: string, count: number) =>
    count > 1 ? `${n} établissements` : `${n} établissement`,
  commune: 'Commune',
  establishments: 'Établissements',
  organisations: 'Organisations',
  notLocated: 'Sans coordonnées',
  year: 'Année',
  date: 'Date',
  count: 'Nombre',
  kind: 'Type',
  field: 'Champ',
  total: 'Total',
  downloadCsv: 'Télécharger les données (CSV)',
  dataTable: 'Les chiffres du graphique',
  seeOrganisations: 'Voir les organisations',
  membersTitle: 'Organisations derrière un indicateur',
  sets: {
    oecd: 'Entreprises à forte croissance (OCDE)',
    eurostat: 'Entreprises à forte croissance (Eurostat)',
    funding: (year: string) => `Organisations financées en ${year}`,
    closures: (year: string) => `Organisations fermées en ${year}`,
    closuresUnknown: 'Organisations fermées sans date de fermeture connue',
  },
  firstBand: 'Départ',
  lastBand: 'Arrivée',
  roadmap: 'Feuille de route',
  roadmapIntro:
    'Les jalons annoncés par le hub, datés, avec leur état et les preuves qui l’établissent.',
  roadmapLink: 'Feuille de route du hub',
  milestoneStatus: {
    planned: 'Prévu',
    done: 'Réalisé',
    late: 'En retard',
    unverified: 'Non vérifié',
  },
  statusExplain:
    '« Non vérifié » : annoncé, sans preuve de réalisation enregistrée ici. Un jalon ne passe à « Réalisé » qu’avec une preuve.',
  evidence: 'Preuves',
  noEvidence: 'Aucune preuve enregistrée.',
  noMilestones: 'Aucun jalon.',
  dueIn: {
    day: (d: string) => d,
    month: (d: string) => `fin ${d}`,
    year: (d: string) => `au cours de ${d}`,
  },
  homeTitle: 'Objectifs du hub',
  homeLink: 'Tout l’observatoire',
  // back office
  adminTitle: 'Observatoire : objectifs et feuille de route',
  queue: 'Calculs de l’observatoire',
  runReason: (reason: string) => `Calcul demandé (${reason})`,
  adminIntro:
    'Définir les objectifs (des règles sur le répertoire), tenir la feuille de route et relancer le calcul.',
  recompute: 'Recalculer maintenant',
  recomputeQueued: 'Calcul lancé : les chiffres seront à jour dans quelques instants.',
  lastRun: (date: string, seconds: string) => `Dernier calcul : ${date} (${seconds} s).`,
  lastFailure: (error: string) => `Le dernier calcul a échoué : ${error}`,
  newObjective: 'Nouvel objectif',
  editObjective: 'Modifier l’objectif',
  newMilestone: 'Nouveau jalon',
  editMilestone: 'Modifier le jalon',
  edit: 'Modifier',
  save: 'Enregistrer',
  saved: 'Enregistré. Les chiffres sont recalculés en arrière-plan.',
  milestoneSaved: 'Jalon enregistré.',
  delete: 'Supprimer',
  deleteObjectiveTitle: 'Supprimer l’objectif',
  deleteMilestoneTitle: 'Supprimer le jalon',
  deleteObjectiveWhat: (title: string) => `L’objectif « ${title} » sera supprimé, avec :`,
  deleteObjectiveRule: 'sa règle, sa cible et son échéance ;',
  deleteObjectiveResult: 'sa valeur calculée, son historique et sa projection ;',
  deleteObjectiveMembers: (count: number, n: string) =>
    count === 0
      ? 'aucune liste d’organisations (aucune n’est prise en compte).'
      : count === 1
        ? 'la mention de l’organisation prise en compte (sa fiche reste dans l’annuaire).'
        : `la liste des ${n} organisations prises en compte (leurs fiches restent dans l’annuaire).`,
  deleteObjectiveWhere:
    'Il disparaîtra de la page d’accueil, des pages de l’observatoire et de l’API ; son adresse répondra « page introuvable ».',
  deleteMilestoneWhat: (title: string) =>
    `Le jalon « ${title} » sera retiré de la feuille de route publique, avec sa description, ses preuves et ses notes.`,
  deleteFinal: 'La suppression est définitive.',
  deleteConfirm: 'Supprimer définitivement',
  cancel: 'Annuler',
  objectiveDeleted: 'Objectif supprimé.',
  milestoneDeleted: 'Jalon supprimé.',
  fields: {
    title_fr: 'Intitulé en français',
    title_en: 'Intitulé en anglais',
    scope: 'Périmètre',
    fields: 'Secteurs',
    fieldsHint: 'Aucun coché : toute la sélection sectorielle du hub.',
    kinds: 'Types d’organisation',
    kindsHint: 'Aucun coché : tous les types.',
    measure: 'Mesure de l’effectif',
    min_employees: 'Borne basse (salariés)',
    minHint: 'Une tranche compte si elle commence entre la borne basse et la borne haute.',
    max_employees: 'Borne haute (salariés)',
    maxHint: 'Vide : pas de borne haute.',
    created_on_or_after: 'Créées le ou après (AAAA-MM-JJ)',
    createdHint: 'Facultatif.',
    active_only: 'Seulement les organisations actives',
    target: 'Cible (nombre d’organisations)',
    deadline: 'Échéance (AAAA-MM-JJ)',
    description_fr: 'Description en français',
    description_en: 'Description en anglais',
    due_on: 'Date prévue (AAAA-MM-JJ)',
    precision: 'Précision de la date',
    status: 'État',
    evidenceField: 'Preuves',
    evidenceHint: 'Une par ligne : libellé | adresse (https://… ou /actualites/…).',
    note_fr: 'Note en français',
    note_en: 'Note en anglais',
  },
  precisions: { day: 'Jour', month: 'Mois', year: 'Année' },
  errors: {
    required: 'Ce champ est obligatoire.',
    tooLong: 'Ce texte est trop long.',
    wholeNumber: 'Saisissez un nombre entier positif, par exemple 250.',
    maxBelowMin: 'La borne haute doit être supérieure ou égale à la borne basse.',
    date: 'Saisissez une date au format AAAA-MM-JJ, par exemple 2024-11-12.',
    choice: 'Choisissez une des valeurs proposées.',
    unknownField: 'Ce champ de développement n’existe pas.',
    evidence:
      'Chaque ligne : un libellé, une barre verticale, puis une adresse commençant par https:// ou /.',
  },
};

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections {
    observatory: typeof observatoryFr;
  }
}
