/** The texts of the hub's home page and its settings, in French (the reference). */
export const hubFr = {
  home: {
    title: (hub: string) => `${hub} — l’écosystème numérique du territoire`,
    labelled: (date: string) => `Métropole labellisée « French Tech » le ${date}.`,
    territoryTitle: 'Le territoire',
    territoryText: (names: string) => `Le hub couvre les intercommunalités suivantes : ${names}.`,
    communes: (n: number) => (n > 1 ? `${n} communes` : `${n} commune`),
    population: (n: string) => `${n} habitants (population municipale)`,
    fieldsTitle: 'Champs de développement',
    fieldsIntro: 'Les domaines dans lesquels le territoire entend prendre toute sa place.',
    joinTitle: 'Rejoindre la plateforme',
    joinText:
      'Créez un compte pour revendiquer la fiche de votre organisation dans l’annuaire et la tenir à jour.',
  },
  settings: {
    title: 'Territoire et secteurs',
    intro:
      'Le territoire du hub et la sélection des codes d’activité qui font entrer une organisation dans l’annuaire.',
    epci: 'Intercommunalités du territoire (codes EPCI)',
    epciHint:
      'Codes SIREN des intercommunalités, séparés par des virgules (géographie officielle, millésime 2026).',
    epciUnknown: (codes: string) => `Codes EPCI inconnus : ${codes}.`,
    epciEmpty: 'Indiquez au moins une intercommunalité.',
    sectors: 'Sélection sectorielle (codes NAF rév. 2)',
    sectorsHint: (fields: string) =>
      `Un code par ligne, suivi éventuellement de « : » et des champs du hub auxquels il correspond. Champs : ${fields}.`,
    sectorsInvalid: (lines: string) => `Lignes à corriger : ${lines}.`,
    sectorsEmpty: 'Indiquez au moins un code d’activité.',
    fields: 'Champs de développement du hub',
    fieldsHint:
      'Un champ par ligne : identifiant | nom en français | nom en anglais. Garder l’identifiant renomme le champ ; un nouvel identifiant ajoute un champ.',
    fieldsInvalid: (lines: string) => `Lignes de champs à corriger : ${lines}.`,
    fieldsDropped: (slugs: string) =>
      `Un champ ne peut pas être retiré (des organisations y sont rattachées) : ${slugs}.`,
    reimport: 'Les changements s’appliquent aux prochains imports SIRENE.',
    legalTitle: 'Mentions légales et contact',
    legalIntro:
      'Ce que la page « Mentions légales » nomme, et l’adresse où le formulaire de contact écrit.',
    publisher: 'Éditeur du site',
    publisherHint: 'Nom, forme juridique, adresse, numéro d’immatriculation s’il y en a un.',
    director: 'Directeur ou directrice de la publication',
    host: 'Hébergeur',
    hostHint: 'Nom, adresse et téléphone de l’hébergeur.',
    contactEmail: 'Adresse qui reçoit le formulaire de contact',
    contactEmailHint:
      'Vide : les messages vont aux comptes de l’équipe (rôles équipe et administrateur).',
    save: 'Enregistrer',
    saved: 'Paramètres enregistrés.',
  },
};

export type HubText = typeof hubFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends HubText {}
}
