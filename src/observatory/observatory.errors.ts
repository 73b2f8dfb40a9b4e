import { defineErrors } from '../kernel/errors.ts';

/**
 * What the observatory answers with, besides the platform's codes.
 *
 * A download that outlived its figures gets a code that tells the two cases apart:
 * `FIGURES_RECOMPUTED` is a conflict with a change that is over (409: the same download, asked
 * again, reads the newest run whole), while `OBJECTIVE_DELETED` says the list itself is gone
 * (410: asking again cannot succeed; the objective's addresses answer 404 from then on, since a
 * deleted objective leaves no trace to tell it from one that never was).
 */
export const observatoryError = defineErrors({
  FIGURES_RECOMPUTED: {
    status: 409,
    fr: 'Les chiffres ont été recalculés deux fois pendant le téléchargement. Relancez-le pour obtenir la liste à jour.',
    en: 'The figures were recomputed twice during the download. Start it again to get the current list.',
  },
  OBJECTIVE_DELETED: {
    status: 410,
    fr: 'Cet objectif a été supprimé pendant le téléchargement.',
    en: 'This objective was deleted during the download.',
  },
  FIGURES_NOT_COMPUTED: {
    status: 404,
    fr: 'Les chiffres de l’observatoire n’ont pas encore été calculés.',
    en: 'The observatory’s figures have not been computed yet.',
  },
});
