import type { ReviewRow } from './reviews.repository.ts';
import type { Settings, SettingsInput } from './reviews.schema.ts';
import type { ReviewInput } from './reviews.service.ts';
import type { Criterion } from './rubric.ts';

/**
 * What the reviews' forms post ⇄ the services' input, pure. The review form posts
 * `scores.<key>`, `abstain`, the two comments, the version read and an intent (`save` or
 * `submit`); the rubric's form posts one row of five inputs per criterion (`c<i>_key`…) and the
 * settings.
 */

type Body = Record<string, unknown>;
const bodyOf = (body: unknown): Body =>
  typeof body === 'object' && body !== null ? (body as Body) : {};
const textOf = (b: Body, name: string) => (typeof b[name] === 'string' ? (b[name] as string) : '');

/** the review form's post: a score typed is a number when it reads as an integer, else text */
export function readReview(body: unknown): ReviewInput {
  const b = bodyOf(body);
  const scores: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(b)) {
    if (!name.startsWith('scores.') || typeof value !== 'string') continue;
    const typed = value.trim();
    if (typed === '') continue;
    scores[name.slice('scores.'.length)] = /^-?\d{1,6}$/.test(typed) ? Number(typed) : typed;
  }
  const version = textOf(b, 'version');
  return {
    scores,
    abstain: b.abstain === '1',
    commentJury: textOf(b, 'comment_jury'),
    commentApplicant: textOf(b, 'comment_applicant'),
    version: /^\d{1,9}$/.test(version) ? Number(version) : 0,
    submit: b.intent === 'submit',
  };
}

/** a stored review as the form's values */
export function reviewValues(r: ReviewRow | null): Record<string, string> {
  if (!r) return { version: '0' };
  const out: Record<string, string> = {
    comment_jury: r.comment_jury,
    comment_applicant: r.comment_applicant,
    version: String(r.version),
  };
  if (r.abstain) out.abstain = '1';
  for (const [k, v] of Object.entries(r.scores)) out[`scores.${k}`] = String(v);
  return out;
}

/** rows shown beyond the criteria, to add some without a script */
export const BLANK_ROWS = 3;
const ROW_INPUTS = ['key', 'label_fr', 'label_en', 'weight', 'max'] as const;

/** a number typed in French or English (`1,5` or `1.5`); anything else is not one */
function numberOf(text: string): number {
  const t = text.trim().replace(',', '.');
  return /^\d{1,6}(\.\d{1,4})?$/.test(t) ? Number(t) : Number.NaN;
}

/** how many criterion rows the post holds (the highest `c<i>_…` + 1) */
export function rowCount(body: unknown): number {
  let n = 0;
  for (const name of Object.keys(bodyOf(body))) {
    const m = /^c(\d{1,2})_/.exec(name);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

/**
 * The rubric's form as the settings' input, and where each criterion came from (its row), so
 * that a problem of `rubric.<i>.<input>` goes back next to the input typed.
 */
export function readSettings(body: unknown): { input: SettingsInput; rows: number[] } {
  const b = bodyOf(body);
  const rubric: SettingsInput['rubric'] = [];
  const rows: number[] = [];
  for (let i = 0; i < rowCount(b); i += 1) {
    const cell = (input: string) => textOf(b, `c${i}_${input}`).trim();
    if (ROW_INPUTS.every((input) => cell(input) === '')) continue;
    rubric.push({
      key: cell('key'),
      label: { fr: cell('label_fr'), en: cell('label_en') || cell('label_fr') },
      weight: numberOf(cell('weight')),
      max: numberOf(cell('max')),
    });
    rows.push(i);
  }
  const months = textOf(b, 'label_valid_months').trim();
  const reviewers = textOf(b, 'reviewers_per_application').trim();
  return {
    input: {
      rubric,
      score_method: textOf(b, 'score_method') as Settings['score_method'],
      reviewers_per_application: numberOf(reviewers),
      scores_hidden_until_submitted: b.scores_hidden === '1',
      letter_templates: {
        fr: { accepted: textOf(b, 'letter_fr_accepted'), refused: textOf(b, 'letter_fr_refused') },
        en: { accepted: textOf(b, 'letter_en_accepted'), refused: textOf(b, 'letter_en_refused') },
      },
      label_name_fr: textOf(b, 'label_name_fr').trim() || null,
      label_name_en: textOf(b, 'label_name_en').trim() || null,
      label_valid_months: months === '' ? null : numberOf(months),
    },
    rows,
  };
}

/** a problem's path (`rubric.2.label.fr`) → the input it belongs next to (`c4_label_fr`) */
export function inputOf(path: string, rows: readonly number[]): string {
  const parts = path.split('.');
  if (parts[0] === 'rubric') {
    if (parts.length === 1) return 'criteria';
    const row = rows[Number(parts[1])] ?? 0;
    const rest = parts.slice(2).join('_');
    return `c${row}_${rest || 'key'}`;
  }
  if (parts[0] === 'letter_templates') return `letter_${parts[1]}_${parts[2]}`;
  if (parts[0] === 'scores_hidden_until_submitted') return 'scores_hidden';
  return parts[0] ?? '_form';
}

/** the stored settings as the form's values */
export function settingsValues(s: {
  rubric: readonly Criterion[];
  score_method: string;
  reviewers_per_application: number;
  scores_hidden_until_submitted: boolean;
  letters: Settings['letter_templates'];
  label_name_fr: string | null;
  label_name_en: string | null;
  label_valid_months: number | null;
}): Record<string, string> {
  const out: Record<string, string> = {
    score_method: s.score_method,
    reviewers_per_application: String(s.reviewers_per_application),
    letter_fr_accepted: s.letters.fr.accepted,
    letter_fr_refused: s.letters.fr.refused,
    letter_en_accepted: s.letters.en.accepted,
    letter_en_refused: s.letters.en.refused,
    label_name_fr: s.label_name_fr ?? '',
    label_name_en: s.label_name_en ?? '',
    label_valid_months: s.label_valid_months === null ? '' : String(s.label_valid_months),
  };
  if (s.scores_hidden_until_submitted) out.scores_hidden = '1';
  s.rubric.forEach((c, i) => {
    out[`c${i}_key`] = c.key;
    out[`c${i}_label_fr`] = c.label.fr;
    out[`c${i}_label_en`] = c.label.en;
    out[`c${i}_weight`] = String(c.weight);
    out[`c${i}_max`] = String(c.max);
  });
  return out;
}
