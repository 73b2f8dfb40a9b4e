import { describe, expect, it } from 'vitest';
import { inputOf, readReview, readSettings, settingsValues } from './reviews.forms.ts';
import {
  type Criterion,
  reviewResult,
  sameScoring,
  scoreProblems,
  storedRubric,
} from './rubric.ts';

const RUBRIC: Criterion[] = [
  { key: 'impact', label: { fr: 'Impact', en: 'Impact' }, weight: 2, max: 10 },
  { key: 'team', label: { fr: 'Équipe', en: 'Team' }, weight: 1.5, max: 5 },
];

describe('a rubric', () => {
  it('computes the weighted sum and the weighted mean to the thousandth', () => {
    // 2×7 + 1.5×4 = 20; ÷ 3.5 = 5.714285…
    expect(reviewResult(RUBRIC, { impact: 7, team: 4 }, 'weighted_sum')).toBe(20);
    expect(reviewResult(RUBRIC, { impact: 7, team: 4 }, 'weighted_mean')).toBe(5.714);
    expect(reviewResult(RUBRIC, { impact: 0, team: 0 }, 'weighted_mean')).toBe(0);
    expect(reviewResult([], {}, 'weighted_sum')).toBeNull();
  });

  it('names each bad score, and the missing ones only for a submission', () => {
    expect(scoreProblems(RUBRIC, { impact: 11, team: 1.5, luck: 2 }, false)).toEqual({
      impact: 'out_of_scale',
      team: 'not_integer',
      luck: 'unknown',
    });
    expect(scoreProblems(RUBRIC, { impact: '3' }, true)).toEqual({
      impact: 'not_integer',
      team: 'missing',
    });
    expect(scoreProblems(RUBRIC, { impact: 10, team: 0 }, true)).toEqual({});
    expect(scoreProblems(RUBRIC, { team: -1 }, false)).toEqual({ team: 'out_of_scale' });
  });

  it('reads what is stored, leaving out what has not the shape, and compares scorings', () => {
    expect(
      storedRubric([{ key: 'a', weight: 1, max: 5, label: { fr: 'A' } }, { key: 'b' }, 3]),
    ).toEqual([{ key: 'a', label: { fr: 'A', en: 'A' }, weight: 1, max: 5 }]);
    expect(storedRubric('nope')).toEqual([]);
    const relabelled = RUBRIC.map((c) => ({ ...c, label: { fr: 'x', en: 'y' } }));
    expect(sameScoring(RUBRIC, [...relabelled].reverse())).toBe(true);
    expect(
      sameScoring(RUBRIC, [{ ...(RUBRIC[0] as Criterion), weight: 3 }, RUBRIC[1] as Criterion]),
    ).toBe(false);
  });
});

describe('the reviews’ forms', () => {
  it('reads a review: integers as numbers, other text as typed, blanks left out', () => {
    expect(
      readReview({
        'scores.impact': ' 7 ',
        'scores.team': 'trois',
        'scores.market': '',
        abstain: '1',
        comment_jury: 'J',
        version: '4',
        intent: 'submit',
      }),
    ).toEqual({
      scores: { impact: 7, team: 'trois' },
      abstain: true,
      commentJury: 'J',
      commentApplicant: '',
      version: 4,
      submit: true,
    });
    expect(readReview(null)).toMatchObject({ scores: {}, version: 0, submit: false });
  });

  it('reads the rubric’s rows, skipping blank ones, and files problems next to their input', () => {
    const { input, rows } = readSettings({
      c0_key: 'impact',
      c0_label_fr: 'Impact',
      c0_weight: '1,5',
      c0_max: '10',
      c1_key: '',
      c2_key: 'team',
      c2_weight: 'x',
      score_method: 'weighted_sum',
      reviewers_per_application: '3',
      label_valid_months: '',
    });
    expect(rows).toEqual([0, 2]);
    expect(input.rubric[0]).toEqual({
      key: 'impact',
      label: { fr: 'Impact', en: 'Impact' },
      weight: 1.5,
      max: 10,
    });
    expect(input.rubric[1]?.weight).toBeNaN();
    expect(input).toMatchObject({
      reviewers_per_application: 3,
      label_valid_months: null,
      label_name_fr: null,
    });
    expect(inputOf('rubric.1.weight', rows)).toBe('c2_weight');
    expect(inputOf('rubric.0.label.fr', rows)).toBe('c0_label_fr');
    expect(inputOf('rubric', rows)).toBe('criteria');
    expect(inputOf('letter_templates.en.refused', rows)).toBe('letter_en_refused');
  });

  it('writes the stored settings back as the form’s values', () => {
    const values = settingsValues({
      rubric: RUBRIC,
      score_method: 'weighted_mean',
      reviewers_per_application: 2,
      scores_hidden_until_submitted: true,
      letters: { fr: { accepted: 'A', refused: '' }, en: { accepted: '', refused: 'R' } },
      label_name_fr: null,
      label_name_en: null,
      label_valid_months: 12,
    });
    expect(values).toMatchObject({
      c1_key: 'team',
      c1_weight: '1.5',
      scores_hidden: '1',
      letter_en_refused: 'R',
      label_valid_months: '12',
    });
    expect(readSettings(values).input.rubric).toEqual(RUBRIC);
  });
});
