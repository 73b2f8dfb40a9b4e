import type { HubText } from './hub.fr.ts';

export const hubEn: HubText = {
  home: {
    title: (hub) => `${hub} — the territory’s digital ecosystem`,
    labelled: (date) => `Metropolis awarded the “French Tech” label on ${date}.`,
    territoryTitle: 'The territory',
    territoryText: (names) => `The hub covers the following intercommunal areas: ${names}.`,
    communes: (n) => (n > 1 ? `${n} communes` : `${n} commune`),
    population: (n) => `${n} inhabitants (municipal population)`,
    fieldsTitle: 'Fields of development',
    fieldsIntro: 'The domains in which the territory means to take its full place.',
    joinTitle: 'Join the platform',
    joinText:
      'Create an account to claim your organisation’s profile in the directory and keep it up to date.',
  },
  settings: {
    title: 'Territory and sectors',
    intro:
      'The hub’s territory and the activity codes that bring an organisation into the directory.',
    epci: 'Intercommunal areas of the territory (EPCI codes)',
    epciHint:
      'SIREN codes of the intercommunal areas, separated by commas (official geography, 2026).',
    epciUnknown: (codes) => `Unknown EPCI codes: ${codes}.`,
    epciEmpty: 'Give at least one intercommunal area.',
    sectors: 'Sector selection (NAF rév. 2 codes)',
    sectorsHint: (fields) =>
      `One code a line, optionally followed by “:” and the hub’s fields it maps to. Fields: ${fields}.`,
    sectorsInvalid: (lines) => `Lines to correct: ${lines}.`,
    sectorsEmpty: 'Give at least one activity code.',
    fields: 'The hub’s fields of development',
    fieldsHint:
      'One field a line: identifier | French name | English name. Keeping the identifier renames the field; a new identifier adds one.',
    fieldsInvalid: (lines) => `Field lines to correct: ${lines}.`,
    fieldsDropped: (slugs) =>
      `A field cannot be removed (organisations are tagged with it): ${slugs}.`,
    reimport: 'Changes apply to the next SIRENE imports.',
    legalTitle: 'Legal notice and contact',
    legalIntro: 'What the “Legal notice” page names, and the address the contact form writes to.',
    publisher: 'Publisher of the site',
    publisherHint: 'Name, legal form, address, registration number if any.',
    director: 'Director of publication',
    host: 'Host',
    hostHint: 'The host’s name, address and telephone number.',
    contactEmail: 'Address that receives the contact form',
    contactEmailHint: 'Empty: messages go to the team’s accounts (staff and administrator roles).',
    save: 'Save',
    saved: 'Settings saved.',
  },
};
