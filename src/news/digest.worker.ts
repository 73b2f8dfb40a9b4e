import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { startPoller } from '../kernel/jobs.ts';
import { localePath } from '../kernel/locale.ts';
import { instantToParis, parisToInstant } from '../kernel/paris-time.ts';
import { everyMail, type MailAudience, type MailChoice, nobody } from '../mail/mail-choice.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { newsEn } from './news.en.ts';
import { newsFr } from './news.fr.ts';
import { type DigestArticle, newsDigestRepository } from './news-digest.repository.ts';

const texts = { fr: newsFr.digest, en: newsEn.digest };

/** the hour (Paris) from which Monday's digest leaves */
export const DIGEST_HOUR = 8;

/**
 * The digest due at this instant: on a Monday from 08:00 (Paris) to midnight, the week ending
 * then ([the Monday before, 08:00; this Monday, 08:00)), named by this Monday's date; any other
 * time, none (a digest missed on its Monday is not sent later in the week: its news is old).
 */
export function digestDue(now: Date): { week: string; from: Date; to: Date } | undefined {
  const local = instantToParis(now);
  const day = local.slice(0, 10);
  const monday = new Date(`${day}T12:00:00Z`).getUTCDay() === 1;
  if (!monday || Number(local.slice(11, 13)) < DIGEST_HOUR) return undefined;
  const before = new Date(`${day}T12:00:00Z`);
  before.setUTCDate(before.getUTCDate() - 7);
  const hour = `T${String(DIGEST_HOUR).padStart(2, '0')}:00`;
  const from = parisToInstant(`${before.toISOString().slice(0, 10)}${hour}`);
  const to = parisToInstant(`${day}${hour}`);
  if (!from || !to) throw new Error('no Paris Monday morning');
  return { week: day, from, to };
}

export type DigestOutcome = { week: string; articles: number; recipients: number };

/**
 * Sends the week's digest, once, from whichever process comes first: the week's row is inserted
 * in the transaction that queues every mail, so a second process (waiting on that row, then
 * finding it) sends nothing, and a crash sends nothing until the transaction is done again.
 * Each person who turned the digest on receives the articles published during the week in their
 * language (none in their language: no mail); a week without any article sends nothing at all.
 */
export async function sendWeeklyDigest(
  db: Kysely<DB>,
  now: Date,
  options: { publicUrl: () => string; mailOf?: MailChoice; subscribers?: MailAudience },
): Promise<DigestOutcome | null> {
  const due = digestDue(now);
  if (!due) return null;
  const mailOf = options.mailOf ?? everyMail;
  const audience = options.subscribers ?? nobody;
  return db.transaction().execute(async (trx) => {
    const digests = newsDigestRepository(trx);
    if (!(await digests.takeWeek(due.week))) return null;
    const articles = await digests.publishedBetween(due.from, due.to);
    let recipients = 0;
    if (articles.length > 0) {
      for (const person of await audience('news_digest', trx)) {
        const theirs = articles.filter((a) => a.locale === person.locale);
        if (theirs.length === 0) continue;
        const choice = await mailOf(person.id, 'news_digest', trx);
        if (!choice.send) continue;
        await queueMail(trx, {
          to: person.email,
          subject: texts[person.locale].subject(theirs.length),
          text: digestBody(person, theirs, options.publicUrl()) + choice.footer,
        });
        recipients += 1;
      }
    }
    await digests.recordWeek(due.week, articles.length, recipients);
    return { week: due.week, articles: articles.length, recipients };
  });
}

function digestBody(
  person: { name: string; locale: 'fr' | 'en' },
  articles: DigestArticle[],
  publicUrl: string,
): string {
  const t = texts[person.locale];
  const base = publicUrl.replace(/\/+$/, '');
  const items = articles.map((a) => {
    const link = `${base}${localePath(person.locale, `/actualites/${a.slug}`)}`;
    return a.summary.trim() ? `${a.title}\n${a.summary.trim()}\n${link}` : `${a.title}\n${link}`;
  });
  return `${t.greeting(person.name)}\n\n${t.intro}\n\n${items.join('\n\n')}\n\n${t.all}${base}${localePath(person.locale, '/actualites')}`;
}

/** the background task every server process runs: on Monday morning, the week's digest */
export function startDigestWorker(
  db: Kysely<DB>,
  log: { error(payload: object, message: string): void },
  options: {
    publicUrl: () => string;
    mailOf?: MailChoice;
    subscribers?: MailAudience;
    everyMs?: number;
    start?: 'now' | 'later' | 'never';
    clock?: () => Date;
  },
) {
  return startPoller({
    name: 'news digest',
    everyMs: options.everyMs ?? 10 * 60_000,
    log,
    start: options.start ?? 'later',
    takeOne: () => sendWeeklyDigest(db, options.clock?.() ?? new Date(), options),
  });
}
