import type { Kysely } from 'kysely';
import type { DB, MailKind } from '../db/schema.ts';

export type { MailKind };

/**
 * Whether a person receives a non-essential mail of this kind, and the line that ends it with a
 * one-click unsubscribe link (accounts decide, from the person's choices). Called inside the
 * transaction that queues the mail, with that transaction.
 */
export type MailChoice = (
  userId: string,
  kind: MailKind,
  trx: Kysely<DB>,
) => Promise<{ send: false } | { send: true; footer: string }>;

/** every mail leaves, with no unsubscribe line: for tests and tools that have no accounts */
export const everyMail: MailChoice = async () => ({ send: true, footer: '' });
