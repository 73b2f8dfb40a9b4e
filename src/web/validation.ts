import type { z } from 'zod';
import type { FieldErrors } from '../kernel/errors.ts';
import type { Catalogue } from './i18n/index.ts';

export type FormMessageKey = {
  [K in keyof Catalogue['form']]: Catalogue['form'][K] extends string ? K : never;
}[keyof Catalogue['form']];

/**
 * Form schemas name their messages by catalogue key; this turns a failed parse into one message
 * per field in the visitor's language (the first problem of each field).
 */
export function fieldErrors(error: z.ZodError, t: Catalogue): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (out[field]) continue;
    const key = issue.message as FormMessageKey;
    out[field] = typeof t.form[key] === 'string' ? t.form[key] : t.form.required;
  }
  return out;
}

/** Only the string values of a form body, to send back what the person typed. */
export function formValues(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  }
  return out;
}
