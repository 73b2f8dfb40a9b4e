import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startPoller } from '../kernel/jobs.ts';
import { type Locale, localePath } from '../kernel/locale.ts';
import './addresses.ts';
import { everyMail, type MailChoice } from '../mail/mail-choice.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { remindersEn } from './reminders.en.ts';
import { remindersFr } from './reminders.fr.ts';
import {
  type ClaimedReminder,
  type ReminderRecipient,
  remindersRepository,
} from './reminders.repository.ts';

/** how long before the closing a draft is reminded */
export const REMINDER_BEFORE_MS = 48 * 3_600_000;

const text = { fr: remindersFr, en: remindersEn };

/** what one round did for one draft: the application, and to whom its reminder went */
export type ReminderOutcome = { applicationId: number; to: string[] };

export type RemindersOptions = {
  /** the site's address as people reach it, read at each mail (known once the server listens) */
  publicUrl: () => string;
  /** whether each person receives reminders, and their unsubscribe line (accounts) */
  mailOf?: MailChoice;
  /** the time the worker believes it is (tests move it) */
  clock?: () => Date;
  everyMs?: number;
  /** 'never' for tests, which call drain() */
  start?: 'now' | 'later' | 'never';
};

type Log = { error(payload: object, message: string): void };

/** the closing, in Paris, in words of the language */
export function parisClosing(closesAt: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    timeZone: 'Europe/Paris',
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(closesAt);
}

/** the reminder of one draft, in the recipient's language */
export function reminderMail(
  reminder: ClaimedReminder,
  recipient: ReminderRecipient,
  publicUrl: string,
) {
  const t = text[recipient.locale];
  const call = recipient.locale === 'en' ? reminder.call_title_en : reminder.call_title_fr;
  const base = publicUrl.replace(/\/+$/, '');
  return {
    to: recipient.email,
    subject: t.subject(call),
    text: t.body({
      name: recipient.name,
      call,
      organisation: reminder.organisation_name,
      closes: parisClosing(reminder.closes_at, recipient.locale),
      link: `${base}${localePath(recipient.locale, `/candidatures/${reminder.id}`)}`,
    }),
  };
}

/**
 * Reminds every draft once, 48 hours before its call closes: each round claims the due drafts one
 * at a time (reminders.repository.ts) and queues their mails in the transaction that marks them,
 * so that the mark and the mails exist together or not at all, whatever the number of processes
 * polling. A round runs as the process starts, so drafts whose mark passed while the server was
 * down are reminded then — unless their call has closed since. A draft started less than 48 hours
 * before the closing is reminded at the next round.
 */
export function startRemindersWorker(db: Kysely<DB>, log: Log, options: RemindersOptions) {
  const clock = options.clock ?? (() => new Date());
  const mailOf = options.mailOf ?? everyMail;

  async function remindOne(): Promise<ReminderOutcome | null> {
    return db.transaction().execute(async (trx) => {
      const reminders = remindersRepository(trx);
      const due = await reminders.claimNext(clock(), REMINDER_BEFORE_MS);
      if (!due) return null;
      const publicUrl = options.publicUrl();
      const to: string[] = [];
      for (const recipient of await reminders.recipients(due)) {
        const choice = await mailOf(recipient.id, 'call_reminders', trx);
        if (!choice.send) continue;
        const mail = reminderMail(due, recipient, publicUrl);
        await queueMail(trx, { ...mail, text: mail.text + choice.footer });
        to.push(recipient.email);
      }
      return { applicationId: due.id, to };
    });
  }

  const poller = startPoller({
    name: 'programme reminders',
    everyMs: options.everyMs ?? 60_000,
    log,
    takeOne: remindOne,
    start: options.start ?? 'now',
  });
  return { remindOne, drain: poller.drain, stop: poller.stop };
}
