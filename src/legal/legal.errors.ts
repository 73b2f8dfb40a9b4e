import { defineErrors } from '../kernel/errors.ts';

/** What the legal pages answer with, besides the platform's codes. */
export const legalError = defineErrors({
  /** no address to write to: none in the settings, and no account of the team */
  CONTACT_UNAVAILABLE: {
    status: 409,
    fr: 'Le formulaire de contact n’a pas encore de destinataire : l’équipe du hub doit en indiquer un dans ses paramètres.',
    en: 'The contact form has no recipient yet: the hub’s team must give one in its settings.',
  },
});
