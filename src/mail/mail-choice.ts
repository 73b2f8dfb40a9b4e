import type { Kysely } from 'kysely';
import type { DB, MailKind, OptInKind } from '../db/schema.ts';

export type { MailKind, OptInKind };

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

/** a person who asked for a mail of an opt-in kind, with what the mail needs */
export type Subscriber = { id: string; email: string; name: string; locale: 'fr' | 'en' };

/**
 * The people who turned an opt-in kind on (accounts keep the choices), read in the transaction
 * that queues their mails. Each mail still asks `MailChoice` for its unsubscribe line.
 */
export type MailAudience = (kind: OptInKind, trx: Kysely<DB>) => Promise<Subscriber[]>;

/** nobody asked for anything: for tests and tools that have no accounts */
export const nobody: MailAudience = async () => [];
