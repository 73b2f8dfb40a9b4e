import { programmesAdminFr } from './admin.fr.ts';
import { attachmentsFr } from './attachments.fr.ts';
import { decisionsFr } from './decisions.fr.ts';
import { programmesJuriesFr } from './juries.fr.ts';
import { accompanimentFr, labelsFr } from './labels.fr.ts';
import { pagesFr } from './pages.fr.ts';
import { remindersFr } from './reminders.fr.ts';
import { programmesReviewFr } from './review.fr.ts';
import { reviewsFr } from './reviews.fr.ts';

/** The strings of programmes and calls (French, the reference). */
export const programmesFr = {
  pages: pagesFr,
  nav: 'Appels',
  review: programmesReviewFr,
  admin: programmesAdminFr,
  attachments: attachmentsFr,
  juries: programmesJuriesFr,
  reviews: reviewsFr,
  decisions: decisionsFr,
  labels: labelsFr,
  accompaniment: accompanimentFr,
  /** what a refused answer says, next to its field */
  answers: {
    required: 'Ce champ est obligatoire.',
    not_text: 'Saisissez un texte.',
    too_short: (n: number) => `Saisissez au moins ${n} caractères.`,
    too_long: (n: number) => `Saisissez au plus ${n} caractères.`,
    not_number: 'Saisissez un nombre.',
    too_small: (n: number) => `Saisissez un nombre supérieur ou égal à ${n}.`,
    too_large: (n: number) => `Saisissez un nombre inférieur ou égal à ${n}.`,
    not_date: 'Saisissez une date au format AAAA-MM-JJ.',
    not_choice: 'Choisissez parmi les réponses proposées.',
    too_few_choices: (n: number) => `Choisissez au moins ${n} réponses.`,
    too_many_choices: (n: number) => `Choisissez au plus ${n} réponses.`,
    not_yes_no: 'Répondez par oui ou par non.',
    not_email: 'Saisissez une adresse e-mail valide (nom@exemple.fr).',
    not_url: 'Saisissez une adresse web complète (https://…).',
    not_siret: 'Saisissez un SIRET de 14 chiffres dont la clé est valide.',
    unknown_siret:
      'Ce SIRET est inconnu de l’annuaire : vérifiez-le, ou demandez à l’équipe du hub d’y inscrire l’établissement.',
    not_file: 'Joignez un fichier.',
    not_rows: 'Cette liste est mal formée.',
    too_few_rows: (n: number) => `Ajoutez au moins ${n} lignes.`,
    too_many_rows: (n: number) => `Ajoutez au plus ${n} lignes.`,
    unknown_field: 'Ce champ n’existe pas dans ce formulaire.',
    not_answers: 'Les réponses doivent être un objet { champ: valeur }.',
  },
  /** why an organisation may not apply */
  eligibility: {
    inactive: 'L’organisation n’est pas en activité.',
    not_in_territory: 'L’organisation n’a pas d’établissement ouvert sur le territoire du hub.',
    wrong_kind: (kinds: string) => `Réservé aux organisations de type : ${kinds}.`,
    created_too_early: (year: number) => `Réservé aux organisations créées après ${year}.`,
    creation_unknown: 'La date de création de l’organisation est inconnue de l’annuaire.',
    headcount_too_high: (n: number) => `Réservé aux organisations de moins de ${n} salariés.`,
    headcount_unknown: 'L’effectif de l’organisation est inconnu de l’annuaire.',
  },
  reminders: remindersFr,
  receipt: {
    subject: (call: string, number: string) => `Candidature reçue — ${call} (${number})`,
    body: (p: { name: string; call: string; organisation: string; number: string; at: string }) =>
      `Bonjour ${p.name},\n\nLa candidature de ${p.organisation} à l’appel « ${p.call} » a bien été déposée le ${p.at}.\nSon numéro d’accusé de réception : ${p.number}.\n`,
  },
};

declare module '../web/i18n/catalogue.ts' {
  interface CatalogueSections {
    programmes: typeof programmesFr;
  }
}
