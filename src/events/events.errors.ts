import { defineErrors } from '../kernel/errors.ts';

/** What events, registrations and exhibitions answer with. */
export const eventsError = defineErrors({
  EVENT_NOT_FOUND: {
    status: 404,
    fr: 'Cet événement n’existe pas ou n’est pas publié.',
    en: 'This event does not exist or is not published.',
  },
  EVENT_FULL: {
    status: 409,
    fr: 'Cet événement est complet : vous pouvez vous inscrire sur la liste d’attente.',
    en: 'This event is full: you may join the waiting list.',
  },
  EVENT_ALREADY_REGISTERED: {
    status: 409,
    fr: 'Cette adresse est déjà inscrite à cet événement.',
    en: 'This address is already registered for this event.',
  },
  EVENT_REGISTRATION_CLOSED: {
    status: 409,
    fr: 'Les inscriptions à cet événement ne sont pas ouvertes.',
    en: 'Registration for this event is not open.',
  },
  EVENT_REGISTRATION_NOT_FOUND: {
    status: 404,
    fr: 'Ce lien d’inscription n’est pas (ou plus) valable.',
    en: 'This registration link is not (or no longer) valid.',
  },
  EVENT_SPACE_TAKEN: {
    status: 409,
    fr: 'L’espace est déjà réservé sur ce créneau : l’événement n’a pas été enregistré.',
    en: 'The space is already booked at that time: the event was not saved.',
  },
  EVENT_CAPACITY_TOO_LARGE: {
    status: 422,
    fr: 'La jauge dépasse la capacité de l’espace.',
    en: 'The capacity exceeds the space’s.',
  },
  EVENT_INVALID: {
    status: 422,
    fr: 'Cet événement est à corriger : rien n’a été enregistré.',
    en: 'This event needs correcting: nothing was saved.',
  },
  EVENT_SLUG_TAKEN: {
    status: 409,
    fr: 'Cette adresse est déjà prise par un autre événement.',
    en: 'This address is already taken by another event.',
  },
  EVENT_NOT_REQUESTED: {
    status: 409,
    fr: 'Cet événement n’attend pas de décision.',
    en: 'This event is not waiting for a decision.',
  },
  EVENT_TOO_MANY_ATTEMPTS: {
    status: 429,
    fr: 'Trop d’inscriptions depuis votre adresse en peu de temps. Réessayez dans un moment.',
    en: 'Too many registrations from your address in a short time. Try again in a moment.',
  },
  EVENT_IMAGE_REFUSED: {
    status: 422,
    fr: 'Cette image est refusée (JPEG, PNG ou WebP, 5 Mo au plus) : rien n’a été enregistré.',
    en: 'This image is refused (JPEG, PNG or WebP, 5 MB at most): nothing was saved.',
  },
  EXHIBITION_INVALID: {
    status: 422,
    fr: 'Cette exposition est à corriger : rien n’a été enregistré.',
    en: 'This exhibition needs correcting: nothing was saved.',
  },
  EXHIBITION_NOT_FOUND: {
    status: 404,
    fr: 'Cette exposition n’existe pas.',
    en: 'This exhibition does not exist.',
  },
});

export type EventsErrorCode = keyof typeof eventsError.table;
