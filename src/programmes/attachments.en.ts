import type { attachmentsFr } from './attachments.fr.ts';

/** The strings of the files attached to applications in English: the same keys as the French. */
export const attachmentsEn: typeof attachmentsFr = {
  refused: {
    type: 'This file is neither a PDF nor an image (PNG, JPEG, WebP): nothing was saved.',
    tooLarge: (mb) =>
      `This file is over ${mb} MB, the size allowed for this field: nothing was saved.`,
    empty: 'This file is empty: nothing was saved.',
    brokenPdf:
      'This PDF is incomplete or damaged (its header or its end is missing): save it again, then attach it.',
    noFile: 'Choose a file to attach.',
    notFileField: 'This form has no such field, or it does not take a file.',
    fieldFirst: 'The form must give the field (field) before the file (file): nothing was saved.',
    hidden: 'This field is not asked given your other answers: nothing was saved.',
  },
  unknownFile: 'This file is not attached to this field of this application: attach it again.',
  attached: 'File attached to the application.',
  removed: 'File removed from the application.',
  refusedTitle: 'File refused',
  back: 'Back to the application',
};
