import type { AccountsText } from './accounts.fr.ts';

export const accountsEn: AccountsText = {
  signIn: {
    title: 'Sign in',
    submit: 'Sign in',
    invalid: 'Incorrect e-mail address or password.',
    forgot: 'Forgot your password?',
    noAccount: 'No account yet?',
    signedOut: 'You are signed out.',
  },
  signUp: {
    title: 'Create an account',
    submit: 'Create my account',
    emailTaken: 'An account already exists with this address. Sign in or reset the password.',
    haveAccount: 'Already have an account?',
    welcome: 'Welcome! Your account is ready and you are signed in.',
  },
  forgot: {
    title: 'Forgot your password',
    intro: 'Enter your account’s address: we will send you a link to choose a new password.',
    submit: 'Send me the link',
    sent: 'If an account exists for this address, an e-mail has just been sent to it. The link is valid for one hour.',
  },
  reset: {
    title: 'Choose a new password',
    submit: 'Save the password',
    invalid: 'This link is no longer valid (already used or expired). Ask for a new one.',
    done: 'Your password is saved. You are signed in.',
  },
  account: {
    title: 'My account',
    role: 'Role',
    memberSince: 'Joined on',
    roles: {
      member: 'Member',
      staff: 'Animation team',
      reviewer: 'Jury member',
      admin: 'Administrator',
    },
  },
  mail: {
    resetSubject: (hub) => `${hub} — reset your password`,
    resetBody: (name, link) =>
      `Hello ${name},\n\nTo choose a new password, open this link (valid for one hour):\n${link}\n\nIf you did not ask for this, ignore this message: your password stays unchanged.`,
    inviteSubject: (hub) => `${hub} — choose your password`,
    inviteBody: (name, link) =>
      `Hello ${name},\n\nAn account was created for you. Choose your password by opening this link (valid for 24 hours):\n${link}`,
  },
};
