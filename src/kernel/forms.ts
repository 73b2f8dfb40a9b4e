import type { FieldErrors } from './errors.ts';

/** a problem a validation found: where (the field first), and its message key */
export type Issue = { readonly path: readonly PropertyKey[]; readonly message: string };

/**
 * Form schemas name their messages by key; this turns a failed parse into one message per field in
 * the visitor's language: the first problem of each field, its key looked up in `messages` (a key
 * the table does not have reads as `fallback`). A problem of the whole form is filed under
 * `_form`; `rename` files a field's problem under the field people see (a hidden id under its
 * search box).
 */
export function fieldMessages(
  issues: readonly Issue[],
  messages: Readonly<Record<string, unknown>>,
  fallback: string,
  rename: Readonly<Record<string, string>> = {},
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const path = String(issue.path[0] ?? '_form');
    const field = rename[path] ?? path;
    if (out[field] !== undefined) continue;
    const text = messages[issue.message];
    out[field] = typeof text === 'string' ? text : fallback;
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
