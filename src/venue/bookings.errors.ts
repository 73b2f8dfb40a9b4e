import { AppError, defineErrors, type ErrorSpec } from '../kernel/errors.ts';
import type { Locale } from '../kernel/locale.ts';

/**
 * What the booking engine answers with. A broken booking rule is a 422 whose code names the rule
 * (`BOOKING_RULE_OPENING_HOURS`…); the API adds the rule's short name as `rule`
 * (`opening_hours`…). Conflicts are 409s whose message names the taken time in Paris, never who
 * holds it.
 */
export const bookingsError = defineErrors({
  BOOKING_CONFLICT: {
    status: 409,
    fr: 'Ce créneau est déjà réservé.',
    en: 'This time is already booked.',
  },
  SPACE_FULL: {
    status: 409,
    fr: 'Cet espace est complet sur cette période.',
    en: 'This space is full at that time.',
  },
  BOOKING_NOT_FOUND: {
    status: 404,
    fr: 'Cette réservation n’existe pas.',
    en: 'This booking does not exist.',
  },
  SPACE_NOT_FOUND: {
    status: 404,
    fr: 'Cet espace n’existe pas.',
    en: 'This space does not exist.',
  },
  BOOKING_BAD_TIME: {
    status: 422,
    fr: 'Les dates ou heures données ne sont pas valides.',
    en: 'The dates or times given are not valid.',
  },
  NONEXISTENT_LOCAL_TIME: {
    status: 422,
    fr: 'Cette heure n’existe pas à Paris ce jour-là : au passage à l’heure d’été, les horloges passent de 02:00 à 03:00.',
    en: 'This time does not exist in Paris on that day: when summer time starts, clocks jump from 02:00 to 03:00.',
  },
  BOOKING_RULE_IN_THE_PAST: {
    status: 422,
    fr: 'On ne réserve pas dans le passé.',
    en: 'Bookings cannot be made in the past.',
  },
  BOOKING_RULE_OPENING_HOURS: {
    status: 422,
    fr: 'L’espace n’est pas ouvert sur toute cette période.',
    en: 'The space is not open for all of that time.',
  },
  BOOKING_RULE_CLOSED_DAY: {
    status: 422,
    fr: 'L’espace est fermé ce jour-là.',
    en: 'The space is closed on that day.',
  },
  BOOKING_RULE_SLOT_ALIGNMENT: {
    status: 422,
    fr: 'Les heures doivent tomber sur les créneaux de l’espace.',
    en: 'Times must fall on the space’s slots.',
  },
  BOOKING_RULE_MIN_LENGTH: {
    status: 422,
    fr: 'La réservation est plus courte que le minimum de l’espace.',
    en: 'The booking is shorter than the space’s minimum.',
  },
  BOOKING_RULE_MAX_LENGTH: {
    status: 422,
    fr: 'La réservation est plus longue que le maximum de l’espace.',
    en: 'The booking is longer than the space’s maximum.',
  },
  BOOKING_RULE_MIN_NOTICE: {
    status: 422,
    fr: 'Cet espace se réserve avec un délai de prévenance plus long.',
    en: 'This space must be booked further in advance.',
  },
  BOOKING_RULE_MAX_DAYS_AHEAD: {
    status: 422,
    fr: 'Cette date est trop loin : l’espace ne se réserve pas aussi longtemps à l’avance.',
    en: 'This date is too far ahead for this space.',
  },
  BOOKING_RULE_WHO_MAY_BOOK: {
    status: 422,
    fr: 'Vous ne pouvez pas réserver cet espace.',
    en: 'You may not book this space.',
  },
  BOOKING_RULE_MAX_UPCOMING: {
    status: 422,
    fr: 'Vous avez déjà le nombre maximal de réservations à venir pour cet espace.',
    en: 'You already hold the most upcoming bookings allowed for this space.',
  },
  BOOKING_RULE_CHECKIN_WINDOW: {
    status: 422,
    fr: 'La présence se signale de 15 minutes avant le début jusqu’à la fin de la réservation.',
    en: 'Check-in opens 15 minutes before the start and closes at the end of the booking.',
  },
  BOOKING_RULE_SPACE_INACTIVE: {
    status: 422,
    fr: 'Cet espace ne se réserve pas en ce moment.',
    en: 'This space cannot be booked at the moment.',
  },
  CANCEL_TOO_LATE: {
    status: 422,
    fr: 'Il est trop tard pour annuler ou modifier cette réservation.',
    en: 'It is too late to cancel or change this booking.',
  },
  BOOKING_NOT_ACTIVE: {
    status: 409,
    fr: 'Cette réservation est annulée ou libérée.',
    en: 'This booking is cancelled or released.',
  },
  ALLOWANCE_EXHAUSTED: {
    status: 422,
    fr: 'Le forfait mensuel de votre organisation ne suffit pas pour cette réservation.',
    en: 'Your organisation’s monthly allowance does not cover this booking.',
  },
  ALLOWANCE_ORGANISATION: {
    status: 422,
    fr: 'Choisissez une organisation dont vous êtes membre.',
    en: 'Choose an organisation you are a member of.',
  },
  RECURRENCE_INVALID: {
    status: 422,
    fr: 'La récurrence est invalide : donnez une fréquence, des jours de semaine, et une date de fin ou un nombre d’occurrences (100 au plus).',
    en: 'The recurrence is invalid: give a frequency, weekdays, and an end date or a number of occurrences (100 at most).',
  },
  RECURRENCE_NOT_BOOKED: {
    status: 409,
    fr: 'Au moins une occurrence ne peut pas être réservée : rien n’a été réservé.',
    en: 'At least one occurrence cannot be booked: nothing was booked.',
  },
  WAITLIST_SLOT_FREE: {
    status: 409,
    fr: 'Ce créneau est libre : réservez-le directement.',
    en: 'This time is free: book it directly.',
  },
  WAITLIST_ALREADY: {
    status: 409,
    fr: 'Vous attendez déjà ce créneau.',
    en: 'You are already waiting for this time.',
  },
  WAITLIST_NOT_FOUND: {
    status: 404,
    fr: 'Cette place en liste d’attente n’existe pas.',
    en: 'This waiting-list entry does not exist.',
  },
  WAITLIST_OFFER_EXPIRED: {
    status: 409,
    fr: 'Cette offre a expiré ou n’est plus valable.',
    en: 'This offer has expired or is no longer valid.',
  },
  BOOKING_MEMBER_UNKNOWN: {
    status: 422,
    fr: 'Aucun compte membre d’une organisation n’a cette adresse e-mail.',
    en: 'No account of an organisation’s member has this e-mail address.',
  },
  FEED_NOT_FOUND: {
    status: 404,
    fr: 'Ce calendrier n’existe pas ou a été révoqué.',
    en: 'This calendar does not exist or was revoked.',
  },
});

export type BookingsErrorCode = keyof typeof bookingsError.table;

/** the rule a code names, as the API shows it (`BOOKING_RULE_MIN_NOTICE` → `min_notice`) */
export function ruleOf(code: string): string | undefined {
  if (code.startsWith('BOOKING_RULE_')) return code.slice('BOOKING_RULE_'.length).toLowerCase();
  const others: Record<string, string> = {
    CANCEL_TOO_LATE: 'cancel_cutoff',
    ALLOWANCE_EXHAUSTED: 'allowance',
    ALLOWANCE_ORGANISATION: 'allowance',
    NONEXISTENT_LOCAL_TIME: 'nonexistent_local_time',
    BOOKING_BAD_TIME: 'valid_times',
    RECURRENCE_INVALID: 'recurrence',
  };
  return others[code];
}

/** An error of the engine whose message adds what it is about (the taken time, what is left). */
class DetailedError extends AppError {
  constructor(
    code: string,
    spec: ErrorSpec,
    readonly detail: Record<Locale, string>,
  ) {
    super(code, spec, `${code}: ${detail.en}`);
  }

  override text(locale: Locale): string {
    return `${this.spec[locale]} ${this.detail[locale]}`.trim();
  }
}

/** `bookingsError(code)` with a sentence more in each language */
export function bookingsErrorWith(
  code: BookingsErrorCode,
  detail: Record<Locale, string>,
): AppError<BookingsErrorCode> {
  return new DetailedError(code, bookingsError.table[code], detail) as AppError<BookingsErrorCode>;
}
