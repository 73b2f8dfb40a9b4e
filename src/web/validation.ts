import type { z } from 'zod';
import type { FieldErrors } from '../kernel/errors.ts';
import { fieldMessages } from '../kernel/forms.ts';
import type { CoreCatalogue } from './i18n/core.fr.ts';

export { formValues } from '../kernel/forms.ts';

export type FormMessageKey = {
  [K in keyof CoreCatalogue['form']]: CoreCatalogue['form'][K] extends string ? K : never;
}[keyof CoreCatalogue['form']];

/**
 * The platform's form messages (`t.form`) for a failed parse: one message per field in the
 * visitor's language (the first problem of each field).
 */
export function fieldErrors(error: z.ZodError, t: Pick<CoreCatalogue, 'form'>): FieldErrors {
  return fieldMessages(error.issues, t.form, t.form.required);
}
