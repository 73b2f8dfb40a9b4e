import { defineErrors } from '../kernel/errors.ts';

/** What the venue's settings and pages answer with (the bookings' own codes are in bookings.errors.ts). */
export const venueError = defineErrors({
  VENUE_SPACE_NOT_FOUND: {
    status: 404,
    fr: 'Cet espace n’existe pas ou n’est plus proposé.',
    en: 'This space does not exist or is no longer offered.',
  },
  VENUE_SITE_MISSING: {
    status: 404,
    fr: 'Le lieu n’est pas encore décrit : l’équipe doit d’abord le renseigner.',
    en: 'The venue is not described yet: staff must set it up first.',
  },
  VENUE_SPACE_SLUG_TAKEN: {
    status: 409,
    fr: 'Cette adresse est déjà prise par un autre espace.',
    en: 'This address is already taken by another space.',
  },
  VENUE_PLAN_SLUG_TAKEN: {
    status: 409,
    fr: 'Cette adresse est déjà prise par une autre formule.',
    en: 'This address is already taken by another plan.',
  },
  VENUE_SETTINGS_INVALID: {
    status: 422,
    fr: 'Ces réglages du lieu sont à corriger : rien n’a été enregistré.',
    en: 'These venue settings need correcting: nothing was saved.',
  },
  VENUE_PHOTO_REFUSED: {
    status: 422,
    fr: 'Cette photo est refusée (formats acceptés : JPEG, PNG, WebP) : rien n’a été enregistré.',
    en: 'This photo is refused (accepted formats: JPEG, PNG, WebP): nothing was saved.',
  },
  VENUE_PLAN_NOT_FOUND: {
    status: 404,
    fr: 'Cette formule n’existe pas.',
    en: 'This plan does not exist.',
  },
});
