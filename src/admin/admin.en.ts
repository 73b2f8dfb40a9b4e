import type { AdminText } from './admin.fr.ts';

export const adminEn: AdminText = {
  admin: {
    title: 'Administration',
    outbox: 'Outgoing mail',
    mailQueue: 'Mail queue',
    outboxIntro:
      'No SMTP server is configured: every message is written to the outbox folder and can be read here.',
    outboxEmpty: 'No message yet.',
    sentAt: 'Sent on',
    to: 'To',
    subject: 'Subject',
    open: 'Read',
    back: 'Back to the messages',
  },
};
