import type { pagesFr } from './pages.fr.ts';

/** The strings of the applicant's pages (English). */
export const pagesEn: typeof pagesFr = {
  callsTitle: 'Calls for applications',
  callsIntro:
    'The hub’s calls: labels, support programmes, selections. Each call says who may apply, its dates and the questions asked.',
  currentCalls: 'Open and upcoming calls',
  closedCalls: 'Closed calls',
  noCurrentCall: 'No call is open or announced at the moment.',
  myApplications: 'My applications',
  noApplication: 'No application from your organisations yet.',
  seeCalls: 'See the calls',
  conditions: 'Who may apply',
  noCondition: 'Any organisation of the directory.',
  apply: 'Apply',
  questions: 'The questions asked',
  questionsIntro:
    'To get ready: the form asks these questions. A draft is saved and can be taken up again at any time until it is submitted.',
  aboutProgramme: 'The programme',
  closedNotice: 'This call is closed: it no longer takes applications.',
  notOpenYet: 'This call is not open yet: you can start an application when it opens.',
  signInToApply: 'Sign in to apply on behalf of your organisation',
  verifyToApply:
    'First confirm your e-mail address (the link was sent when you signed up) to apply on behalf of an organisation.',
  joinToApply:
    'One applies on behalf of an organisation one is a member of. Join yours from its page in the directory:',
  notEligible: 'This organisation may not apply to this call:',
  start: (organisation: string) => `Start the application of ${organisation}`,
  seeApplication: 'See the application',
  applicationOf: (organisation: string) => `Application of ${organisation}`,
  answers: 'Answers',
  history: 'History',
  emptyAnswer: '(no answer)',
  save: 'Save the draft',
  submit: 'Submit the application',
  lastSaved: (at: string) => `Last saved: ${at}.`,
  deadline: (at: string) => `Deadline: ${at} (Paris time).`,
  inGrace: (until: string) =>
    `The call is closed, but this draft, started in time, may still be submitted until ${until}.`,
  tooLate: 'The call is closed: this application can no longer be submitted.',
  submittedOn: (at: string) => `submitted on ${at}`,
  conflict:
    'This application was saved elsewhere (another tab, or another member of your organisation) since you opened it. Nothing was overwritten.',
  conflictFields: 'These saved answers differ from yours:',
  conflictResolve:
    'What you typed is kept in the form below. Saving again will replace the saved answers with yours.',
  withdraw: 'Withdraw this application',
  withdrawTitle: 'Withdraw the application',
  withdrawWarning: (organisation: string, call: string) =>
    `The application of ${organisation} to “${call}” will be withdrawn: it will not be reviewed and cannot be taken back (another one would have to be started while the call is open).`,
  withdrawConfirm: 'Withdraw for good',
  cancel: 'Cancel',
  noChoice: '— Choose —',
  attached: 'Attached file:',
  kilobytes: 'KB',
  attach: 'Attach the file',
  replaceFile: 'Replace the file',
  removeFile: 'Remove this file',
  otherAnswers: 'Your other answers',
  correctionAsked: 'The hub’s team asks you to correct this application:',
  correctionFields: (fields: string) =>
    `To correct: ${fields}. The other answers stay as submitted; submit again once corrected (the acknowledgement number does not change).`,
  follow: (url: string) => `To follow the application: ${url}`,
  addRow: 'Add a row',
  row: (group: string, n: number) => `${group}, row ${n}`,
  columns: {
    call: 'Call',
    organisation: 'Organisation',
    state: 'State',
    acknowledgement: 'Acknowledgement',
    updated: 'Updated',
  },
  states: {
    draft: 'Draft',
    submitted: 'Submitted',
    under_review: 'Under review',
    accepted: 'Accepted',
    refused: 'Not accepted',
    withdrawn: 'Withdrawn',
    correction_requested: 'Correction requested',
  },
  dates: {
    opens: 'Opens',
    closes: 'Closes',
    status: 'Status',
    grace: (hours: number) =>
      `A draft started before the closing may still be submitted for ${hours} h.`,
    statuses: { upcoming: 'Upcoming', open: 'Open', closed: 'Closed' },
    opensOn: (at: string) => `opens on ${at}`,
    closesOn: (at: string) => `closes on ${at}`,
    closedOn: (at: string) => `closed on ${at}`,
  },
  rules: {
    active: 'Be active.',
    in_territory: 'Have an open establishment (or its head office) in the hub’s territory.',
    kind: (kinds: string) => `Be of kind: ${kinds}.`,
    created_after: (year: number) => `Have been created after ${year}.`,
    headcount_below: (max: string) => `Have fewer than ${max} employees.`,
  },
  hints: {
    required: 'Required',
    atMost: (n: number) => `at most ${n} characters`,
    between: (min: number, max: number) => `between ${min} and ${max} characters`,
    bounds: (min?: number, max?: number) =>
      min !== undefined && max !== undefined
        ? `a number between ${min} and ${max}`
        : min !== undefined
          ? `a number of at least ${min}`
          : `a number of at most ${max}`,
    choices: (min?: number, max?: number) =>
      min !== undefined && max !== undefined
        ? `${min} to ${max} answers`
        : min !== undefined
          ? `at least ${min} answers`
          : `at most ${max} answers`,
    siret: '14 digits (the establishment’s SIRET)',
    file: (mb: number) => `PDF, PNG, JPEG or WebP, ${mb} MB at most`,
    shownIf: (field: string, value: string) => `to fill in if “${field}” is “${value}”`,
    yes: 'Yes',
    no: 'No',
  },
  flash: {
    started: 'Draft created: you can save it and come back to it at any time until you submit it.',
    saved: 'Draft saved.',
    submitted: 'Application submitted: its acknowledgement was sent to you by e-mail.',
    withdrawn: 'Application withdrawn.',
  },
  saving: {
    saving: 'Saving…',
    saved: (at: string) => `Draft saved at ${at}.`,
    invalid: 'Not saved: some answers need fixing (see the messages under the questions).',
    conflict: 'Not saved: this application was changed elsewhere. Save to compare both versions.',
    offline: 'Not saved: the connection failed. What you typed stays in the page.',
  },
};
