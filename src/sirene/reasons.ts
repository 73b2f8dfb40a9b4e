/**
 * Why a line is rejected, as a stable code and in both languages. The reader words its reasons in
 * English (`BadLine.reason`, stored as they are); this table gives each kind of reason a code and
 * a French sentence, so that a page or a message can say it in the reader's language.
 */

export type BadLineCode =
  | 'UNTERMINATED_QUOTE'
  | 'QUOTE_IN_UNQUOTED_FIELD'
  | 'TEXT_AFTER_CLOSING_QUOTE'
  | 'FIELD_COUNT'
  | 'SIREN_FORMAT'
  | 'SIREN_CHECKSUM'
  | 'NIC_FORMAT'
  | 'SIRET_NOT_SIREN_NIC'
  | 'SIRET_CHECKSUM'
  | 'STATE'
  | 'HEAD_OFFICE'
  | 'OTHER';

type Kind = [BadLineCode, RegExp, (m: RegExpMatchArray) => string];

const KINDS: Kind[] = [
  ['UNTERMINATED_QUOTE', /^unterminated quote/, () => 'un guillemet ouvert n’est jamais refermé'],
  [
    'QUOTE_IN_UNQUOTED_FIELD',
    /^broken quoting: a quote inside an unquoted field/,
    () => 'un guillemet dans un champ qui n’est pas entre guillemets',
  ],
  [
    'TEXT_AFTER_CLOSING_QUOTE',
    /^broken quoting: unexpected character/,
    () => 'du texte après le guillemet fermant d’un champ',
  ],
  [
    'FIELD_COUNT',
    /^field count: expected (\d+) fields, found (\d+)/,
    (m) => `${m[2]} champs au lieu de ${m[1]}`,
  ],
  ['SIREN_FORMAT', /^invalid SIREN format: (.*)$/, (m) => `SIREN mal formé : ${m[1]}`],
  [
    'SIREN_CHECKSUM',
    /^invalid SIREN checksum: (.*)$/,
    (m) => `clé de contrôle du SIREN fausse : ${m[1]}`,
  ],
  ['NIC_FORMAT', /^invalid NIC format: (.*)$/, (m) => `NIC mal formé : ${m[1]}`],
  [
    'SIRET_NOT_SIREN_NIC',
    /^SIRET (.*) is not SIREN \+ NIC$/,
    (m) => `le SIRET ${m[1]} n’est pas le SIREN suivi du NIC`,
  ],
  [
    'SIRET_CHECKSUM',
    /^invalid SIRET checksum: (.*)$/,
    (m) => `clé de contrôle du SIRET fausse : ${m[1]}`,
  ],
  [
    'STATE',
    /^invalid (etatAdministratif\w+): (.*)$/,
    (m) => `état administratif inconnu (${m[1]}) : ${m[2]}`,
  ],
  [
    'HEAD_OFFICE',
    /^invalid etablissementSiege: (.*)$/,
    (m) => `etablissementSiege n’est ni true ni false : ${m[1]}`,
  ],
];

export interface ExplainedReason {
  code: BadLineCode;
  en: string;
  fr: string;
}

/** The code and French words of a reason the reader gave (unknown words stay as they are). */
export function explainReason(reason: string): ExplainedReason {
  for (const [code, pattern, fr] of KINDS) {
    const match = reason.match(pattern);
    if (match) return { code, en: reason, fr: fr(match) };
  }
  return { code: 'OTHER', en: reason, fr: reason };
}
