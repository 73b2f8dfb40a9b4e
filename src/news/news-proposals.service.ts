import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import { type Actor, actsAsMember } from '../kernel/policy.ts';
import { slugify } from '../kernel/slug.ts';
import { articleOrNotFound, authorId, requireStaff } from './actors.ts';
import { articleSnapshot, NewsInputError } from './articles.ts';
import { newsError } from './news.errors.ts';
import type { LinkedOrganisation, NewsOrganisations } from './news.organisations.ts';
import { type NewsRepository, newsRepository } from './news.repository.ts';
import type { ProposalInput } from './news.schema.ts';

/** Members' proposals: a draft for one of their organisations, which staff publish or decline. */
export function newsProposalsService(deps: {
  db: Kysely<DB>;
  repo: NewsRepository;
  organisations: NewsOrganisations;
}) {
  const { db, repo } = deps;

  /**
   * the organisations the person is a member of, as the directory knows them, each under the
   * platform's rule for acting as a member (none while the address is not verified)
   */
  async function memberships(actor: Actor): Promise<LinkedOrganisation[]> {
    if (actor.kind !== 'user') return [];
    const listed = await deps.organisations.membershipsOf(actor.user.id);
    return listed.filter(() => actsAsMember(actor, { member: true }));
  }

  return {
    memberships,

    proposalsBy: (actor: Actor) => (actor.kind === 'user' ? repo.proposalsBy(actor.user.id) : []),

    /** a member's draft for one of its organisations; only staff can publish it */
    async propose(actor: Actor, input: ProposalInput): Promise<number> {
      const userId = authorId(actor);
      const mine = await memberships(actor);
      const org = mine.find((o) => o.slug === input.organisation);
      if (!org) throw new NewsInputError({ organisation: 'organisationRequired' });
      const categories = await repo.categories();
      const category = categories.find((c) => c.slug === 'actualites') ?? categories[0];
      if (!category) throw coreError('INTERNAL');
      return db.transaction().execute(async (trx) => {
        const r = newsRepository(trx);
        let slug = slugify(input.title);
        if (await r.slugTaken(input.locale, slug, null))
          slug = `${slug}-${randomBytes(3).toString('hex')}`;
        const id = await r.createArticle({
          category_id: category.id,
          tags: [],
          author_id: userId,
          proposed_for: org.id,
          review: 'proposed',
        });
        await r.upsertVersion(id, input.locale, {
          title: input.title,
          slug,
          summary: input.summary,
          body_md: input.body_md,
          cover_file_id: null,
          cover_alt: '',
          is_translation: false,
          state: 'draft',
          publish_at: null,
        });
        await r.setOrganisations(id, [org.id]);
        await r.addRevision({
          articleId: id,
          version: 1,
          snapshot: await articleSnapshot(r, id),
          savedBy: userId,
          note: 'proposed',
        });
        return id;
      });
    },

    async reject(actor: Actor, id: number): Promise<void> {
      requireStaff(actor);
      const article = await articleOrNotFound(repo, id);
      if (article.review !== 'proposed') throw newsError('PROPOSAL_ALREADY_DECIDED');
      await repo.setReview(id, 'rejected');
    },
  };
}
