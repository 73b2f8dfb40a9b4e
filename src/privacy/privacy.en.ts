import type { PrivacyText } from './privacy.fr.ts';

/** The texts of a person's data and of their account's erasure, in English. */
export const privacyEn: PrivacyText = {
  privacy: {
    section: 'Your data',
    sectionIntro:
      'See or download everything the platform keeps about you, or delete your account.',
    view: 'See my data',
    title: 'My data',
    intro:
      'Everything the platform keeps about you: your account, then each table that names you. Secrets (password, tokens) are kept only as fingerprints and are not shown here.',
    download: 'Download my data (JSON)',
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
