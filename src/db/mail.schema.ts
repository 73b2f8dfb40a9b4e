import type { Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** the mail queue (src/mail/mail-queue.ts) */
export type MailQueueTable = {
  id: Generated<number>;
  to_address: string;
  subject: string;
  body: string;
  status: Generated<'waiting' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_at: Timestamp | null;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
};
