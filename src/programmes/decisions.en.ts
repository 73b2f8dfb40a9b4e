import type { DecisionsText } from './decisions.fr.ts';

/** The strings of the ranking, the decision, its letter and mail, in English. */
export const decisionsEn: DecisionsText = {
  outcomes: { accepted: 'Accepted', refused: 'Refused' },
  letters: {
    accepted:
      '{date}\n\nRe: your application {numero} to the call “{appel}”\n\nDear Sir or Madam,\n\nWe are pleased to let you know that the application of {organisation} to the call “{appel}” is accepted.\n\nReasons for the decision:\n{motifs}\n\nYours faithfully,\n\nThe programme’s team',
    refused:
      '{date}\n\nRe: your application {numero} to the call “{appel}”\n\nDear Sir or Madam,\n\nWe regret to let you know that the application of {organisation} to the call “{appel}” was not selected.\n\nReasons for the decision:\n{motifs}\n\nThank you for your interest in this programme.\n\nYours faithfully,\n\nThe programme’s team',
  },
  letterTitle: (call) => `Decision — ${call}`,
  ranking: {
    title: (call) => `Ranking — ${call}`,
    intro:
      'The applications with at least one submitted review, by mean result, highest first. The spread is the difference between the reviewers’ highest and lowest results; abstentions are counted apart and left out of the mean.',
    caption: 'Applications ranked by mean result',
    rank: 'Rank',
    organisation: 'Organisation',
    acknowledgement: 'Acknowledgement',
    mean: 'Mean result',
    reviews: 'Reviews submitted / assigned',
    abstentions: 'Abstentions',
    spread: 'Spread (max − min)',
    deviation: 'Standard deviation',
    decision: 'Decision',
    action: 'Action',
    decide: 'Decide',
    see: 'See the decision',
    none: '—',
    notDecided: 'To decide',
    empty: 'No application of this call has a submitted review yet.',
    back: 'Back to the call’s applications',
  },
  decide: {
    title: (ack) => `Decision — ${ack}`,
    reviews: 'Reviews',
    caption: 'The jury members’ reviews',
    reviewer: 'Reviewer',
    result: 'Result',
    submitted: 'Submitted on',
    commentJury: 'Comment to the jury',
    commentApplicant: 'Comment to the applicant',
    abstained: 'Abstained',
    notSubmitted: 'Not submitted',
    noReviews: 'No reviewer is assigned to this application.',
    summary: (mean, spread) => `Mean: ${mean} — spread: ${spread}`,
    form: 'Record the decision',
    outcome: 'Decision',
    reasons: 'Reasons',
    reasonsHint:
      'Required. They are written in the decision letter, which the applicant reads, and in the history.',
    submit: 'Record the decision and send the letter',
    stateHint:
      'A submitted application is put under review first; the decision is final (a second decision is refused).',
    notDecidable: 'This application cannot be decided in its current state.',
    taken: (outcome, when) => `Decided on ${when}: ${outcome}.`,
    decidedBy: (who) => `By ${who}.`,
    letter: 'Decision letter (PDF)',
    label: (name) => `Label conferred: ${name}`,
    application: 'Back to the application',
    ranking: 'The call’s ranking',
  },
  problems: {
    noOutcome: 'Choose “accepted” or “refused”.',
    noReasons: 'Write the reasons for the decision.',
    reasonsTooLong: (n) => `The reasons take ${n} characters at most.`,
  },
  applicant: {
    heading: 'Decision',
    outcome: 'Decision',
    date: 'Date',
    reasons: 'Reasons',
    comments: 'The jury’s comments',
    comment: (n) => `Review ${n}`,
    noComments: 'The jury left no comment for you.',
    letter: 'Download the decision letter (PDF)',
    label: (name) => `Label obtained: ${name}`,
  },
  staff: {
    heading: 'Jury and decision',
    decide: 'Decision',
    ranking: 'The call’s ranking',
  },
  mail: {
    subject: (call, number) => `Decision on your application — ${call} (${number})`,
    body: (p) =>
      `Hello ${p.name},\n\nA decision was taken on the application of ${p.organisation} to the call “${p.call}” (${p.number}): ${p.outcome}.\n\nThe decision letter, its reasons and the jury’s comments: ${p.link}\n`,
  },
  flash: { decided: 'Decision recorded: the letter is sent to the applicant.' },
};
