/**
 * SIREN (9 digits) and SIRET (14 digits = SIREN + 5-digit NIC) carry a Luhn check digit.
 * They stay strings everywhere: leading zeros are significant.
 */

const SIREN_RE = /^\d{9}$/;
const NIC_RE = /^\d{5}$/;
const SIRET_RE = /^\d{14}$/;

/** La Poste has one SIREN for ~10 000 establishments, more than the Luhn scheme could number. */
export const LA_POSTE_SIREN = '356000000';

/**
 * Luhn sum of a digit string: from the rightmost digit, every second digit is doubled (and 9
 * subtracted when the double exceeds 9). A valid number sums to a multiple of 10.
 */
function luhnSum(digits: string, doubleRightmost: boolean): number {
  let sum = 0;
  let double = doubleRightmost;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

export function isLuhnValid(digits: string): boolean {
  return luhnSum(digits, false) % 10 === 0;
}

/** The digit to append to `payload` so that the whole passes the Luhn check. */
export function luhnCheckDigit(payload: string): string {
  // once the check digit is appended, the payload's rightmost digit is in a doubled position
  return String((10 - (luhnSum(payload, true) % 10)) % 10);
}

export function isValidSiren(siren: string): boolean {
  return SIREN_RE.test(siren) && isLuhnValid(siren);
}

export function isValidNic(nic: string): boolean {
  return NIC_RE.test(nic);
}

/**
 * A SIRET passes the Luhn check, except La Poste's: INSEE numbers them so that the sum of the
 * 14 digits is a multiple of 5 (its head office, 356 000 000 00048, passes Luhn as well).
 */
export function isValidSiret(siret: string): boolean {
  if (!SIRET_RE.test(siret)) return false;
  if (isLuhnValid(siret)) return true;
  if (!siret.startsWith(LA_POSTE_SIREN)) return false;
  let sum = 0;
  for (let i = 0; i < siret.length; i++) sum += siret.charCodeAt(i) - 48;
  return sum % 5 === 0;
}

/** Why a (siren, nic, siret) triple is not acceptable, or null when it is. */
export function identifierProblem(siren: string, nic: string, siret: string): string | null {
  if (!SIREN_RE.test(siren)) return `invalid SIREN format: ${JSON.stringify(siren)}`;
  if (!isLuhnValid(siren)) return `invalid SIREN checksum: ${siren}`;
  if (!NIC_RE.test(nic)) return `invalid NIC format: ${JSON.stringify(nic)}`;
  if (siret !== siren + nic) return `SIRET ${JSON.stringify(siret)} is not SIREN + NIC`;
  if (!isValidSiret(siret)) return `invalid SIRET checksum: ${siret}`;
  return null;
}

/** A SIRET as it is read aloud and printed: 380 129 866 00046 (narrow no-break spaces). */
export function formatSiret(siret: string): string {
  if (!/^\d{14}$/.test(siret)) return siret;
  return [siret.slice(0, 3), siret.slice(3, 6), siret.slice(6, 9), siret.slice(9)].join('\u202f');
}

/** A SIREN as it is printed: 380 129 866 (narrow no-break spaces). */
export function formatSiren(siren: string): string {
  if (!/^\d{9}$/.test(siren)) return siren;
  return [siren.slice(0, 3), siren.slice(3, 6), siren.slice(6)].join('\u202f');
}
