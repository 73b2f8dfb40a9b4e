import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
};

/** Every transport passes the same contract suite (mailer.integration.test.ts). */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
}

/**
 * A nodemailer transport made at the first message: nodemailer is loaded then, not at start, as
 * many processes never send mail (a second server process behind the same queue, a command).
 */
function onFirstUse<T>(make: (mailer: typeof import('nodemailer')) => T): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= import('nodemailer').then(make);
    return made;
  };
}

/** Sends through an SMTP server (SMTP_URL). */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = onFirstUse((nodemailer) => nodemailer.createTransport(smtpUrl));
  return {
    kind: 'smtp',
    async send(message) {
      await (await transport()).sendMail({ from, ...message });
    },
  };
}

export type OutboxEntry = {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
};

/**
 * Writes every message to a folder: one JSON file to read in /admin/outbox and the raw RFC 5322
 * message beside it, built by nodemailer as SMTP would have sent it.
 */
export function outboxMailer(dir: string, from: string): Mailer {
  const composer = onFirstUse((nodemailer) =>
    nodemailer.createTransport({ streamTransport: true, buffer: true }),
  );
  return {
    kind: 'outbox',
    async send(message) {
      await mkdir(dir, { recursive: true });
      const sentAt = new Date();
      // the name sorts by time; the random part keeps two messages of one millisecond apart
      const id = `${sentAt.toISOString().replace(/[:.]/g, '-')}_${randomUUID().slice(0, 8)}`;
      const raw = await (await composer()).sendMail({ from, ...message });
      const entry: OutboxEntry = { id, from, ...message, sentAt: sentAt.toISOString() };
      await writeFile(path.join(dir, `${id}.eml`), raw.message as Buffer);
      await writeFile(path.join(dir, `${id}.json`), JSON.stringify(entry, null, 2));
    },
  };
}

export function createMailer(options: { smtpUrl?: string; dataDir: string; from: string }): Mailer {
  return options.smtpUrl
    ? smtpMailer(options.smtpUrl, options.from)
    : outboxMailer(path.join(options.dataDir, 'outbox'), options.from);
}
