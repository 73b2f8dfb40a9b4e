import { describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { reviewsRepository } from './reviews.repository.ts';
import { juryFixture } from './reviews.testing.ts';

describe.each(engines())('the review API (%s)', (engine) => {
  const f = juryFixture(engine);
  const url = (assignment: number) => `/api/v1/assignments/${assignment}/review`;

  it('saves, submits, and shows the others only after one’s own submission', async () => {
    const app = await f.application();
    const draft = await f.api('a', 'PUT', url(app.a), {
      scores: { impact: 7 },
      comment_jury: 'Note de A',
      version: 0,
    });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ version: 1, result: null, submitted_at: null });
    const submitted = await f.api('a', 'PUT', url(app.a), {
      scores: { impact: 7, team: 4 },
      comment_jury: 'Note de A',
      version: 1,
      submit: true,
    });
    expect(submitted.json()).toMatchObject({ version: 2, result: 6 });
    const hidden = await f.api('b', 'GET', url(app.b));
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json()).toMatchObject({ others_hidden: true, others: [], version: 0 });
    const mine = await f.api('b', 'PUT', url(app.b), { abstain: true, submit: true, version: 0 });
    expect(mine.json()).toMatchObject({ abstain: true, result: null, others_hidden: false });
    expect(mine.json().others).toEqual([
      expect.objectContaining({ reviewer: f.names.a, scores: { impact: 7, team: 4 }, result: 6 }),
    ]);
  });

  it('answers 422 with a message per score, and 409 with both texts', async () => {
    const app = await f.application();
    const bad = await f.api('a', 'PUT', url(app.a), {
      scores: { impact: 11, luck: 1 },
      version: 0,
      submit: true,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({
      code: 'REVIEW_INVALID',
      fields: {
        'scores.impact': 'A score from 0 to 10.',
        'scores.luck': 'This criterion is not in the rubric.',
        'scores.team': 'Score this criterion to submit (or abstain).',
      },
    });
    await f.api('a', 'PUT', url(app.a), { scores: { impact: 2 }, comment_jury: 'Ici', version: 0 });
    const stale = await f.api('a', 'PUT', url(app.a), {
      scores: { impact: 3 },
      comment_jury: 'Là',
      version: 0,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'STALE_VERSION',
      current: { scores: { impact: 2 }, comment_jury: 'Ici', version: 1 },
      sent: { scores: { impact: 3 }, comment_jury: 'Là', version: 0 },
    });
  });

  it('refuses another reviewer’s assignment, a member, and a visitor', async () => {
    const app = await f.application();
    const body = { scores: { impact: 1 }, version: 0 };
    const other = await f.api('b', 'PUT', url(app.a), body);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('NOT_ASSIGNED');
    expect((await f.api('c', 'GET', url(app.a))).statusCode).toBe(403);
    // nor does the applications' API open it to a reviewer not assigned
    const read = await f.t.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${app.id}`,
      headers: { authorization: `Bearer ${f.tokens.c}` },
    });
    expect(read.statusCode).toBe(403);
    expect((await f.api('member', 'PUT', url(app.a), body)).statusCode).toBe(403);
    expect((await f.api('member', 'GET', url(app.a))).statusCode).toBe(403);
    const visitor = await f.t.app.inject({ method: 'PUT', url: url(app.a), payload: body });
    expect(visitor.statusCode).toBe(401);
    expect(await reviewsRepository(f.t.database.db).review(app.a)).toBeUndefined();
  });
});

describe.each(engines())('a call’s rubric and settings page (%s)', (engine) => {
  const f = juryFixture(engine);
  const grille = () => `/admin/programmes/appels/${f.callId}/grille`;
  const valid = {
    c0_key: 'impact',
    c0_label_fr: 'Impact',
    c0_label_en: 'Impact',
    c0_weight: '2',
    c0_max: '10',
    c1_key: 'team',
    c1_label_fr: 'Équipe',
    c1_label_en: 'Team',
    c1_weight: '1',
    c1_max: '5',
    score_method: 'weighted_mean',
    reviewers_per_application: '2',
    scores_hidden: '1',
    letter_fr_accepted: 'Bravo {organisation}',
    label_name_fr: 'Accélérateur labellisé',
    label_name_en: 'Labelled accelerator',
    label_valid_months: '24',
  };

  it('shows the rubric to staff only, and refuses a bad one with everything typed kept', async () => {
    const page = await f.clients.staff.get(grille());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="impact"');
    expect((await f.clients.a.get(grille())).statusCode).toBe(403);
    const bad = await f.clients.staff.post(grille(), {
      ...valid,
      c1_key: 'impact',
      c0_weight: '0',
      c1_max: '2,5',
      reviewers_per_application: '11',
      label_name_en: '',
      letter_en_refused: 'Refus détaillé',
    });
    expect(bad.statusCode).toBe(422);
    for (const message of [
      'Deux critères ne peuvent avoir la même clé.',
      'Un poids : un nombre strictement positif, au plus 100.',
      'Une note maximale : un entier de 1 à 100.',
      'Un nombre entier de 1 à 10.',
      'Donnez le nom du label dans les deux langues, ou dans aucune.',
    ])
      expect(bad.body).toContain(message);
    expect(bad.body).toContain('Refus détaillé');
  });

  it('saves it, then locks the scoring once a review is submitted, and not the rest', async () => {
    const ok = await f.clients.staff.post(grille(), {
      ...valid,
      c2_key: 'market',
      c2_label_fr: 'Marché',
      c2_weight: '1,5',
      c2_max: '5',
    });
    expect(ok.statusCode).toBe(303);
    const stored = await reviewsRepository(f.t.database.db).callSettings(f.callId);
    expect(stored).toMatchObject({
      score_method: 'weighted_mean',
      label_name_fr: 'Accélérateur labellisé',
      label_valid_months: 24,
      letter_templates: { fr: { accepted: 'Bravo {organisation}', refused: '' } },
    });
    expect(stored?.rubric).toHaveLength(3);
    const app = await f.application();
    const review = await f.api('a', 'PUT', `/api/v1/assignments/${app.a}/review`, {
      scores: { impact: 5, team: 5, market: 5 },
      version: 0,
      submit: true,
    });
    expect(review.statusCode).toBe(200);
    await f.clients.staff.get(grille());
    const locked = await f.clients.staff.post(grille(), { ...valid, c0_weight: '3' });
    expect(locked.statusCode).toBe(409);
    expect(locked.body).toContain('les critères et le calcul ne peuvent plus changer');
    const labelOnly = await f.clients.staff.post(grille(), {
      ...valid,
      c2_key: 'market',
      c2_label_fr: 'Marché (taille)',
      c2_weight: '1.5',
      c2_max: '5',
      label_valid_months: '36',
    });
    expect(labelOnly.statusCode).toBe(303);
    const after = await reviewsRepository(f.t.database.db).callSettings(f.callId);
    expect(after?.label_valid_months).toBe(36);
  });
});
