/** The strings of the files attached to applications (French, the reference). */
export const attachmentsFr = {
  /** why a file is refused, next to its field */
  refused: {
    type: 'Ce fichier n’est pas un PDF ni une image (PNG, JPEG, WebP) : rien n’a été enregistré.',
    tooLarge: (mb: number) =>
      `Ce fichier dépasse ${mb} Mo, la taille permise pour ce champ : rien n’a été enregistré.`,
    empty: 'Ce fichier est vide : rien n’a été enregistré.',
    brokenPdf:
      'Ce PDF est incomplet ou abîmé (son en-tête ou sa fin manque) : enregistrez-le de nouveau, puis joignez-le.',
    noFile: 'Choisissez un fichier à joindre.',
    notFileField: 'Ce champ n’existe pas dans ce formulaire, ou n’attend pas de fichier.',
    fieldFirst:
      'Le formulaire doit donner le champ (field) avant le fichier (file) : rien n’a été enregistré.',
    hidden: 'Ce champ n’est pas demandé d’après vos autres réponses : rien n’a été enregistré.',
  },
  /** a file answer that names no file of this field of this application */
  unknownFile:
    'Ce fichier n’est pas joint à ce champ de cette candidature : joignez-le de nouveau.',
  attached: 'Fichier joint à la candidature.',
  removed: 'Fichier retiré de la candidature.',
  /** the page that says why an upload was refused */
  refusedTitle: 'Fichier refusé',
  back: 'Revenir à la candidature',
};
