/** The reminder of a draft, 48 hours before its call closes (French, the reference). */
export const remindersFr = {
  subject: (call: string) => `Rappel : votre candidature à « ${call} » n’est pas déposée`,
  body: (p: { name: string; call: string; organisation: string; closes: string; link: string }) =>
    `Bonjour ${p.name},\n\nLa candidature de ${p.organisation} à l’appel « ${p.call} » est encore un brouillon : elle n’a pas été déposée.\nL’appel se clôt le ${p.closes} (heure de Paris). Après cette heure, le brouillon ne pourra plus être déposé.\n\nPour la compléter et la déposer : ${p.link}\n\nCe rappel est envoyé une seule fois.\n`,
};
