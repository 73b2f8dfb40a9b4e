import { defineErrors } from '../kernel/errors.ts';

/** What accounts answer with, besides the platform's codes. */
export const accountsError = defineErrors({
  EMAIL_TAKEN: {
    status: 409,
    fr: 'Un compte existe déjà avec cette adresse.',
    en: 'An account already exists with this address.',
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
});
