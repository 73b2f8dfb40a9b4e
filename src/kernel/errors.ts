import type { Locale } from './locale.ts';

/**
 * Domain errors carry a code. Each capability declares its codes with `defineErrors`, each with
 * one HTTP status and a message in both languages (the type checker asks for both); the error
 * carries its own entry, so the one place that answers errors (app/error-handler.ts) needs no
 * list of every capability's codes.
 */
export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

export type ErrorSpec = { readonly status: HttpStatus; readonly fr: string; readonly en: string };

/** a field's name → the message shown next to it */
export type FieldErrors = Record<string, string>;

export class AppError<Code extends string = string> extends Error {
  override name = 'AppError';
  constructor(
    readonly code: Code,
    readonly spec: ErrorSpec,
    message?: string,
    readonly fields?: FieldErrors,
  ) {
    super(message ?? code);
  }

  get status(): HttpStatus {
    return this.spec.status;
  }

  /** the message for people, in their language */
  text(locale: Locale): string {
    return this.spec[locale];
  }
}

export type ErrorTable = Readonly<Record<string, ErrorSpec>>;

export type ErrorFactory<T extends ErrorTable> = {
  <C extends keyof T & string>(code: C, message?: string, fields?: FieldErrors): AppError<C>;
  /** every code, with its status and messages (for the documentation and the tests) */
  readonly table: T;
  /** whether an error is one of these codes (or the one given) */
  is<C extends keyof T & string>(error: unknown, code?: C): error is AppError<C>;
};

/**
 * A capability's error codes: `const fail = defineErrors({ SLUG_TAKEN: { status: 409, fr, en } })`,
 * then `throw fail('SLUG_TAKEN')` and `fail.is(error, 'SLUG_TAKEN')`.
 */
export function defineErrors<const T extends Record<string, ErrorSpec>>(table: T): ErrorFactory<T> {
  const frozen = Object.freeze({ ...table });
  const make = <C extends keyof T & string>(code: C, message?: string, fields?: FieldErrors) =>
    new AppError(code, frozen[code] as ErrorSpec, message, fields);
  const is = <C extends keyof T & string>(error: unknown, code?: C): error is AppError<C> =>
    error instanceof AppError &&
    Object.hasOwn(frozen, error.code) &&
    frozen[error.code as keyof T] === error.spec &&
    (code === undefined || error.code === code);
  return Object.assign(make, { table: frozen, is });
}

/** The codes every capability may answer with. */
export const coreError = defineErrors({
  BAD_REQUEST: { status: 400, fr: 'La requête est incorrecte.', en: 'The request is malformed.' },
  VALIDATION_FAILED: {
    status: 422,
    fr: 'Certaines données sont invalides.',
    en: 'Some data is invalid.',
  },
  UNAUTHENTICATED: {
    status: 401,
    fr: 'Connectez-vous pour continuer.',
    en: 'Sign in to continue.',
  },
  FORBIDDEN: {
    status: 403,
    fr: 'Vous n’avez pas accès à cette page.',
    en: 'You do not have access to this page.',
  },
  CSRF_INVALID: {
    status: 403,
    fr: 'Le formulaire a expiré ou ne provient pas de ce site. Rechargez la page et réessayez.',
    en: 'The form has expired or does not come from this site. Reload the page and try again.',
  },
  NOT_FOUND: {
    status: 404,
    fr: 'La page demandée n’existe pas ou a été déplacée.',
    en: 'The page you asked for does not exist or has moved.',
  },
  CONFLICT: {
    status: 409,
    fr: 'Cette action entre en conflit avec l’état actuel.',
    en: 'This action conflicts with the current state.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    fr: 'L’envoi dépasse la taille autorisée.',
    en: 'The upload exceeds the allowed size.',
  },
  INVALID_TEXT: {
    status: 400,
    fr: 'Le texte envoyé contient des caractères non admis (caractères de contrôle ou invisibles). Retirez-les et réessayez.',
    en: 'The text sent holds characters that are not allowed (control or invisible characters). Remove them and try again.',
  },
  INTERNAL: {
    status: 500,
    fr: 'Une erreur inattendue est survenue. Elle a été enregistrée.',
    en: 'An unexpected error occurred. It has been logged.',
  },
});

export type CoreErrorCode = keyof typeof coreError.table;
