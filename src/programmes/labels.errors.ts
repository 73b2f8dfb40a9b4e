import { defineErrors } from '../kernel/errors.ts';
import { instantToParis } from '../kernel/paris-time.ts';

/** What labels and the laureates' accompaniment answer with, besides programmes' own codes. */
export const labelsError = defineErrors({
  LABEL_WITHDRAWN: {
    status: 409,
    fr: 'Ce label a déjà été retiré : rien n’a changé.',
    en: 'This label has already been withdrawn: nothing changed.',
  },
  WITHDRAWAL_INVALID: {
    status: 422,
    fr: 'Le retrait d’un label demande un motif écrit : rien n’a été enregistré.',
    en: 'Withdrawing a label needs a written reason: nothing was saved.',
  },
  NOT_A_LAUREATE: {
    status: 409,
    fr: 'Seule une candidature acceptée a un accompagnement.',
    en: 'Only an accepted application has an accompaniment.',
  },
  MILESTONE_INVALID: {
    status: 422,
    fr: 'Ce jalon est incomplet : rien n’a été enregistré.',
    en: 'This milestone is incomplete: nothing was saved.',
  },
});

/** the calendar day ('YYYY-MM-DD') it is in Paris at this instant */
export function parisDay(now: Date): string {
  return instantToParis(now).slice(0, 10);
}
