import { programmesAdminEn } from './admin.en.ts';
import { attachmentsEn } from './attachments.en.ts';
import { decisionsEn } from './decisions.en.ts';
import { programmesJuriesEn } from './juries.en.ts';
import { accompanimentEn, labelsEn } from './labels.en.ts';
import { pagesEn } from './pages.en.ts';
import type { programmesFr } from './programmes.fr.ts';
import { remindersEn } from './reminders.en.ts';
import { programmesReviewEn } from './review.en.ts';
import { reviewsEn } from './reviews.en.ts';

/** The strings of programmes and calls in English: the same keys as the French. */
export const programmesEn: typeof programmesFr = {
  pages: pagesEn,
  nav: 'Calls',
  review: programmesReviewEn,
  admin: programmesAdminEn,
  attachments: attachmentsEn,
  juries: programmesJuriesEn,
  reviews: reviewsEn,
  decisions: decisionsEn,
  labels: labelsEn,
  accompaniment: accompanimentEn,
  answers: {
    required: 'This field is required.',
    not_text: 'Type a text.',
    too_short: (n) => `Type at least ${n} characters.`,
    too_long: (n) => `Type at most ${n} characters.`,
    not_number: 'Type a number.',
    too_small: (n) => `Type a number greater than or equal to ${n}.`,
    too_large: (n) => `Type a number less than or equal to ${n}.`,
    not_date: 'Type a date as YYYY-MM-DD.',
    not_choice: 'Choose among the answers offered.',
    too_few_choices: (n) => `Choose at least ${n} answers.`,
    too_many_choices: (n) => `Choose at most ${n} answers.`,
    not_yes_no: 'Answer yes or no.',
    not_email: 'Type a valid e-mail address (name@example.org).',
    not_url: 'Type a full web address (https://…).',
    not_siret: 'Type a 14-digit SIRET with a valid check digit.',
    unknown_siret:
      'This SIRET is unknown in the directory: check it, or ask the hub’s team to add the establishment.',
    not_file: 'Attach a file.',
    not_rows: 'This list is malformed.',
    too_few_rows: (n) => `Add at least ${n} rows.`,
    too_many_rows: (n) => `Add at most ${n} rows.`,
    unknown_field: 'This form has no such field.',
    not_answers: 'Answers must be an object { field: value }.',
  },
  eligibility: {
    inactive: 'The organisation is not active.',
    not_in_territory: 'The organisation has no open establishment in the hub’s territory.',
    wrong_kind: (kinds) => `Open only to organisations of kind: ${kinds}.`,
    created_too_early: (year) => `Open only to organisations created after ${year}.`,
    creation_unknown: 'The directory does not know when the organisation was created.',
    headcount_too_high: (n) => `Open only to organisations with fewer than ${n} employees.`,
    headcount_unknown: 'The directory does not know the organisation’s headcount.',
  },
  reminders: remindersEn,
  receipt: {
    subject: (call, number) => `Application received — ${call} (${number})`,
    body: (p) =>
      `Hello ${p.name},\n\nThe application of ${p.organisation} to the call “${p.call}” was submitted on ${p.at}.\nIts acknowledgement number: ${p.number}.\n`,
  },
};
