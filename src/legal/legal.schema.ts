import { z } from 'zod';
import type { FormMessageKey } from '../web/validation.ts';

const msg = (key: FormMessageKey) => ({ message: key });

/** the contact form: who writes, from which address, about what */
export const contactForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, msg('required'))
    .max(120, msg('nameTooLong'))
    .transform((v) => v.replace(/\s+/g, ' ')),
  email: z
    .string()
    .trim()
    .min(1, msg('required'))
    .max(254, msg('emailInvalid'))
    .pipe(z.email(msg('emailInvalid'))),
  // one line: a subject or a name never carries a line break into a mail's headers
  subject: z
    .string()
    .trim()
    .min(1, msg('required'))
    .max(200, msg('tooLong'))
    .transform((v) => v.replace(/\s+/g, ' ')),
  message: z.string().trim().min(1, msg('required')).max(5000, msg('tooLong')),
});

export type ContactInput = z.infer<typeof contactForm>;
