/** The texts of the operator's pages, in French (the reference). */
export const operationsFr = {
  operations: {
    failuresTitle: 'Tâches en échec',
    failuresIntro:
      'Les dernières tâches de fond qui ont échoué pour de bon, file par file : imports, publications, calculs, courriers.',
    none: 'Aucun échec.',
    when: 'Quand',
    what: 'Quoi',
    error: 'Erreur',
    attempts: 'Essais',
    noAttempts: '—',
    noMessage: '(aucun message)',
    failedLastWeek: (n: number) =>
      n === 1
        ? '1 tâche en échec ces 7 derniers jours'
        : `${n} tâches en échec ces 7 derniers jours`,
  },
};

export type OperationsText = typeof operationsFr;

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections extends OperationsText {}
}
