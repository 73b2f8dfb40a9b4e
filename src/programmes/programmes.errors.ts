import { defineErrors } from '../kernel/errors.ts';

/** What programmes answer with, besides the platform's codes. */
export const programmesError = defineErrors({
  CALL_NOT_OPEN: {
    status: 409,
    fr: 'Cet appel n’est pas encore ouvert : les candidatures commencent à son ouverture.',
    en: 'This call is not open yet: applications start when it opens.',
  },
  CALL_CLOSED: {
    status: 409,
    fr: 'Cet appel est clos : la date limite, délai de grâce compris, est passée. Rien n’a été déposé.',
    en: 'This call is closed: the deadline, grace period included, has passed. Nothing was submitted.',
  },
  STALE_VERSION: {
    status: 409,
    fr: 'Cette candidature a été enregistrée ailleurs (un autre onglet, une autre personne) depuis que vous l’avez ouverte : rien n’a été écrit. Rechargez-la pour voir ses changements.',
    en: 'This application was saved elsewhere (another tab, another person) since you opened it: nothing was written. Reload it to see the changes.',
  },
  NOT_ELIGIBLE: {
    status: 403,
    fr: 'Cette organisation ne remplit pas les conditions de l’appel.',
    en: 'This organisation does not meet the call’s conditions.',
  },
  NOT_A_MEMBER: {
    status: 403,
    fr: 'Vous ne pouvez candidater qu’au nom d’une organisation dont vous êtes membre, avec une adresse e-mail confirmée.',
    en: 'You may only apply for an organisation you are a member of, with a confirmed e-mail address.',
  },
  ORGANISATION_UNKNOWN: {
    status: 404,
    fr: 'Aucune organisation de l’annuaire n’a ce SIREN.',
    en: 'No organisation of the directory has this SIREN.',
  },
  APPLICATION_EXISTS: {
    status: 409,
    fr: 'Cette organisation a déjà une candidature à cet appel : reprenez-la plutôt.',
    en: 'This organisation already has an application to this call: resume it instead.',
  },
  APPLICATION_NOT_DRAFT: {
    status: 409,
    fr: 'Cette candidature n’est plus modifiable : elle a été déposée, retirée ou décidée.',
    en: 'This application can no longer be changed: it was submitted, withdrawn or decided.',
  },
  NOT_WITHDRAWABLE: {
    status: 409,
    fr: 'Cette candidature ne peut plus être retirée : elle est déjà retirée ou décidée.',
    en: 'This application can no longer be withdrawn: it is already withdrawn or decided.',
  },
  ANSWERS_INVALID: {
    status: 422,
    fr: 'Certaines réponses sont à corriger : rien n’a été enregistré.',
    en: 'Some answers need correcting: nothing was saved.',
  },
  FORM_INVALID: {
    status: 422,
    fr: 'Ce formulaire est mal construit.',
    en: 'This form is not well built.',
  },
  CALL_INVALID: {
    status: 422,
    fr: 'Cet appel est mal défini (dates, règles ou adresse).',
    en: 'This call is not well defined (dates, rules or address).',
  },
  NOT_REVIEWABLE: {
    status: 409,
    fr: 'Seule une candidature déposée peut passer en examen.',
    en: 'Only a submitted application can be put under review.',
  },
  NOT_CORRECTABLE: {
    status: 409,
    fr: 'Une correction ne se demande qu’à une candidature déposée ou en examen.',
    en: 'A correction can only be requested of a submitted application or one under review.',
  },
  CORRECTION_INVALID: {
    status: 422,
    fr: 'La demande de correction est incomplète : rien n’a été envoyé.',
    en: 'The correction request is incomplete: nothing was sent.',
  },
  REFERENCE_CODE_LOCKED: {
    status: 409,
    fr: 'Le code de référence de cet appel ne peut plus changer : des accusés de réception portant ce code ont déjà été délivrés. Rien n’a été enregistré.',
    en: 'This call’s reference code can no longer change: acknowledgements bearing it have already been issued. Nothing was saved.',
  },
  FILE_REFUSED: {
    status: 422,
    fr: 'Ce fichier est refusé : rien n’a été enregistré.',
    en: 'This file is refused: nothing was saved.',
  },
  SLUG_TAKEN: {
    status: 409,
    fr: 'Cette adresse est déjà prise par un autre programme ou appel.',
    en: 'This address is already taken by another programme or call.',
  },
  // ── juries: members, conflicts of interest, assignments ──
  CONFLICT_OF_INTEREST: {
    status: 409,
    fr: 'Ce membre du jury a un conflit d’intérêts avec l’organisation candidate : il ne peut pas lui être affecté.',
    en: 'This jury member has a conflict of interest with the applicant organisation: they cannot be assigned to it.',
  },
  NOT_IN_JURY: {
    status: 422,
    fr: 'Cette personne n’est pas membre du jury de cet appel : ajoutez-la d’abord au jury.',
    en: 'This person is not a member of this call’s jury: add them to the jury first.',
  },
  NOT_A_REVIEWER: {
    status: 422,
    fr: 'Ce compte ne peut pas siéger dans un jury : seuls les comptes évaluateur, équipe ou administrateur le peuvent.',
    en: 'This account cannot sit on a jury: only reviewer, staff or administrator accounts can.',
  },
  ACCOUNT_UNKNOWN: {
    status: 422,
    fr: 'Aucun compte n’a cette adresse e-mail.',
    en: 'No account has this e-mail address.',
  },
  NOT_ASSIGNABLE: {
    status: 409,
    fr: 'Seule une candidature déposée ou en examen reçoit des évaluateurs.',
    en: 'Only a submitted application, or one under review, is given reviewers.',
  },
  ALREADY_ASSIGNED: {
    status: 409,
    fr: 'Cet évaluateur est déjà affecté à cette candidature.',
    en: 'This reviewer is already assigned to this application.',
  },
  OVERRIDE_INVALID: {
    status: 422,
    fr: 'Passer outre un conflit d’intérêts demande une raison écrite : rien n’a été enregistré.',
    en: 'Overriding a conflict of interest needs a written reason: nothing was saved.',
  },
  ASSIGNMENT_REVIEWED: {
    status: 409,
    fr: 'Cet évaluateur a déjà rendu son évaluation : son affectation reste.',
    en: 'This reviewer has already submitted their review: the assignment stays.',
  },
  JURY_MEMBER_REVIEWED: {
    status: 409,
    fr: 'Ce membre du jury a déjà rendu des évaluations pour cet appel : il reste au jury.',
    en: 'This jury member has already submitted reviews for this call: they stay on the jury.',
  },
  JURY_INVALID: {
    status: 422,
    fr: 'Certaines valeurs sont à corriger : rien n’a été enregistré.',
    en: 'Some values need correcting: nothing was saved.',
  },
  // decisions (decisions.service.ts)
  ALREADY_DECIDED: {
    status: 409,
    fr: 'Cette candidature a déjà sa décision : une décision ne se prend qu’une fois. Rien n’a été écrit.',
    en: 'This application already has its decision: a decision is taken once. Nothing was written.',
  },
  NOT_DECIDABLE: {
    status: 409,
    fr: 'Seule une candidature déposée ou en examen peut être décidée.',
    en: 'Only a submitted application or one under review can be decided.',
  },
  DECISION_INVALID: {
    status: 422,
    fr: 'La décision est incomplète : rien n’a été enregistré.',
    en: 'The decision is incomplete: nothing was saved.',
  },
});

/** what an error adds to its answer: the current version, the reasons, the fields' messages */
export type ErrorDetails = Readonly<Record<string, unknown>>;
const details = new WeakMap<Error, ErrorDetails>();

/** the error, carrying details its JSON answer gives beside the code and message */
export function withDetails<E extends Error>(error: E, more: ErrorDetails): E {
  details.set(error, more);
  return error;
}

export function detailsOf(error: unknown): ErrorDetails | undefined {
  return error instanceof Error ? details.get(error) : undefined;
}
