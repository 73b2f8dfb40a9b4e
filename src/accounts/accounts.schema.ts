import { z } from 'zod';
import { coreError } from '../kernel/errors.ts';
import type { FormMessageKey } from '../web/validation.ts';

const msg = (key: FormMessageKey) => ({ message: key });

const ROLES = ['member', 'staff', 'reviewer', 'admin'] as const;

const email = z
  .string()
  .trim()
  .min(1, msg('required'))
  .max(254, msg('emailInvalid'))
  .pipe(z.email(msg('emailInvalid')));

const newPassword = z
  .string()
  .min(1, msg('required'))
  .min(10, msg('passwordTooShort'))
  .max(200, msg('passwordTooLong'));

export const signInForm = z.object({
  email,
  password: z.string().min(1, msg('required')).max(200, msg('passwordTooLong')),
  next: z.string().optional(),
});

export const signUpForm = z.object({
  name: z.string().trim().min(1, msg('required')).max(120, msg('nameTooLong')),
  email,
  password: newPassword,
});

export const forgotForm = z.object({ email });

export const resetForm = z
  .object({
    token: z.string().min(1).max(200),
    password: newPassword,
    confirm: z.string().min(1, msg('required')),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], ...msg('passwordMismatch') });

export const nameForm = z.object({
  display_name: z.string().trim().min(1, msg('required')).max(120, msg('nameTooLong')),
});

export const emailChangeForm = z.object({
  new_email: email,
  email_password: z.string().min(1, msg('required')).max(200, msg('passwordTooLong')),
});

export const passwordChangeForm = z
  .object({
    current_password: z.string().min(1, msg('required')).max(200, msg('passwordTooLong')),
    password: newPassword,
    confirm: z.string().min(1, msg('required')),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], ...msg('passwordMismatch') });

export const meResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  locale: z.enum(['fr', 'en']),
});

/** the account page's form that names a new API token */
export const tokenForm = z.object({
  name: z.string().trim().min(1, msg('required')).max(100, msg('tooLong')),
});

/** the back office's role form */
export const roleForm = z.object({ role: z.enum(ROLES) });

/** the organisation a form attaches or detaches */
export const organisationForm = z.object({ organisation: z.string().min(1).max(100) });

/** the users' list: a search and a page (a page that is not a positive integer is refused) */
export const usersQuery = z.object({
  q: z.string().max(200).default(''),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

/** an account's page in the back office: the organisation search that offers attachments */
export const userQuery = z.object({ organisation: z.string().max(200).default('') });

/** a token as the API lists it: never its secret */
export const apiTokenItem = z.object({
  id: z.number().int().describe('to revoke it'),
  name: z.string(),
  prefix: z.string().describe('the first characters of the token, not secret'),
  created_at: z.iso.datetime(),
  last_used_at: z.iso
    .datetime()
    .nullable()
    .describe('recorded at most once a minute; null: never used'),
});

export const apiTokenCreated = apiTokenItem.extend({
  token: z
    .string()
    .describe(
      'the secret, given this once: send it as `Authorization: Bearer <token>`. Only its hash is kept.',
    ),
});

export const apiTokenList = z.object({ tokens: z.array(apiTokenItem) });

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100).optional().describe('the token’s name (optional)'),
  _csrf: z
    .string()
    .optional()
    .describe(
      'from a session: the CSRF token (or the X-CSRF-Token header); a token-authenticated request needs none',
    ),
});

/** the :id of a token: any text reaches the handler, which answers 400 when it is not a number */
export const tokenParams = z.object({
  id: z.string().max(100).describe('the token’s id (a positive integer)'),
});

/** what every API error answers */
export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    request_id: z.string().optional(),
  }),
});

const AWAY = '/compte';
/** a character no path of this site holds raw: controls, spaces of every kind, format marks */
const UNSAFE_RAW = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;
/** what must not appear even encoded: controls and backslashes (a browser reads `\` as `/`) */
const UNSAFE_DECODED = /[\p{Cc}\p{Cf}\\]/u;

/**
 * The text percent-decoded until it no longer changes (or a round finds a lone `%`: a `%25`
 * decoded once); undefined when the text itself is not a valid encoding, or still changes after
 * five rounds.
 */
function decodedFully(text: string): string | undefined {
  let current = text;
  for (let round = 0; round < 5; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return round === 0 ? undefined : current;
    }
    if (next === current) return current;
    current = next;
  }
  return undefined;
}

/**
 * Only a path of this site may follow a sign-in, never another site: `next` must be a path
 * (one slash, then no slash or backslash) with no control, space or format character, raw or
 * encoded, whose path part decoded does not start with two slashes either; it is then parsed
 * against a placeholder origin, must stay on it, and is written back from the parsed form
 * (normalised, percent-encoded). Anything else leads to the account page.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2000 || UNSAFE_RAW.test(next)) return AWAY;
  if (!next.startsWith('/') || next.startsWith('//')) return AWAY;
  const decoded = decodedFully(next);
  if (decoded === undefined || UNSAFE_DECODED.test(decoded)) return AWAY;
  const path = decodedFully(next.split(/[?#]/, 1)[0] ?? '');
  if (path === undefined || path.startsWith('//') || UNSAFE_RAW.test(path)) return AWAY;
  const origin = 'http://totem.invalid';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return AWAY;
  }
  if (url.origin !== origin) return AWAY;
  const local = `${url.pathname}${url.search}${url.hash}`;
  if (!local.startsWith('/') || local.startsWith('//')) return AWAY;
  // the language is added by the caller: a path that already carries one loses it here
  return local === '/en' ? '/' : local.startsWith('/en/') ? local.slice(3) : local;
}

/** a numeric id from an address: 400 with a message when it is not a positive integer */
export function positiveId(text: string): number {
  const id = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(id) || id < 1) {
    throw coreError('BAD_REQUEST', `Not an id: ${text.slice(0, 60)}`);
  }
  return id;
}
