import { beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { buildOrganisation } from '../../test/support/factories.ts';
import type { Actor } from '../kernel/policy.ts';
import { newsError } from './news.errors.ts';
import type { NewsService } from './news.service.ts';
import { articleInput, newsServiceTestbed } from './news-service.testing.ts';

/** what the service throws, to be checked by code */
const failure = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => error,
  );

const draft = (over: Parameters<typeof articleInput>[0] = {}) =>
  articleInput({ state: 'draft', publish_at: null, ...over });

describe.each(engines())('news rules answered by code on %s', (engine) => {
  const bed = newsServiceTestbed(engine);
  let news: NewsService;
  let staff: Actor;
  beforeAll(() => {
    ({ news, staff } = bed);
  });

  const titleOf = async (id: number) => (await news.forEditing(id)).versions[0]?.title;

  it('refuses a save on a version someone saved since (STALE_VERSION), writing nothing', async () => {
    const id = await news.create(staff, 'fr', draft({ title: 'Départ' }));
    await news.save(staff, id, 'fr', draft({ version: 1, title: 'Premier arrivé' }));
    const late = await failure(news.save(staff, id, 'fr', draft({ version: 1, title: 'Second' })));
    expect(newsError.is(late, 'STALE_VERSION')).toBe(true);
    expect(late).toMatchObject({ status: 409 });
    expect(await titleOf(id)).toBe('Premier arrivé');
    expect((await news.forEditing(id)).article.version).toBe(2);
  });

  it('refuses to restore from a stale page (STALE_VERSION) or onto a slug taken since (SLUG_TAKEN)', async () => {
    const slug = `adresse-${Date.now()}`;
    const id = await news.create(staff, 'fr', draft({ title: 'Avant', slug }));
    await news.save(staff, id, 'fr', draft({ version: 1, title: 'Après', slug: `${slug}-2` }));
    const stale = await failure(news.restore(staff, id, 1, 1));
    expect(newsError.is(stale, 'STALE_VERSION')).toBe(true);
    // another article takes the first address meanwhile
    await news.create(staff, 'fr', draft({ title: 'Autre', slug }));
    const taken = await failure(news.restore(staff, id, 1, 2));
    expect(newsError.is(taken, 'SLUG_TAKEN')).toBe(true);
    expect(taken).toMatchObject({ status: 409 });
    expect(await titleOf(id)).toBe('Après');
    expect((await news.forEditing(id)).article.version).toBe(2);
    expect(await news.revisions(id)).toHaveLength(2);
  });

  it('decides a proposal once (PROPOSAL_ALREADY_DECIDED), whether declined or published', async () => {
    const member = await bed.actor('member');
    const org = await buildOrganisation(bed.database.db, { name: 'Proposante' });
    if (member.kind !== 'user') throw new Error('not a user');
    await bed.database.db
      .insertInto('organisation_members')
      .values({ organisation_id: org.id, user_id: member.user.id })
      .execute();
    const proposal = { organisation: org.slug, locale: 'fr' as const, summary: '' };
    const declined = await news.propose(member, { ...proposal, title: 'Refusée', body_md: 'R.' });
    await news.reject(staff, declined);
    const again = await failure(news.reject(staff, declined));
    expect(newsError.is(again, 'PROPOSAL_ALREADY_DECIDED')).toBe(true);
    expect(again).toMatchObject({ status: 409 });

    const published = await news.propose(member, { ...proposal, title: 'Publiée', body_md: 'P.' });
    await news.save(
      staff,
      published,
      'fr',
      articleInput({ version: 1, title: 'Publiée', state: 'published', publish_at: null }),
    );
    expect((await news.forEditing(published)).article.review).toBe('accepted');
    const late = await failure(news.reject(staff, published));
    expect(newsError.is(late, 'PROPOSAL_ALREADY_DECIDED')).toBe(true);
    expect((await news.forEditing(published)).article.review).toBe('accepted');
  });
});
