import { coreError } from '../kernel/errors.ts';
import { type Actor, authorize, isStaff } from '../kernel/policy.ts';
import type { ArticleRow, NewsRepository } from './news.repository.ts';

/** Who may write news, and the article a request names: shared by the news services. */

/** the user writing, or UNAUTHENTICATED */
export function authorId(actor: Actor): string {
  if (actor.kind !== 'user') throw coreError('UNAUTHENTICATED');
  return actor.user.id;
}

/** staff only: FORBIDDEN for a member, UNAUTHENTICATED for a visitor */
export function requireStaff(actor: Actor): void {
  authorize(actor, isStaff, undefined);
}

/** the article with this id, or NOT_FOUND (a malformed id included) */
export async function articleOrNotFound(repo: NewsRepository, id: number): Promise<ArticleRow> {
  const article = Number.isSafeInteger(id) && id > 0 ? await repo.article(id) : undefined;
  if (!article) throw coreError('NOT_FOUND');
  return article;
}
