import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { detailsOf } from './programmes.errors.ts';
import { applicationsFixture } from './programmes.testing.ts';
import { reviewsError } from './reviews.errors.ts';
import { reviewsRepository } from './reviews.repository.ts';
import { reviewsService } from './reviews.service.ts';
import { input, reviewedApplication } from './reviews.testing.ts';

const failure = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e);

describe.each(engines())('reviews: versions and who may save (%s)', (engine) => {
  const f = applicationsFixture(engine);
  const reviews = () => reviewsService(f.db, f.clock);

  it('answers a save over another version with both texts, and writes nothing', async () => {
    const r = await reviewedApplication(f);
    await reviews().save(
      r.a.actor,
      r.a.assignment,
      input({ scores: { impact: 5 }, commentJury: 'Premier' }),
      'fr',
    );
    const error = await failure(
      reviews().save(
        r.a.actor,
        r.a.assignment,
        input({ scores: { impact: 9 }, commentJury: 'Second' }),
        'fr',
      ),
    );
    expect(reviewsError.is(error, 'STALE_VERSION')).toBe(true);
    expect(detailsOf(error)).toMatchObject({
      current: { scores: { impact: 5 }, comment_jury: 'Premier', version: 1 },
      sent: { scores: { impact: 9 }, comment_jury: 'Second', version: 0 },
    });
    expect((await reviewsRepository(f.db).review(r.a.assignment))?.comment_jury).toBe('Premier');
  });

  it('lets two connections save over one version: one wins, the other gets both texts', async () => {
    const r = await reviewedApplication(f);
    await reviews().save(r.a.actor, r.a.assignment, input({ scores: { impact: 1 } }), 'fr');
    const one = reviewsService(f.env.first.db, f.clock);
    const two = reviewsService(f.env.second.db, f.clock);
    const results = await Promise.allSettled([
      one.save(
        r.a.actor,
        r.a.assignment,
        input({ scores: { impact: 6 }, commentJury: 'Un', version: 1 }),
        'fr',
      ),
      two.save(
        r.a.actor,
        r.a.assignment,
        input({ scores: { impact: 7 }, commentJury: 'Deux', version: 1 }),
        'fr',
      ),
    ]);
    const ok = results.filter((x) => x.status === 'fulfilled');
    const refused = results.filter((x) => x.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason;
    expect(reviewsError.is(error, 'STALE_VERSION')).toBe(true);
    const winner = (ok[0] as PromiseFulfilledResult<{ comment_jury: string }>).value;
    const details = detailsOf(error) as {
      current: { comment_jury: string; version: number };
      sent: { comment_jury: string };
    };
    expect(details.current).toMatchObject({ comment_jury: winner.comment_jury, version: 2 });
    expect(details.sent.comment_jury).not.toBe(winner.comment_jury);
    const stored = await reviewsRepository(f.db).review(r.a.assignment);
    expect(stored).toMatchObject({ version: 2, comment_jury: winner.comment_jury });
  });

  it('refuses a review of another reviewer’s assignment, and once decided', async () => {
    const r = await reviewedApplication(f);
    const error = await failure(
      reviews().save(r.b.actor, r.a.assignment, input({ scores: { impact: 1 } }), 'fr'),
    );
    expect(reviewsError.is(error, 'NOT_ASSIGNED')).toBe(true);
    await f.db
      .insertInto('programme_decisions')
      .values({
        application_id: r.applicationId,
        decision: 'refused',
        reasons: 'Hors périmètre',
        decided_by: null,
      })
      .execute();
    // an assignment removed: its reviewer no longer reviews
    const other = await reviewedApplication(f);
    await f.db
      .updateTable('programme_assignments')
      .set({ removed_at: new Date() })
      .where('id', '=', other.b.assignment)
      .execute();
    const removed = await failure(
      reviews().save(other.b.actor, other.b.assignment, input({ scores: { impact: 1 } }), 'fr'),
    );
    expect(reviewsError.is(removed, 'NOT_ASSIGNED')).toBe(true);
    const closed = await failure(
      reviews().save(r.a.actor, r.a.assignment, input({ scores: { impact: 1 } }), 'fr'),
    );
    expect(reviewsError.is(closed, 'REVIEW_CLOSED')).toBe(true);
    expect(await reviewsRepository(f.db).review(r.a.assignment)).toBeUndefined();
  });
});
