import { defineErrors } from '../kernel/errors.ts';

/** What accounts answer with, besides the platform's codes. */
export const accountsError = defineErrors({
  EMAIL_TAKEN: {
    status: 409,
    fr: 'Un compte existe déjà avec cette adresse.',
    en: 'An account already exists with this address.',
  },
  EMAIL_UNCHANGED: {
    status: 422,
    fr: 'C’est déjà l’adresse de votre compte.',
    en: 'This is already your account’s address.',
  },
  WRONG_PASSWORD: {
    status: 422,
    fr: 'Ce n’est pas votre mot de passe actuel.',
    en: 'This is not your current password.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    fr: 'Adresse e-mail ou mot de passe incorrect.',
    en: 'Incorrect e-mail address or password.',
  },
  TOKEN_INVALID: {
    status: 400,
    fr: 'Ce lien n’est plus valable.',
    en: 'This link is no longer valid.',
  },
  API_TOKEN_INVALID: {
    status: 401,
    fr: 'Ce jeton d’API est inconnu ou révoqué, ou son compte est désactivé.',
    en: 'This API token is unknown or revoked, or its account is disabled.',
  },
  API_TOKEN_SESSION_REQUIRED: {
    status: 403,
    fr: 'Un jeton d’API ne peut pas créer d’autre jeton : créez-le depuis une session connectée.',
    en: 'An API token cannot create another token: create it from a signed-in session.',
  },
  SELF_DISABLE: {
    status: 409,
    fr: 'Vous ne pouvez pas désactiver votre propre compte.',
    en: 'You cannot disable your own account.',
  },
  SELF_DEMOTE: {
    status: 409,
    fr: 'Vous ne pouvez pas changer votre propre rôle : demandez-le à un autre administrateur.',
    en: 'You cannot change your own role: ask another administrator.',
  },
  ORGANISATION_UNKNOWN: {
    status: 404,
    fr: 'Aucune organisation de l’annuaire ne correspond.',
    en: 'No organisation of the directory matches.',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    fr: 'Trop de tentatives en peu de temps. Patientez quelques instants puis réessayez.',
    en: 'Too many attempts in a short time. Wait a moment and try again.',
  },
  ACCOUNT_DISABLED: {
    status: 409,
    fr: 'Ce compte est désactivé.',
    en: 'This account is disabled.',
  },
});

export type AccountsErrorCode = keyof typeof accountsError.table;
