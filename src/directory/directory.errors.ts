import { defineErrors } from '../kernel/errors.ts';

/**
 * What the directory answers with, besides the platform's codes: each says which rule of the
 * register refused the action, so that a page can explain it and a test can name it.
 */
export const directoryError = defineErrors({
  /** a profile saved from a version someone else changed meanwhile: nothing was written */
  STALE_VERSION: {
    status: 409,
    fr: 'Quelqu’un a modifié cette fiche pendant que vous la modifiiez. Rien n’a été enregistré.',
    en: 'Someone changed this profile while you were editing it. Nothing was saved.',
  },
  /** a claim another member of the team decided first (or that no longer waits) */
  CLAIM_ALREADY_DECIDED: {
    status: 409,
    fr: 'Cette demande a déjà été traitée.',
    en: 'This request was already decided.',
  },
  /** a claim, or acting as a member, from an account whose e-mail address is not verified */
  ADDRESS_NOT_VERIFIED: {
    status: 403,
    fr: 'Confirmez d’abord votre adresse e-mail, avec le lien que nous vous avons envoyé (votre compte peut en renvoyer un).',
    en: 'Confirm your e-mail address first, with the link we sent you (your account page can send another).',
  },
  /** a revocation of a claim that is not (or no longer) an automatic membership */
  CLAIM_NOT_REVOCABLE: {
    status: 409,
    fr: 'Cet accès a déjà été révoqué, ou n’a pas été donné par l’adresse e-mail.',
    en: 'This access was already revoked, or was not given by the e-mail address.',
  },
  MERGE_INTO_ITSELF: {
    status: 409,
    fr: 'Une fiche ne peut être fusionnée dans elle-même.',
    en: 'A profile cannot be merged into itself.',
  },
  /** the address given for the profile to keep names no active organisation */
  MERGE_TARGET_UNKNOWN: {
    status: 422,
    fr: 'Aucune fiche active à cette adresse.',
    en: 'No active profile at that address.',
  },
  // ── relations through the API ──
  /** the other side of a relation names no active organisation (by slug or SIREN) */
  RELATION_OTHER_UNKNOWN: {
    status: 422,
    fr: 'Aucune organisation active de l’annuaire n’a cette adresse ni ce SIREN.',
    en: 'No active organisation of the directory has this address or SIREN.',
  },
  RELATION_SELF: {
    status: 422,
    fr: 'Une organisation ne peut être en relation avec elle-même.',
    en: 'An organisation cannot be related to itself.',
  },
  RELATION_DUPLICATE: {
    status: 409,
    fr: 'Cette relation est déjà enregistrée.',
    en: 'This relation is already recorded.',
  },
});

export type DirectoryErrorCode = keyof typeof directoryError.table;
