import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { auditService } from '../audit/audit.service.ts';
import { detailsOf } from './programmes.errors.ts';
import { applicationsFixture } from './programmes.testing.ts';
import { reviewsError } from './reviews.errors.ts';
import { reviewsRepository } from './reviews.repository.ts';
import { reviewsService } from './reviews.service.ts';
import { input, reviewedApplication } from './reviews.testing.ts';

const failure = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e);

describe.each(engines())('reviews: scores, results and submission (%s)', (engine) => {
  const f = applicationsFixture(engine);
  const reviews = () => reviewsService(f.db, f.clock);

  it('saves a partial draft, then submits with the weighted mean computed exactly', async () => {
    const r = await reviewedApplication(f);
    const draft = await reviews().save(
      r.a.actor,
      r.a.assignment,
      input({ scores: { impact: 8 }, commentJury: 'Solide', commentApplicant: 'Bravo' }),
      'fr',
    );
    expect(draft).toMatchObject({ version: 1, result: null, submitted_at: null });
    const done = await reviews().save(
      r.a.actor,
      r.a.assignment,
      input({ scores: { impact: 8, team: 3 }, version: 1, submit: true, commentJury: 'Solide' }),
      'fr',
    );
    // (2×8 + 1×3) / (2 + 1) = 6.333…
    expect(done).toMatchObject({ version: 2, result: 6.333, comment_jury: 'Solide' });
    expect(done.comment_applicant).toBe('');
    expect(done.submitted_at).toBeInstanceOf(Date);
    const audit = await auditService(f.db).ofSubject('review', r.a.assignment);
    expect(audit.map((e) => [e.action, e.after])).toEqual([['submitted', { result: 6.333 }]]);
    // a later save of a submitted review is a re-submission, audited with before and after
    const again = await reviews().save(
      r.a.actor,
      r.a.assignment,
      input({ scores: { impact: 10, team: 5 }, version: 2 }),
      'fr',
    );
    expect(again).toMatchObject({ version: 3, result: 8.333 });
    expect(again.submitted_at).toEqual(done.submitted_at);
    const entries = await auditService(f.db).ofSubject('review', r.a.assignment);
    expect(entries.at(-1)).toMatchObject({
      action: 'resubmitted',
      before: { result: 6.333 },
      after: { result: 8.333 },
    });
  });

  it('computes the weighted sum when the call says so', async () => {
    const r = await reviewedApplication(f, { method: 'weighted_sum' });
    const done = await reviews().save(
      r.a.actor,
      r.a.assignment,
      input({ scores: { impact: 8, team: 3 }, submit: true }),
      'en',
    );
    expect(done.result).toBe(19);
  });

  it('refuses bad scores with a message per criterion, and writes nothing', async () => {
    const r = await reviewedApplication(f);
    const error = await failure(
      reviews().save(
        r.a.actor,
        r.a.assignment,
        input({ scores: { impact: 11, team: 2.5, luck: 3 }, commentJury: 'x'.repeat(10_001) }),
        'en',
      ),
    );
    expect(reviewsError.is(error, 'REVIEW_INVALID')).toBe(true);
    expect(detailsOf(error)?.fields).toEqual({
      'scores.impact': 'A score from 0 to 10.',
      'scores.team': 'A whole number.',
      'scores.luck': 'This criterion is not in the rubric.',
      comment_jury: 'This comment is too long (10,000 characters at most).',
    });
    const missing = await failure(
      reviews().save(
        r.a.actor,
        r.a.assignment,
        input({ scores: { impact: 4 }, submit: true }),
        'fr',
      ),
    );
    expect(detailsOf(missing)?.fields).toEqual({
      'scores.team': 'Notez ce critère pour soumettre (ou abstenez-vous).',
    });
    const negative = await failure(
      reviews().save(r.a.actor, r.a.assignment, input({ scores: { team: -1 } }), 'fr'),
    );
    expect(detailsOf(negative)?.fields).toEqual({ 'scores.team': 'Une note de 0 à 5.' });
    expect(await reviewsRepository(f.db).review(r.a.assignment)).toBeUndefined();
  });

  it('records an abstention without scores nor result', async () => {
    const r = await reviewedApplication(f);
    const done = await reviews().save(
      r.a.actor,
      r.a.assignment,
      input({
        scores: { impact: 3 },
        abstain: true,
        submit: true,
        commentJury: 'Je connais le fondateur',
      }),
      'fr',
    );
    expect(done).toMatchObject({ abstain: true, scores: {}, result: null, version: 1 });
    const audit = await auditService(f.db).ofSubject('review', r.a.assignment);
    expect(audit[0]).toMatchObject({ action: 'submitted', after: { abstain: true } });
  });
});
