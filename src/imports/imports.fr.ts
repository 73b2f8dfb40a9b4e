/** The texts of the register imports, in French (the reference). */
export const importsFr = {
  imports: {
    title: 'Imports SIRENE',
    queue: 'Imports du répertoire',
    intro: 'Importer les fichiers officiels du répertoire SIRENE et suivre les imports.',
    uploadTitle: 'Importer des fichiers',
    uploadIntro:
      'Fichiers StockEtablissement et/ou StockUniteLegale de l’Insee, en .csv, .csv.gz ou .zip (par exemple le fichier géolocalisé d’un département). L’import se poursuit même si le serveur redémarre.',
    establishments: 'Fichier des établissements',
    units: 'Fichier des unités légales',
    allSectors: 'Garder toutes les activités (pas seulement la sélection du hub)',
    submit: 'Lancer l’import',
    queued: 'Import enregistré : il démarre dans quelques secondes.',
    history: 'Imports',
    none: 'Aucun import pour le moment.',
    number: 'N°',
    status: 'État',
    files: 'Fichiers',
    progress: 'Avancement',
    rows: (n: string) => `${n} lignes lues`,
    merging: 'fusion dans l’annuaire en cours',
    result: 'Résultat',
    statuses: { queued: 'En attente', running: 'En cours', done: 'Terminé', failed: 'Échec' },
    summary: (created: string, updated: string, rejected: string) =>
      `${created} organisations créées, ${updated} mises à jour, ${rejected} lignes rejetées`,
    noFile: 'Choisissez au moins un fichier.',
    badType: 'Ce fichier n’est pas un fichier SIRENE lisible (.csv, .csv.gz ou .zip).',
    tooLarge: (max: string) => `Le fichier dépasse la taille autorisée (${max}).`,
    missingColumns: (cols: string) => `Colonnes obligatoires absentes : ${cols}.`,
    refused: (reason: string) => `Ce fichier est refusé : ${reason}.`,
    filesDeleted: (days: number) => `fichier supprimé après ${days} jour${days > 1 ? 's' : ''}`,
    rejections: 'Lignes rejetées',
    rejectedFiles: { establishments: 'Établissements', units: 'Unités légales' },
    rejectedLine: (file: string, line: string, reason: string) =>
      `${file}, ligne ${line} : ${reason}`,
    rejectionsFirst: (shown: string) => `Les ${shown} premières seulement.`,
    replaced: (n: string, date: string) =>
      `${n} effectifs déjà enregistrés au ${date} avec d’autres valeurs : remplacés par ceux de ce fichier, le plus récent.`,
  },
};

export type ImportsText = typeof importsFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends ImportsText {}
}
