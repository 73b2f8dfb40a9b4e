import type { FieldErrors } from '../../kernel/errors.ts';
import type { programmesFr } from '../programmes.fr.ts';
import type { FieldIssue } from './validate.ts';

/** One message per field, in the language of the catalogue given (the first issue of each). */
export function answerMessages(
  issues: readonly FieldIssue[],
  text: typeof programmesFr,
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    if (out[issue.field] !== undefined) continue;
    const entry = text.answers[issue.code];
    out[issue.field] = typeof entry === 'function' ? entry(issue.limit ?? 0) : entry;
  }
  return out;
}
