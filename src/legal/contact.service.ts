import type { Kysely } from 'kysely';
import type { ThrottleService } from '../accounts/throttle.service.ts';
import type { DB } from '../db/schema.ts';
import type { HubService } from '../hub/hub.service.ts';
import { queueMail } from '../mail/mail-queue.ts';
import type { Locale } from '../web/i18n/index.ts';
import { legalEn } from './legal.en.ts';
import { legalError } from './legal.errors.ts';
import { legalFr } from './legal.fr.ts';
import type { ContactInput } from './legal.schema.ts';

export type ContactDeps = {
  db: Kysely<DB>;
  hub: Pick<HubService, 'legal'>;
  throttle: ThrottleService;
  /** the team's addresses, when the settings give none */
  staff: () => Promise<{ email: string }[]>;
};

export type ContactOutcome =
  | { sent: true; recipients: number }
  | { sent: false; retryAfter: number };

/**
 * The contact form's rules: a few messages per client address (the accounts' limiter, counted in
 * the database), then one message a recipient — the settings' address, or else every account of
 * the team — queued in one transaction, so that all leave or none.
 */
export function contactService(deps: ContactDeps) {
  return {
    async send(
      input: ContactInput,
      from: { client: string; locale: Locale },
    ): Promise<ContactOutcome> {
      const legal = await deps.hub.legal();
      const recipients = legal.contactEmail
        ? [legal.contactEmail]
        : [...new Set((await deps.staff()).map((u) => u.email))];
      if (recipients.length === 0) throw legalError('CONTACT_UNAVAILABLE');
      const gate = await deps.throttle.enter('contact', { client: from.client });
      if (!gate.open) return { sent: false, retryAfter: gate.retryAfter };
      // the team reads the message in the language the visitor wrote from
      const text = (from.locale === 'en' ? legalEn : legalFr).legal.contact;
      await deps.db.transaction().execute(async (trx) => {
        for (const to of recipients) {
          await queueMail(trx, {
            to,
            subject: text.mailSubject(input.subject),
            text: text.mailBody(input.name, input.email, input.message),
          });
        }
      });
      return { sent: true, recipients: recipients.length };
    },
  };
}

export type ContactService = ReturnType<typeof contactService>;
