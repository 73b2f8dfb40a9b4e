import { connectionsFr } from './connections.fr.ts';

/** The texts of the directory: search, profiles, editing, claims, relations, in French (the reference). */
export const directoryFr = {
  directory: {
    title: 'Annuaire de l’écosystème',
    intro:
      'Les organisations du numérique du territoire, issues du répertoire officiel SIRENE et complétées par l’équipe du hub et les organisations elles-mêmes.',
    searchLabel: 'Rechercher une organisation',
    searchHint: 'Nom, sigle, mot-clé ou commune ; le début d’un mot suffit.',
    placeIncluded: (commune: string) => `Organisations situées à ${commune} incluses.`,
    placeOnly: (commune: string) => `Voir seulement les organisations situées à ${commune}`,
    facetLink: (label: string) => `organisations : ${label}`,
    submit: 'Rechercher',
    filters: 'Filtres',
    skipToResults: 'Aller aux résultats',
    filtersSummary: (n: number) =>
      n === 0
        ? 'Filtres et tri'
        : n === 1
          ? 'Filtres et tri (1 actif)'
          : `Filtres et tri (${n} actifs)`,
    results: (n: string, total: number) =>
      total > 1 ? `${n} organisations` : total === 1 ? '1 organisation' : 'Aucune organisation',
    noResults:
      'Aucune organisation ne correspond à cette recherche. Essayez moins de filtres ou un autre mot.',
    ignored: (names: string) =>
      `Une partie de l’adresse n’était pas valable et a été ignorée (${names}) ; les autres critères s’appliquent.`,
    facets: {
      kind: 'Type',
      field: 'Champ de développement',
      commune: 'Commune',
      headcount: 'Effectif salarié',
      status: 'Statut',
      label: 'Label',
    },
    kinds: {
      startup: 'Start-up',
      accelerator: 'Accélérateur',
      investor: 'Investisseur',
      cluster: 'Cluster',
      coworking: 'Espace de coworking',
      sme: 'PME',
      large_group: 'Grand groupe',
      local_authority: 'Collectivité',
      higher_education_research: 'Enseignement supérieur et recherche',
      association: 'Association',
      other: 'Autre',
    },
    statuses: { active: 'Active', exited: 'Sortie du territoire', closed: 'Fermée' },
    sort: 'Trier par',
    sortDefault: 'Pertinence (par nom sans recherche)',
    sorts: {
      relevance: 'Pertinence',
      name: 'Nom',
      headcount: 'Effectif',
      created: 'Date de création',
    },
    headcountMin: 'Effectif minimum',
    headcountMax: 'Effectif maximum',
    band: (min: string, max: string | null) =>
      max === null
        ? `${min} salariés et plus`
        : min === max
          ? `${min} salarié`
          : `${min} à ${max} salariés`,
    exactHeadcount: (n: string, count: number) => (count <= 1 ? `${n} salarié` : `${n} salariés`),
    unknownBand: 'Effectif inconnu',
    inYear: (y: number) => `en ${y}`,
    apply: 'Appliquer',
    clear: 'Effacer les filtres',
    exportCsv: 'Exporter en CSV',
    exportJson: 'Exporter en JSON',
    pagination: 'Pages de résultats',
    views: 'Affichage des résultats',
    viewList: 'Liste',
    viewMap: 'Carte',
    mapTitle: 'Organisations de la recherche par commune',
    mapDesc:
      'Les communes du territoire avec leurs limites, d’autant plus foncées qu’elles comptent d’organisations de cette recherche ; les principales sont nommées. Chaque commune mène à la liste filtrée sur elle.',
    mapHint:
      'Chaque commune compte les organisations de la recherche qui y ont un établissement, sans le filtre par commune (comme la case de ce filtre) ; une organisation présente dans plusieurs communes compte dans chacune. Une commune mène à la liste de ses organisations.',
    mapCount: (n: string, count: number) =>
      count > 1 ? `${n} organisations` : `${n} organisation`,
    mapNoContours:
      'Les limites de ces communes ne sont pas disponibles : le tableau donne les nombres de chaque commune.',
    mapTable: 'Organisations par commune',
    mapCommune: 'Commune',
    mapOrganisations: 'Organisations',
    mapOthers: 'Les autres communes du territoire n’en comptent aucune.',
    mapNone: 'Aucune organisation de cette recherche n’a d’établissement connu dans une commune.',
    mapSource: 'Limites des communes : IGN, Admin Express COG (Licence Ouverte 2.0), simplifiées.',
    pageOf: (p: number, n: number) => `Page ${p} sur ${n}`,
    prev: 'Page précédente',
    next: 'Page suivante',
    restricted: 'Diffusion restreinte',
    restrictedName: (siren: string) => `Unité à diffusion restreinte (SIREN ${siren})`,
    sources: {
      register: 'Répertoire SIRENE de l’Insee',
      self: 'Déclaré par l’organisation',
      staff: 'Équipe du hub',
    },
    searchBoxTitle: 'Chercher dans l’annuaire',
  },
  profile: {
    /** the labels the organisation holds or held (from programmes) */
    labels: {
      title: 'Labels',
      standing: { current: 'en cours', expired: 'échu', withdrawn: 'retiré' },
      since: (d: string) => `depuis le ${d}`,
      fromTo: (a: string, b: string) => `du ${a} au ${b}`,
      all: 'Tous les lauréats',
    },
    edit: 'Modifier la fiche',
    identity: 'Identité',
    siren: 'SIREN',
    kind: 'Type',
    status: 'Statut',
    fields: 'Champs de développement',
    tags: 'Mots-clés',
    website: 'Site web',
    created: 'Création',
    legalCategory: 'Catégorie juridique',
    activity: 'Activité principale (NAF)',
    headcount: 'Effectif salarié',
    establishments: 'Établissements sur le territoire',
    siret: 'SIRET',
    address: 'Adresse',
    headOffice: 'Siège',
    open: 'Ouvert',
    closed: 'Fermé',
    noEstablishment: 'Aucun établissement connu sur le territoire.',
    history: 'Historique des effectifs',
    observedOn: 'Observé le',
    year: 'Année de référence',
    value: 'Effectif',
    source: 'Source',
    noHistory: 'Aucune observation d’effectif.',
    relations: 'Relations',
    noRelations: 'Aucune relation enregistrée.',
    since: (d: string) => `depuis le ${d}`,
    funding: 'Levées de fonds',
    noFunding: 'Aucune levée de fonds enregistrée.',
    amount: 'Montant',
    stage: 'Étape',
    investors: 'Investisseurs',
    date: 'Date',
    stages: {
      pre_seed: 'Pré-amorçage',
      seed: 'Amorçage',
      series_a: 'Série A',
      series_b: 'Série B',
      series_c: 'Série C',
      later: 'Tour ultérieur',
      grant: 'Subvention',
      debt: 'Dette',
      other: 'Autre',
    },
    relationTypes: {
      invests_in: 'investit dans',
      accelerates: 'accompagne',
      member_of: 'est membre de',
      partner_of: 'est partenaire de',
      hosted_at: 'est hébergé par',
      spin_off_of: 'est issu de',
      parent_of: 'est la société mère de',
    },
    provenance: 'Provenance',
    backToDirectory: 'Retour à l’annuaire',
    ceased: 'Unité légale cessée au répertoire SIRENE',
  },
  editor: {
    title: (name: string) => `Modifier « ${name} »`,
    intro:
      'Les champs déclarés ici sont affichés avec leur provenance. Les données du répertoire SIRENE se mettent à jour à chaque import.',
    staffOnly: 'Réservé à l’équipe du hub',
    name: 'Nom',
    acronym: 'Sigle',
    kind: 'Type',
    status: 'Statut',
    descriptionFr: 'Description (français)',
    descriptionEn: 'Description (anglais)',
    website: 'Site web',
    tags: 'Mots-clés',
    tagsHint: 'Séparés par des virgules.',
    fields: 'Champs de développement',
    headcount: 'Effectif salarié déclaré',
    headcountHint:
      'Nombre de salariés ; laissez vide pour ne rien déclarer. Chaque déclaration est conservée dans l’historique.',
    headcountYear: 'Année de cet effectif',
    save: 'Enregistrer',
    saved: 'Fiche enregistrée.',
    conflict:
      'Quelqu’un a modifié cette fiche pendant que vous la modifiiez. Rien n’a été enregistré : voici la version actuelle, et vos saisies sont conservées ci-dessous pour que vous les repreniez.',
    current: 'Version actuelle',
    cancel: 'Annuler',
    mergeTitle: 'Fusionner un doublon',
    mergeIntro:
      'Cette fiche sera fusionnée dans la fiche indiquée ; son adresse redirigera vers elle.',
    mergeTarget: 'Adresse ou identifiant de la fiche conservée',
    mergeSubmit: 'Fusionner dans cette fiche',
    merged: 'Le doublon a été fusionné dans cette fiche.',
    mergedNotice:
      'La fiche à laquelle vous écriviez a été fusionnée dans celle-ci : ce que vous avez envoyé n’a pas été enregistré.',
  },
  claim: {
    title: 'Vous représentez cette organisation ?',
    intro:
      'Revendiquez la fiche pour la tenir à jour. Si le domaine de votre adresse e-mail est celui du site web de l’organisation, l’accès est immédiat ; sinon l’équipe du hub vérifie la demande.',
    message: 'Message pour l’équipe (facultatif)',
    submit: 'Revendiquer cette fiche',
    member: 'Vous êtes désormais membre de cette organisation et pouvez modifier sa fiche.',
    pending: 'Votre demande est enregistrée ; l’équipe du hub vous répondra.',
    pendingTitle: 'Votre demande de rattachement est en attente',
    pendingSince: (date: string) =>
      `Vous avez demandé le ${date} à représenter cette organisation. L’équipe du hub vérifie votre demande et vous répondra par e-mail ; inutile de la renouveler.`,
    already: 'Vous êtes déjà membre de cette organisation.',
    signIn: 'Connectez-vous pour revendiquer cette fiche.',
    queueTitle: 'Revendications à vérifier',
    queueEmpty: 'Aucune revendication en attente.',
    who: 'Demandeur',
    organisation: 'Organisation',
    approve: 'Accepter',
    reject: 'Refuser',
    decided: 'Décision enregistrée.',
    alreadyDecided: 'Cette demande a déjà été traitée.',
    unverified:
      'Confirmez d’abord votre adresse e-mail : ouvrez le lien que nous vous avons envoyé. Tant qu’elle n’est pas confirmée, vous ne pouvez pas revendiquer une organisation.',
    resend: 'Renvoyer le lien de confirmation',
    automaticTitle: 'Membres entrés par leur adresse e-mail (30 derniers jours)',
    automaticIntro:
      'Ces personnes sont devenues membres dès leur demande : le domaine de leur adresse confirmée est celui du site web de l’organisation. Révoquez un accès qui n’aurait pas dû être donné : la personne cesse d’être membre.',
    automaticEmpty: 'Personne n’est entré ainsi ces 30 derniers jours.',
    joinedAt: 'Membre depuis le',
    revoke: 'Révoquer',
    revokeLabel: (who: string, org: string) => `Révoquer l’accès de ${who} à ${org}`,
    revoked: 'L’accès est révoqué : la personne n’est plus membre de l’organisation.',
    notRevocable: 'Cet accès a déjà été révoqué.',
    automaticSubject: (hub: string, org: string) =>
      `${hub} — un nouveau membre pour « ${org} » par son adresse e-mail`,
    automaticBody: (name: string, who: string, email: string, org: string, link: string) =>
      `Bonjour ${name},\n\n${who} <${email}> est devenu membre de « ${org} » à l’instant : le domaine de son adresse, confirmée, est celui du site web de l’organisation. Il peut désormais modifier sa fiche.\n\nSi cet accès n’aurait pas dû être donné, révoquez-le ici :\n${link}`,
  },
  accountOrganisations: {
    title: 'Mes organisations',
    none: 'Vous ne représentez encore aucune organisation. Revendiquez sa fiche depuis l’annuaire.',
    pending: 'demande en attente de vérification par l’équipe du hub',
    edit: 'Modifier la fiche',
    decidedSubject: (hub: string, org: string) => `${hub} — votre demande pour « ${org} »`,
    approvedBody: (name: string, org: string, link: string) =>
      `Bonjour ${name},\n\nL’équipe du hub a accepté votre demande : vous pouvez désormais tenir à jour la fiche « ${org} ».\n${link}`,
    rejectedBody: (name: string, org: string) =>
      `Bonjour ${name},\n\nL’équipe du hub n’a pas pu vérifier votre lien avec « ${org} » et a refusé la demande. Répondez à ce message pour en savoir plus, ou refaites une demande depuis une adresse e-mail du domaine de l’organisation.`,
  },
  connections: connectionsFr,
};

export type DirectoryText = typeof directoryFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends DirectoryText {}
}
