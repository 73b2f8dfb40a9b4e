import type { PrivacyText } from './privacy.fr.ts';

/** The texts of a person's data and of their account's erasure, in English. */
export const privacyEn: PrivacyText = {
  privacy: {
    section: 'Your data',
    sectionIntro:
      'See everything the platform keeps about you, get it as an archive, or delete your account.',
    view: 'See my data',
    title: 'My data',
    intro:
      'Everything the platform keeps about you: your account, then each table that names you. Secrets (password, tokens) are kept only as fingerprints and are not shown here.',
    archiveTitle: 'Archive to download (JSON)',
    archiveIntro: (days: number) =>
      `An archive of these data, in a format other services can read, is prepared when you ask and announced by e-mail. It stays available for ${days} days.`,
    archiveAsk: 'Prepare an archive',
    archiveAskAgain: 'Prepare a new archive',
    archiveAsked: 'Your archive is being prepared. An e-mail will tell you when it is ready.',
    archiveWaiting: (since: string) =>
      `Archive asked for on ${since}, being prepared. An e-mail will tell you when it is ready; reload this page to see it.`,
    archiveReady: (when: string, size: string) => `Download the archive of ${when} (JSON, ${size})`,
    archiveFailed: 'Preparing your last archive failed. You may ask for it again.',
    archiveMailSubject: (hub: string) => `${hub}: your data are ready`,
    archiveMailBody: (name: string, page: string, days: number) =>
      `Hello ${name},\n\nThe archive of your data you asked for is ready. Sign in, then download it from this page (it stays there for ${days} days):\n\n${page}\n\nIf you asked for nothing, change your password: someone signed in to your account.`,
    queue: 'Personal data exports',
    queueItem: (id: number) => `Export no. ${id}`,
    account: 'Account',
    table: (table: string, why: string) => `${table} — ${why}`,
    rows: (n: number) => (n === 1 ? '1 row' : `${n} rows`),
    mails: 'E-mails sent to your address',
    noMails: 'No e-mail kept.',
    erase: 'Delete my account',
    eraseTitle: 'Delete my account',
    eraseIntro:
      'Your account will be erased: you will no longer be able to sign in, your sessions and tokens stop at once, your links to organisations and your requests disappear. What must remain for others (a jury’s decision, a published article, the audit log) remains, under the name “Compte supprimé” (deleted account). This cannot be undone.',
    erasePassword: 'Your password, to confirm',
    eraseSubmit: 'Delete my account for good',
    erased: 'Your account is deleted.',
    wrongPassword: 'This is not your password.',
  },
};
