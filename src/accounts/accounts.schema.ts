import { z } from 'zod';
import type { FormMessageKey } from '../web/validation.ts';

const msg = (key: FormMessageKey) => ({ message: key });

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

export const meResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['member', 'staff', 'reviewer', 'admin']),
  locale: z.enum(['fr', 'en']),
});

/** Only a local path may follow a sign-in: never another site. */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/compte';
  // the language is added by the caller: a path that already carries one loses it here
  return next === '/en' ? '/' : next.startsWith('/en/') ? next.slice(3) : next;
}
