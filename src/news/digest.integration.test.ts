import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, twoConnections } from '../../test/support/engines.ts';
import { person } from '../../test/support/factories.ts';
import { accountSettingsService } from '../accounts/account-settings.service.ts';
import type { DB } from '../db/schema.ts';
import { membersService } from '../directory/members.service.ts';
import { digestDue, sendWeeklyDigest } from './digest.worker.ts';

const URL_ = 'https://hub.example';

/** the accounts' choices as the app wires them: each mail's line, and who asked for the digest */
function accountsOn(db: Kysely<DB>) {
  const settings = accountSettingsService({
    db,
    publicUrl: () => URL_,
    hubName: async () => 'Hub',
    directory: membersService(db),
  });
  return {
    settings,
    options: { publicUrl: () => URL_, mailOf: settings.mailOf, subscribers: settings.subscribers },
  };
}

const mailsTo = (db: Kysely<DB>, to: string) =>
  db.selectFrom('mail_queue').select(['subject', 'body']).where('to_address', '=', to).execute();

/** an article published at an instant, in one language or both */
async function published(
  db: Kysely<DB>,
  at: string,
  versions: { locale: 'fr' | 'en'; title: string; summary?: string }[],
) {
  const category = await db.selectFrom('news_categories').select('id').executeTakeFirstOrThrow();
  const article = await db
    .insertInto('news_articles')
    .values({ category_id: category.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const v of versions) {
    await db
      .insertInto('news_versions')
      .values({
        article_id: article.id,
        locale: v.locale,
        title: v.title,
        slug: `article-${randomInt(1e9)}`,
        summary: v.summary ?? '',
        body_md: 'Texte.',
        state: 'published',
        publish_at: new Date(at),
        published_at: new Date(at),
      })
      .execute();
  }
}

describe.each(engines())('the weekly news digest, on %s', (engine) => {
  let handles: Awaited<ReturnType<typeof twoConnections>>;
  let db: Kysely<DB>;
  beforeAll(async () => {
    handles = await twoConnections(engine);
    db = handles.first.db;
  });
  afterAll(async () => handles?.close());

  it('is due on Monday from 08:00 in Paris, for the week before', () => {
    // Monday 10 March 2031, 07:59 and 08:00 in Paris (UTC+1)
    expect(digestDue(new Date('2031-03-10T06:59:00Z'))).toBeUndefined();
    const due = digestDue(new Date('2031-03-10T07:00:00Z'));
    expect(due?.week).toBe('2031-03-10');
    expect(due?.from.toISOString()).toBe('2031-03-03T07:00:00.000Z');
    expect(digestDue(new Date('2031-03-11T07:00:00Z'))).toBeUndefined();
  });

  it('sends the week’s articles once, in each reader’s language, to those who asked only', async () => {
    const { settings, options } = accountsOn(db);
    const ana = await person(db);
    const ben = await person(db, { locale: 'en' });
    const cyd = await person(db);
    await settings.setMailChoices(ana.user.id, ['news_digest']);
    await settings.setMailChoices(ben.user.id, ['news_digest', 'event_reminders']);
    await published(db, '2031-03-05T10:00:00Z', [
      { locale: 'fr', title: 'Ouverture du fablab', summary: 'Les machines arrivent.' },
      { locale: 'en', title: 'The fablab opens', summary: 'The machines arrive.' },
    ]);
    await published(db, '2031-03-07T10:00:00Z', [{ locale: 'fr', title: 'Appel à projets' }]);
    // published before the week began, and after it ended: not in this digest
    await published(db, '2031-03-02T10:00:00Z', [{ locale: 'fr', title: 'Trop ancien' }]);
    await published(db, '2031-03-10T08:00:00Z', [{ locale: 'fr', title: 'Trop récent' }]);

    const monday = new Date('2031-03-10T09:00:00Z');
    const outcome = await sendWeeklyDigest(db, monday, options);
    expect(outcome).toEqual({ week: '2031-03-10', articles: 3, recipients: 2 });
    expect(await sendWeeklyDigest(db, new Date('2031-03-10T20:00:00Z'), options)).toBeNull();

    const [toAna] = await mailsTo(db, ana.user.email);
    expect(toAna?.subject).toBe('Les actualités de la semaine (2 articles)');
    expect(toAna?.body).toContain(
      'Ouverture du fablab\nLes machines arrivent.\nhttps://hub.example/actualites/article-',
    );
    expect(toAna?.body).toContain('Appel à projets');
    expect(toAna?.body).not.toContain('Trop');
    expect(toAna?.body).toContain(`${URL_}/desabonnement?cle=`);
    expect(toAna?.body).toContain('&type=news_digest');
    const toBen = await mailsTo(db, ben.user.email);
    expect(toBen.map((m) => m.subject)).toEqual(["This week's news (1 article)"]);
    expect(toBen[0]?.body).toContain('The fablab opens');
    expect(toBen[0]?.body).toContain(`${URL_}/en/desabonnement?cle=`);
    expect(toBen[0]?.body).not.toContain('Appel');
    // off unless asked for
    expect(await mailsTo(db, cyd.user.email)).toEqual([]);
  });

  it('sends nothing in a week without any article', async () => {
    const { settings, options } = accountsOn(db);
    const dan = await person(db);
    await settings.setMailChoices(dan.user.id, ['news_digest']);
    const outcome = await sendWeeklyDigest(db, new Date('2032-03-15T09:00:00Z'), options);
    expect(outcome).toEqual({ week: '2032-03-15', articles: 0, recipients: 0 });
    expect(await mailsTo(db, dan.user.email)).toEqual([]);
  });

  it('sends nothing to a person who asked, then unsubscribed', async () => {
    const { settings, options } = accountsOn(db);
    const eve = await person(db);
    await settings.setMailChoices(eve.user.id, ['news_digest']);
    await settings.setMailChoices(eve.user.id, []);
    await published(db, '2033-03-09T10:00:00Z', [{ locale: 'fr', title: 'Une nouvelle' }]);
    const outcome = await sendWeeklyDigest(db, new Date('2033-03-14T09:00:00Z'), options);
    expect(outcome?.articles).toBe(1);
    expect(await mailsTo(db, eve.user.email)).toEqual([]);
  });

  it('sends the week once with two workers racing', async () => {
    const readers = [];
    for (let i = 0; i < 5; i++) {
      const p = await person(db);
      await accountsOn(db).settings.setMailChoices(p.user.id, ['news_digest']);
      readers.push(p);
    }
    await published(db, '2034-03-08T10:00:00Z', [{ locale: 'fr', title: 'La course' }]);
    const monday = new Date('2034-03-13T09:00:00Z');
    const [a, b] = await Promise.all([
      sendWeeklyDigest(handles.first.db, monday, accountsOn(handles.first.db).options),
      sendWeeklyDigest(handles.second.db, monday, accountsOn(handles.second.db).options),
    ]);
    expect([a, b].filter((o) => o !== null)).toHaveLength(1);
    expect((a ?? b)?.recipients).toBeGreaterThanOrEqual(5);
    for (const p of readers) expect(await mailsTo(db, p.user.email)).toHaveLength(1);
  });
});
