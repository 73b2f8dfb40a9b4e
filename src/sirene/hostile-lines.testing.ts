/**
 * Hostile SIRENE lines for the byte pre-filter's tests (`line-filter.test.ts`,
 * `line-scan.test.ts`): valid rows mixed with every kind of broken line a file carries.
 */
import { ESTABLISHMENT_HEADER, UNIT_HEADER } from './headers.ts';
import { LA_POSTE_SIREN, luhnCheckDigit } from './identifiers.ts';
import type { Rng } from './sample/data.ts';

/** A value as a CSV field: quoted always, never, or when needed, as the line's style says. */
function quoteField(value: string, style: number): string {
  const special = /[",\r\n]/.test(value);
  if (style === 0 && !special) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

export function siren(rng: Rng): string {
  if (rng.chance(0.02)) return LA_POSTE_SIREN;
  const payload = String(10_000_000 + rng.int(89_999_999));
  return payload + luhnCheckDigit(payload);
}

/** a value for identifier columns: mostly valid, sometimes broken in one of the ways files are */
export function spoil(value: string, rng: Rng): string {
  const roll = rng.int(40);
  if (roll === 0) return value.slice(1);
  if (roll === 1) return `${value.slice(0, -1)}${(Number(value.at(-1)) + 1) % 10}`;
  if (roll === 2) return `${value.slice(0, 3)}x${value.slice(4)}`;
  if (roll === 3) return '';
  if (roll === 4) return `${value} `;
  return value;
}

const COMMUNES = ['38185', '38151', '2A004', '75108', '69383', '', '[ND]', '3818', '38185x'];
export const WANTED = new Set(['38185', '38151', '2A004']);
const STREETS = ['RUE A', 'DE LA "GRANDE" RUE, B', 'DEUX\nLIGNES', 'é à ç', 'X,Y'];
const STATES = ['A', 'F', 'C', 'a', '', 'AF'];
const SIEGES = ['true', 'false', 'TRUE', ''];
export const STAMPS = [
  '2025-11-28T03:12:45',
  '2026-01-05T10:00:00',
  '2026-13-01T00:00:00',
  '',
  '[ND]',
];

/** A hostile StockEtablissement: valid rows mixed with every kind of broken line. */
export function establishments(rng: Rng, rows: number): string {
  const col = (name: string) => ESTABLISHMENT_HEADER.indexOf(name as never);
  const lines = [ESTABLISHMENT_HEADER.map((h) => `"${h}"`).join(',')];
  for (let i = 0; i < rows; i++) {
    const f: string[] = ESTABLISHMENT_HEADER.map(() => (rng.chance(0.5) ? '' : 'V'));
    const s = siren(rng);
    const nic4 = String(1000 + rng.int(8999));
    const nic = nic4 + luhnCheckDigit(s + nic4);
    f[col('siren')] = spoil(s, rng);
    f[col('nic')] = spoil(nic, rng);
    f[col('siret')] = spoil(s + nic, rng);
    f[col('codeCommuneEtablissement')] = rng.pick(COMMUNES);
    f[col('etatAdministratifEtablissement')] = rng.chance(0.9) ? 'A' : rng.pick(STATES);
    f[col('etablissementSiege')] = rng.chance(0.9) ? 'false' : rng.pick(SIEGES);
    f[col('libelleVoieEtablissement')] = rng.pick(STREETS);
    f[col('dateDernierTraitementEtablissement')] = rng.pick(STAMPS);
    const style = rng.int(2);
    let line = f.map((v) => quoteField(v, style)).join(',');
    const damage = rng.int(30);
    if (damage === 0) line += ',extra';
    if (damage === 1) line = line.slice(0, line.lastIndexOf(','));
    if (damage === 2) line = `${line.slice(0, 20)}"${line.slice(20)}`;
    if (damage === 3) line = '';
    lines.push(line);
  }
  return lines.join(rng.chance(0.5) ? '\r\n' : '\n');
}

export function units(rng: Rng, rows: number, wanted: Set<number>): string {
  const col = (name: string) => UNIT_HEADER.indexOf(name as never);
  const lines = [UNIT_HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    const f: string[] = UNIT_HEADER.map(() => (rng.chance(0.5) ? '' : 'W'));
    const s = siren(rng);
    if (rng.chance(0.1)) wanted.add(Number(s));
    f[col('siren')] = spoil(s, rng);
    f[col('etatAdministratifUniteLegale')] = rng.chance(0.9) ? 'A' : rng.pick(STATES);
    f[col('denominationUniteLegale')] = rng.pick(STREETS);
    f[col('dateDernierTraitementUniteLegale')] = rng.pick(STAMPS);
    const style = rng.int(2);
    lines.push(f.map((v) => quoteField(v, style)).join(','));
  }
  return `\ufeff${lines.join('\n')}\n`;
}

/**
 * A national-like file: plain lines, 1 % in the territory, and now and then a value spanning two
 * lines, a quote never closed, a line with a quote inside an unquoted value, or a line of 6 KB.
 */
export function sparselyBroken(rng: Rng, rows: number): string {
  const col = (name: string) => ESTABLISHMENT_HEADER.indexOf(name as never);
  const lines = [ESTABLISHMENT_HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    const f: string[] = ESTABLISHMENT_HEADER.map(() => (rng.chance(0.5) ? '' : 'V'));
    const s = siren(rng);
    const nic4 = String(1000 + rng.int(8999));
    const nic = nic4 + luhnCheckDigit(s + nic4);
    f[col('siren')] = s;
    f[col('nic')] = nic;
    f[col('siret')] = s + nic;
    f[col('codeCommuneEtablissement')] = rng.chance(0.01) ? '38185' : '75108';
    f[col('etatAdministratifEtablissement')] = 'A';
    f[col('etablissementSiege')] = 'false';
    f[col('libelleVoieEtablissement')] = rng.pick(['RUE A', 'DE LA "GRANDE" RUE', 'X,Y']);
    f[col('dateDernierTraitementEtablissement')] = rng.pick(STAMPS);
    const style = rng.int(2);
    const fields = f.map((v) => quoteField(v, style));
    const hazard = rng.int(400);
    const street = col('libelleVoieEtablissement');
    if (hazard === 0) fields[street] = '"DEUX\nLIGNES"';
    if (hazard === 1) fields[street] = '"JAMAIS FERMÉE';
    if (hazard === 2) fields[street] = 'MAL"PLACÉE';
    // longer than the smallest blocks below, far under the line limit
    if (hazard === 3) fields[street] = 'TRÈS LONGUE RUE '.repeat(400);
    lines.push(fields.join(','));
  }
  return `${lines.join(rng.chance(0.5) ? '\r\n' : '\n')}\n`;
}
