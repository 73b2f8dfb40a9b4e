import { nameInEnglish } from '../kernel/locale.ts';

/**
 * The programmes' pages in English: `/en/calls`, `/en/applications`. Named when this file is
 * loaded, so that every link programmes write (pages, receipts, reminders) says the same, with or
 * without a server in the process.
 */
export const ENGLISH_NAMES = {
  '/appels': '/calls',
  '/candidatures': '/applications',
  '/jury/conflits': '/jury/conflicts',
  '/jury/candidatures': '/jury/applications',
} as const;
nameInEnglish(ENGLISH_NAMES);
