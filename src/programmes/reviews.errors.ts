import { defineErrors } from '../kernel/errors.ts';

/** What reviews answer with: the rubric, a review's save, the jury's discussion. */
export const reviewsError = defineErrors({
  STALE_VERSION: {
    status: 409,
    fr: 'Cette évaluation a été enregistrée ailleurs (un autre onglet, un script) depuis que vous l’avez ouverte : rien n’a été écrit.',
    en: 'This review was saved elsewhere (another tab, a script) since you opened it: nothing was written.',
  },
  RUBRIC_LOCKED: {
    status: 409,
    fr: 'Des évaluations de cet appel sont soumises : ses critères, leurs poids, leurs échelles et son calcul ne peuvent plus changer. Rien n’a été enregistré.',
    en: 'Reviews of this call are submitted: its criteria, their weights, their scales and its method can no longer change. Nothing was saved.',
  },
  RUBRIC_INVALID: {
    status: 422,
    fr: 'La grille ou les réglages sont à corriger : rien n’a été enregistré.',
    en: 'The rubric or the settings need correcting: nothing was saved.',
  },
  REVIEW_INVALID: {
    status: 422,
    fr: 'Certaines notes sont à corriger : rien n’a été enregistré.',
    en: 'Some scores need correcting: nothing was saved.',
  },
  NOT_ASSIGNED: {
    status: 403,
    fr: 'Cette candidature ne vous est pas confiée.',
    en: 'This application is not entrusted to you.',
  },
  REVIEW_CLOSED: {
    status: 409,
    fr: 'Cette candidature est décidée ou retirée : ses évaluations ne changent plus.',
    en: 'This application is decided or withdrawn: its reviews no longer change.',
  },
  POST_INVALID: {
    status: 422,
    fr: 'Ce message est vide ou trop long : rien n’a été publié.',
    en: 'This message is empty or too long: nothing was posted.',
  },
});
