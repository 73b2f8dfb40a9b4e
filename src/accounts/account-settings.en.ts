import type { AccountSettingsText } from './account-settings.fr.ts';

/** The texts of what a person changes on their account page, and of its mails, in English. */
export const accountSettingsEn: AccountSettingsText = {
  accountSettings: {
    profile: 'Identity',
    displayName: 'Display name',
    saveName: 'Save the name',
    nameSaved: 'Your name is saved.',
    email: 'E-mail address',
    emailIntro: (email: string) =>
      `Your current address is ${email}. We will send the new one a link to confirm it (valid for 24 hours); it replaces the current one only once that link is opened, and the current one is told.`,
    newEmail: 'New e-mail address',
    currentPassword: 'Current password',
    askEmail: 'Send the confirmation link',
    emailLinkSent: 'A link was just sent to the new address. Open it to make it your account’s.',
    emailUnchanged: 'This is already your account’s address.',
    wrongPassword: 'This is not your current password.',
    confirmTitle: 'Confirm your new address',
    confirmIntro: (email: string) =>
      `Confirm that ${email} becomes your account's address: you will sign in with it from now on.`,
    confirmSubmit: 'Confirm the new address',
    confirmInvalid:
      'This link is no longer valid (already used, replaced by a newer one or expired). Ask for a new one from your account.',
    emailChanged: 'Your new address is saved and confirmed.',
    password: 'Password',
    passwordIntro:
      'Changing your password ends your other sessions (other browsers and devices will have to sign in again); this one stays open.',
    newPassword: 'New password',
    changePassword: 'Change the password',
    passwordChanged: 'Your password is changed; your other sessions are ended.',
    sessions: 'Open sessions',
    sessionsIntro:
      'The browsers and devices signed in to your account. End a session you do not recognise, then change your password.',
    device: 'Device',
    network: 'Network',
    opened: 'Opened',
    lastSeen: 'Last active',
    unknownDevice: 'Unknown device',
    unknownNetwork: 'unknown',
    thisSession: 'this session',
    endSession: 'End',
    endSessionLabel: (device: string, when: string) =>
      `End the ${device} session opened on ${when}`,
    sessionEnded: 'The session is ended.',
    sessionGone: 'This session had already ended.',
    leave: 'Leave',
    leaveLabel: (organisation: string) => `No longer act for ${organisation}`,
    left: 'You no longer act for this organisation.',
    notMember: 'You were not a member of this organisation.',
    mails: 'E-mails',
    mailsIntro:
      'Messages that answer one of your actions (a receipt, a decision, a link you asked for) always leave. Choose the others:',
    kinds: {
      call_reminders: 'Reminders before a call closes while you have a draft application',
      event_reminders: 'Reminders the day before an event you registered for',
      booking_reminders: 'Reminders the day before you booked a space of the venue',
      news_digest:
        'News digest: every Monday morning, the articles published during the week (only if you ask for it)',
    },
    saveMails: 'Save my choices',
    mailsSaved: 'Your e-mail choices are saved.',
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeIntro: (kind: string) => `Stop receiving: ${kind}.`,
    unsubscribeSubmit: 'Unsubscribe me',
    unsubscribed: (kind: string) =>
      `Done: you will no longer receive these e-mails (${kind}). You can change your mind from your account.`,
    unsubscribeInvalid: 'This unsubscribe link is not valid.',
    toAccount: 'My account',
  },
  accountMail: {
    newAddressSubject: (hub: string) => `${hub} — confirm your new address`,
    newAddressBody: (name: string, link: string) =>
      `Hello ${name},\n\nYou asked for this address to become your account's. To confirm, open this link (valid for 24 hours):\n${link}\n\nIf you did not ask for this, ignore this message: nothing will change.`,
    changedSubject: (hub: string) => `${hub} — your account's address changed`,
    changedBody: (name: string, email: string, reset: string) =>
      `Hello ${name},\n\nYour account's address is now ${email}: this is the last message sent to this one.\n\nIf you did not make this change, write to the hub's team from the contact page, and change your password:\n${reset}`,
    unsubscribe: {
      call_reminders: (link: string) => `\n\n—\nStop receiving these reminders: ${link}`,
      event_reminders: (link: string) => `\n\n—\nStop receiving these reminders: ${link}`,
      booking_reminders: (link: string) => `\n\n—\nStop receiving these reminders: ${link}`,
      news_digest: (link: string) =>
        `\n\n—\nYou receive this digest because you asked for it. Unsubscribe: ${link}`,
    },
  },
};
