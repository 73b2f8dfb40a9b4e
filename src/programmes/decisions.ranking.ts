/** One reviewer's review of an application, as the ranking reads it. */
export type RankedReview = {
  application_id: number;
  /** null: no review row yet */
  submitted: boolean;
  abstain: boolean;
  result: number | null;
};

export type RankingLine = {
  application_id: number;
  /** the mean of the submitted results (abstentions left out); null when every one abstained */
  mean: number | null;
  /** max − min of the submitted results; null with fewer than one */
  spread: number | null;
  /** the population standard deviation of the submitted results */
  deviation: number | null;
  submitted: number;
  assigned: number;
  abstentions: number;
};

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The ranking of applications from their reviewers' reviews: the applications with at least one
 * submitted review (an abstention counts as submitted), by mean result descending, those without
 * a result (all abstained) last, ties by the oldest application first.
 */
export function rank(reviews: readonly RankedReview[]): RankingLine[] {
  const by = new Map<number, RankedReview[]>();
  for (const r of reviews) by.set(r.application_id, [...(by.get(r.application_id) ?? []), r]);
  const lines: RankingLine[] = [];
  for (const [id, list] of by) {
    const submitted = list.filter((r) => r.submitted);
    if (submitted.length === 0) continue;
    const results = submitted.flatMap((r) => (!r.abstain && r.result !== null ? [r.result] : []));
    const mean = results.length ? results.reduce((a, b) => a + b, 0) / results.length : null;
    const deviation =
      mean === null
        ? null
        : Math.sqrt(results.reduce((a, b) => a + (b - mean) ** 2, 0) / results.length);
    lines.push({
      application_id: id,
      mean: mean === null ? null : round(mean),
      spread: results.length ? round(Math.max(...results) - Math.min(...results)) : null,
      deviation: deviation === null ? null : round(deviation),
      submitted: submitted.length,
      assigned: list.length,
      abstentions: submitted.filter((r) => r.abstain).length,
    });
  }
  return lines.sort(
    (a, b) =>
      (b.mean ?? Number.NEGATIVE_INFINITY) - (a.mean ?? Number.NEGATIVE_INFINITY) ||
      a.application_id - b.application_id,
  );
}
