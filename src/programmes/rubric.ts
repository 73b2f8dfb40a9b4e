/**
 * A call's rubric, pure: its criteria (a key, labels, a weight, the top of an integer scale), the
 * checks of a reviewer's scores, and the result of a review (the weighted sum or the weighted
 * mean of its scores), rounded to the thousandth as the database keeps it.
 */

export type Criterion = {
  key: string;
  label: { fr: string; en: string };
  /** > 0 */
  weight: number;
  /** scores are integers from 0 to max */
  max: number;
};

export type ScoreMethod = 'weighted_sum' | 'weighted_mean';
export const SCORE_METHODS: readonly ScoreMethod[] = ['weighted_sum', 'weighted_mean'];

export const CRITERIA_MAX = 30;
export const SCALE_MAX = 100;
export const WEIGHT_MAX = 100;
export const CRITERION_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** the rubric as stored (jsonb): criteria that do not have the expected shape are left out */
export function storedRubric(value: unknown): Criterion[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw): Criterion[] => {
    if (typeof raw !== 'object' || raw === null) return [];
    const c = raw as Record<string, unknown>;
    const label = (c.label ?? {}) as Record<string, unknown>;
    if (typeof c.key !== 'string' || typeof c.weight !== 'number' || typeof c.max !== 'number')
      return [];
    const fr = typeof label.fr === 'string' ? label.fr : c.key;
    const en = typeof label.en === 'string' && label.en !== '' ? label.en : fr;
    return [{ key: c.key, label: { fr, en }, weight: c.weight, max: c.max }];
  });
}

/** why a score is refused, by criterion key (or the key sent when no criterion has it) */
export type ScoreProblem = 'unknown' | 'not_integer' | 'out_of_scale' | 'missing';

/**
 * The problems of scores against a rubric: an unknown criterion, a score that is not an integer
 * of its scale, and, when the review is complete (a submission), a criterion without a score.
 */
export function scoreProblems(
  rubric: readonly Criterion[],
  scores: Readonly<Record<string, unknown>>,
  complete: boolean,
): Record<string, ScoreProblem> {
  const byKey = new Map(rubric.map((c) => [c.key, c]));
  const out: Record<string, ScoreProblem> = {};
  for (const [key, value] of Object.entries(scores)) {
    const criterion = byKey.get(key);
    if (!criterion) out[key] = 'unknown';
    else if (typeof value !== 'number' || !Number.isInteger(value)) out[key] = 'not_integer';
    else if (value < 0 || value > criterion.max) out[key] = 'out_of_scale';
  }
  if (complete) {
    for (const c of rubric) if (!(c.key in scores) && !out[c.key]) out[c.key] = 'missing';
  }
  return out;
}

const thousandths = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The result of complete scores: Σ w·s (weighted sum) or Σ w·s / Σ w (weighted mean), to the
 * thousandth. Null when the rubric has no criterion.
 */
export function reviewResult(
  rubric: readonly Criterion[],
  scores: Readonly<Record<string, number>>,
  method: ScoreMethod,
): number | null {
  if (rubric.length === 0) return null;
  let sum = 0;
  let weights = 0;
  for (const c of rubric) {
    sum += c.weight * (scores[c.key] ?? 0);
    weights += c.weight;
  }
  return thousandths(method === 'weighted_sum' ? sum : sum / weights);
}

/** whether two rubrics score alike: the same criteria, weights and scales (labels may differ) */
export function sameScoring(a: readonly Criterion[], b: readonly Criterion[]): boolean {
  const shape = (r: readonly Criterion[]) =>
    JSON.stringify(r.map((c) => [c.key, c.weight, c.max]).sort());
  return shape(a) === shape(b);
}
