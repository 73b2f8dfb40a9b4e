import { defineErrors } from '../kernel/errors.ts';

/** What news answers with, besides the platform's codes. */
export const newsError = defineErrors({
  STALE_VERSION: {
    status: 409,
    fr: 'Quelqu’un a enregistré cet article depuis que vous l’avez ouvert : rien n’a été écrit. Rouvrez-le pour voir ses changements.',
    en: 'Someone saved this article since you opened it: nothing was written. Open it again to see their changes.',
  },
  SLUG_TAKEN: {
    status: 409,
    fr: 'L’adresse de cette révision a été prise depuis par une autre actualité : rien n’a été restauré.',
    en: 'The address of this revision has since been taken by another news item: nothing was restored.',
  },
  PROPOSAL_ALREADY_DECIDED: {
    status: 409,
    fr: 'Cette actualité n’attend pas de décision : ce n’est pas une proposition, ou elle a déjà été publiée ou refusée.',
    en: 'This news item awaits no decision: it is not a proposal, or it was already published or declined.',
  },
  NOTHING_TO_RETRY: {
    status: 409,
    fr: 'Cette version n’a pas de publication programmée en échec : il n’y a rien à relancer.',
    en: 'This version has no failed scheduled publication: there is nothing to retry.',
  },
});
