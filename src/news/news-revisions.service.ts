import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { coreError } from '../kernel/errors.ts';
import type { Actor } from '../kernel/policy.ts';
import { articleOrNotFound, authorId, requireStaff } from './actors.ts';
import { articleSnapshot, isSlugCollision, LOCALES, type Snapshot } from './articles.ts';
import { newsError } from './news.errors.ts';
import { linkOrganisations, type NewsOrganisations } from './news.organisations.ts';
import { type NewsRepository, newsRepository } from './news.repository.ts';

/** a slug a concurrent save took while restoring: SLUG_TAKEN, as when it was taken before */
function slugTakenOnCollision(error: unknown): never {
  if (isSlugCollision(error)) throw newsError('SLUG_TAKEN');
  throw error;
}

/** An article's revisions: listed, shown, and brought back as a new revision. */
export function newsRevisionsService(deps: {
  db: Kysely<DB>;
  repo: NewsRepository;
  organisations: NewsOrganisations;
}) {
  const { db, repo } = deps;

  async function revision(id: number, version: number) {
    await articleOrNotFound(repo, id);
    const row = Number.isSafeInteger(version) ? await repo.revision(id, version) : undefined;
    if (!row) throw coreError('NOT_FOUND');
    return { ...row, snapshot: row.snapshot as Snapshot };
  }

  return {
    revisions: (id: number) => repo.revisions(id),

    revision,

    /**
     * Brings back the content of a revision as a new revision. The states stay as they are now:
     * restoring text never publishes or withdraws anything by itself. Asked from a page older than
     * the article (`expected` is no longer its version): STALE_VERSION; a slug another article
     * took since: SLUG_TAKEN. Either way nothing is written.
     */
    async restore(actor: Actor, id: number, version: number, expected: number): Promise<void> {
      requireStaff(actor);
      const savedBy = authorId(actor);
      const old = await revision(id, version);
      // the organisations it linked, as the directory names them now (one merged since: the one
      // kept; one gone: left out)
      const linked = await linkOrganisations(deps.organisations, old.snapshot.organisations);
      const restoring = db.transaction().execute(async (trx) => {
        const r = newsRepository(trx);
        const categories = await r.categories();
        const category = categories.find((c) => c.slug === old.snapshot.category);
        const article = await r.article(id);
        if (!article) throw coreError('NOT_FOUND');
        const bumped = await r.bump(id, expected, {
          category_id: category?.id ?? article.category_id,
          tags: old.snapshot.tags,
        });
        if (!bumped) throw newsError('STALE_VERSION');
        const current = await r.versions(id);
        for (const locale of LOCALES) {
          const then = old.snapshot.versions[locale];
          const now = current.find((v) => v.locale === locale);
          if (!then || !now) continue;
          if (await r.slugTaken(locale, then.slug, id)) throw newsError('SLUG_TAKEN');
          const cover =
            then.cover_file_id !== null && (await r.file(then.cover_file_id))
              ? then.cover_file_id
              : null;
          await r.upsertVersion(id, locale, {
            title: then.title,
            slug: then.slug,
            summary: then.summary,
            body_md: then.body_md,
            cover_file_id: cover,
            cover_alt: then.cover_alt,
            is_translation: then.is_translation,
            state: now.state,
            publish_at: now.publish_at,
          });
        }
        await r.setOrganisations(id, linked.ids);
        await r.addRevision({
          articleId: id,
          version: expected + 1,
          snapshot: await articleSnapshot(r, id),
          savedBy,
          note: `restored:${version}`,
        });
      });
      await restoring.catch(slugTakenOnCollision);
    },
  };
}
