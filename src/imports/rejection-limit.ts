/**
 * How many rejected lines an import survives. Every rejected line is counted; the details (file,
 * line, reason) of the first `details` are kept. A file is taken for something else than a
 * SIRENE stock, and the import stops with the register unchanged, when
 * - its first `firstLines` lines are all rejected, or
 * - past its first `after` lines, more than `share` of the lines read are rejected.
 * INSEE's files have a handful of odd lines in millions; a file beyond these bounds is another
 * file, or a broken export, and reading on would only list millions of reasons.
 */

import type { BadLine } from '../sirene/csv-stream.ts';
import { explainReason } from '../sirene/reasons.ts';

export const REJECTION_LIMIT = {
  details: 1000,
  firstLines: 1000,
  after: 100_000,
  share: 0.05,
} as const;

/** A file that is not a SIRENE stock, by the share of its lines rejected. */
export class TooManyRejectionsError extends Error {
  override name = 'TooManyRejectionsError';
  readonly code = 'TOO_MANY_REJECTIONS';
  constructor(readonly reason: { fr: string; en: string }) {
    super(reason.en);
  }
}

/** `rejected` of `read` lines: too many, or not (yet). */
export function tooManyRejections(read: number, rejected: number): boolean {
  const { firstLines, after, share } = REJECTION_LIMIT;
  if (rejected === read && read === firstLines) return true;
  return read >= after && rejected > share * read;
}

function percent(share: number, locale: 'fr' | 'en'): string {
  const value = share * 100;
  const shown = value < 10 ? value.toFixed(1) : Math.round(value).toString();
  const text = locale === 'fr' ? shown.replace('.', ',') : shown;
  return locale === 'fr' ? `${text} %` : `${text}%`;
}

/** The message that stops the import: the share rejected and the most frequent first reasons. */
export function rejectionsMessage(
  read: number,
  rejected: number,
  firstLines: readonly BadLine[],
): TooManyRejectionsError {
  const kinds = new Map<string, { count: number; fr: string; en: string }>();
  for (const bad of firstLines) {
    const r = explainReason(bad.reason);
    const kind = kinds.get(r.code) ?? { count: 0, fr: r.fr, en: r.en };
    kind.count++;
    kinds.set(r.code, kind);
  }
  const top = [...kinds.values()].sort((a, b) => b.count - a.count).slice(0, 3);
  const share = rejected / Math.max(1, read);
  const fr =
    `ce fichier ne ressemble pas à un stock SIRENE : ${percent(share, 'fr')} de lignes rejetées ` +
    `(${rejected} sur ${read} lues), premières raisons : ${top.map((k) => k.fr).join(' ; ')}`;
  const en =
    `this does not look like a SIRENE stock file: ${percent(share, 'en')} of lines rejected ` +
    `(${rejected} of ${read} read), first reasons: ${top.map((k) => k.en).join('; ')}`;
  return new TooManyRejectionsError({ fr, en });
}
