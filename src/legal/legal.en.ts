import type { Kept, LegalText } from './legal.fr.ts';

/** The legal and trust pages in English: the same keys as the French. */
export const legalEn: LegalText = {
  legal: {
    footer: {
      notice: 'Legal notice',
      accessibility: 'Accessibility: not compliant',
      privacy: 'Personal data and cookies',
      contact: 'Contact',
    },
    notice: {
      title: 'Legal notice',
      publisher: 'Publisher',
      director: 'Director of publication',
      host: 'Host',
      notGiven: 'Not given yet: the hub’s team enters it in the back office’s settings.',
      software: 'Software',
      softwareText:
        'The site runs on Totem, a free software platform. Company data comes from INSEE’s SIRENE register (Etalab open licence 2.0); each profile says where its information comes from.',
      demo: 'Data marked “demo” is synthetic: it describes no real organisation.',
      contactText: 'For any question:',
    },
    accessibility: {
      title: 'Accessibility statement',
      intro: (hub) =>
        `${hub} is committed to making its site accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005. This statement applies to this site.`,
      statusTitle: 'Compliance status',
      status:
        'The site is not compliant with the French accessibility framework (RGAA 4.1): no compliance audit has been carried out yet, so its compliance rate is not known.',
      measuredTitle: 'What was measured',
      measured: [
        'The pages the end-to-end tests visit (most public page templates, not yet every page nor every English version) are checked automatically with axe-core, which applies WCAG 2.1 A and AA rules among others: no “serious” or “critical” issue is allowed there.',
        'Pages work without JavaScript: forms post then redirect, charts are drawn on the server with their figures in a table.',
        'An automatic tool finds only part of the problems: these tests replace neither an RGAA audit nor trials with screen readers.',
      ],
      knownTitle: 'Known problems',
      known: [
        'The observatory’s map places communes as circles, with no background map; its list of communes is the equivalent.',
        'Some tables are wider than a phone’s screen.',
        'No RGAA audit has been carried out: other problems may exist.',
      ],
      reportTitle: 'Report a problem',
      report:
        'If you cannot reach a content or a service, write to us through the contact form: we will answer and offer another way to get the information.',
      remedyTitle: 'Remedies',
      remedy:
        'If you reported a problem that keeps you from a content or a service and did not get a satisfactory answer, you may refer the matter to the Défenseur des droits (online form at defenseurdesdroits.fr, or by free post: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07).',
      dated: 'Statement drawn from the platform’s automatic tests.',
    },
    privacy: {
      title: 'Personal data and cookies',
      intro:
        'Here is everything the platform keeps about people, why, and for how long. It sets no audience-measurement or advertising cookie and loads no third-party service: no consent banner is needed.',
      cookiesTitle: 'Cookies',
      cookies: [
        {
          what: 'totem_session: your session’s random identifier (only its SHA-256 hash is kept)',
          why: 'Keep you signed in; set only when you sign in.',
          howLong: '30 days, or until you sign out.',
        },
        {
          what: 'totem_csrf: a random secret',
          why: 'Protect forms from being posted by another site (CSRF).',
          howLong: 'The browser session.',
        },
        {
          what: 'totem_flash: the name of a message to show (“Saved”…)',
          why: 'Show a form’s outcome on the next page.',
          howLong: '60 seconds, erased once read.',
        },
        {
          what: 'totem_new_token: an API token you just created',
          why: 'Show it to you once, on the next page.',
          howLong: '5 minutes, erased once read.',
        },
      ] as Kept[],
      dataTitle: 'Data kept',
      data: [
        {
          what: 'Account: e-mail address, name, password hash (argon2id), role, dates of creation and of the address’s confirmation',
          why: 'Sign you in, write to you about your requests.',
          howLong: 'As long as the account exists; an administrator may disable it.',
        },
        {
          what: 'Sessions: hash of the identifier, browser (user agent), approximate network (the first three bytes of the IP address, never the whole address), when opened and last active',
          why: 'Keep you signed in, and show you your sessions so you can end one you do not recognise.',
          howLong: '30 days at most.',
        },
        {
          what: 'One-time links (forgotten password, address confirmation): hash, dates',
          why: 'Check the link received by e-mail.',
          howLong: 'Until it expires or is used.',
        },
        {
          what: 'API tokens: hash, prefix, dates of creation, last use and revocation',
          why: 'Authenticate your programs.',
          howLong: 'As long as the account exists.',
        },
        {
          what: 'Attempt counters (sign-in, sign-up, password, contact): hash of the IP or e-mail address, count, dates',
          why: 'Slow down repeated attempts.',
          howLong: 'Erased after 15 minutes without an attempt.',
        },
        {
          what: 'Organisation memberships and claims: your account, the organisation, your message, the decision',
          why: 'Let you keep your organisation’s profile up to date.',
          howLong: 'As long as the account exists.',
        },
        {
          what: 'Applications to programmes, attachments, reviews, conflict-of-interest declarations, decisions',
          why: 'Assess the applications.',
          howLong: 'No time limit so far.',
        },
        {
          what: 'Venue bookings and waiting list: account, requester’s name and e-mail, purpose, dates, attendance',
          why: 'Manage the bookings of the spaces.',
          howLong: 'No time limit so far.',
        },
        {
          what: 'Change logs (accounts, applications, decisions): who changed what, when',
          why: 'Check and trace decisions.',
          howLong: 'No time limit so far (a chained log that cannot be edited).',
        },
        {
          what: 'Messages sent (including the contact form’s): recipient, subject, text',
          why: 'Send them, and try again after a failure.',
          howLong: 'No time limit so far.',
        },
        {
          what: 'The server’s technical logs: IP address, address asked for, request identifier',
          why: 'Diagnose errors and abuse.',
          howLong: 'As the host configures them.',
        },
        {
          what: 'Organisation profiles: the SIRENE register’s public information, sometimes including a sole trader’s name',
          why: 'The ecosystem’s directory (the hub’s public-interest mission).',
          howLong:
            'As long as the register publishes it; units with restricted diffusion are shown without their name or address.',
        },
      ] as Kept[],
      head: { what: 'Data', why: 'Why', howLong: 'How long' },
      rightsTitle: 'Your rights',
      rights:
        'From your account you see and download everything the platform keeps about you (“My data”, as JSON), correct your name and address, choose the e-mails you receive and delete your account. Without an account, or by post, ask for access to your data, its correction or erasure, or object to its processing, through the contact form. If the answer does not satisfy you, you may complain to the CNIL (cnil.fr).',
      sharing:
        'This data is neither sold nor given away. E-mails leave through the mail server the host configures.',
    },
    contact: {
      title: 'Contact',
      intro: 'A question, an accessibility problem, a request about your data: write to us.',
      name: 'Your name',
      email: 'Your e-mail address',
      emailHint: 'To answer you; it is not published.',
      subject: 'Subject',
      message: 'Message',
      send: 'Send',
      sent: 'Your message is sent. We will answer at the address you gave.',
      privacy: 'Your message is passed on by e-mail to the hub’s team.',
      tooMany: (seconds) =>
        `Too many messages sent from your connection. Try again in ${seconds} second${seconds > 1 ? 's' : ''}.`,
      mailSubject: (subject) => `[Contact] ${subject}`,
      mailBody: (name, email, message) =>
        `Message sent through the contact form.\n\nFrom: ${name} <${email}>\n\n${message}\n`,
    },
  },
};
