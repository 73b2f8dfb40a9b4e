/**
 * Deterministic generator of the two SIRENE stock files in INSEE's exact format (UTF-8, comma,
 * header row, every field quoted, true/false, YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS), for tests,
 * benchmarks and the demo. Streams to disk in constant memory.
 *
 * Each legal unit is drawn from its own random stream keyed by (seed, unit number), so a later
 * `month` regenerates the very same units and then replays the months in between — closures,
 * ceased units, band changes — the way consecutive monthly stocks differ.
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ESTABLISHMENT_FILE,
  ESTABLISHMENT_HEADER,
  type EstablishmentColumn,
  UNIT_FILE,
  UNIT_HEADER,
  type UnitColumn,
} from '../headers.ts';
import { EMPLOYING_BANDS, Rng, Weighted } from './data.ts';
import {
  applyMonth,
  BAND_YEAR,
  BASE_INDEX,
  buildEstablishment,
  buildUnit,
  DAY_MS,
  type Establishment,
  employing,
  firstDay,
  type Geography,
  isoDate,
  monthIndex,
  SAMPLE_BASE_MONTH,
  type Unit,
} from './model.ts';
import { ELSEWHERE, territoryPlaces } from './places.ts';
import { type Compression, CsvOut } from './writer.ts';

export { ESTABLISHMENT_HEADER, UNIT_HEADER } from '../headers.ts';
export { SAMPLE_BASE_MONTH } from './model.ts';
export type { Compression } from './writer.ts';

const MASKED = '[ND]';

export type MalformedReason =
  | 'field count'
  | 'broken quoting'
  | 'unterminated quote'
  | 'invalid SIREN';

/** The order malformed lines are spread through each file. */
export const MALFORMED_REASONS: readonly MalformedReason[] = [
  'field count',
  'broken quoting',
  'unterminated quote',
  'invalid SIREN',
];

export interface MalformedLine {
  /** path of the file holding the line */
  file: string;
  /** 1-based physical line */
  line: number;
  /** the reader's message for that line starts with these words */
  reason: MalformedReason;
}

export interface SampleOptions {
  directory: string;
  /** establishment rows (well-formed ones; malformed lines come on top) */
  rows: number;
  seed?: number;
  /** add MALFORMED_REASONS.length bad lines to each file */
  malformed?: boolean;
  /** publication month YYYY-MM, SAMPLE_BASE_MONTH or later (default) */
  month?: string;
  /** plain .csv (default), .csv.gz, or .zip holding the .csv, as INSEE ships it */
  compression?: Compression;
}

export interface SampleResult {
  establishmentsPath: string;
  unitsPath: string;
  establishmentRows: number;
  unitRows: number;
  malformedLines: MalformedLine[];
}

const EI = Object.fromEntries(ESTABLISHMENT_HEADER.map((c, i) => [c, i])) as Record<
  EstablishmentColumn,
  number
>;
const UI = Object.fromEntries(UNIT_HEADER.map((c, i) => [c, i])) as Record<UnitColumn, number>;

function establishmentFields(unit: Unit, e: Establishment): string[] {
  const f = new Array<string>(ESTABLISHMENT_HEADER.length).fill('');
  const mask = (v: string) => (unit.partial ? MASKED : v);
  f[EI.siren] = unit.siren;
  f[EI.nic] = e.nic;
  f[EI.siret] = e.siret;
  f[EI.statutDiffusionEtablissement] = unit.partial ? 'P' : 'O';
  f[EI.dateCreationEtablissement] = isoDate(e.created);
  f[EI.trancheEffectifsEtablissement] = e.band;
  f[EI.anneeEffectifsEtablissement] = e.bandYear;
  f[EI.dateDernierTraitementEtablissement] = e.processed;
  f[EI.etablissementSiege] = e.headOffice ? 'true' : 'false';
  f[EI.nombrePeriodesEtablissement] = String(e.periods);
  f[EI.complementAdresseEtablissement] = e.complement && mask(e.complement);
  f[EI.numeroVoieEtablissement] = e.number && mask(e.number);
  f[EI.typeVoieEtablissement] = mask(e.streetType);
  f[EI.libelleVoieEtablissement] = mask(e.street);
  f[EI.codePostalEtablissement] = e.postcode;
  f[EI.libelleCommuneEtablissement] = e.place.name;
  f[EI.codeCommuneEtablissement] = e.place.code;
  f[EI.coordonneeLambertAbscisseEtablissement] = mask(e.x);
  f[EI.coordonneeLambertOrdonneeEtablissement] = mask(e.y);
  f[EI.dateDebut] = isoDate(e.since);
  f[EI.etatAdministratifEtablissement] = e.active ? 'A' : 'F';
  f[EI.enseigne1Etablissement] = e.sign && mask(e.sign);
  f[EI.activitePrincipaleEtablissement] = e.activity;
  f[EI.nomenclatureActivitePrincipaleEtablissement] = e.nomenclature;
  f[EI.caractereEmployeurEtablissement] = e.active && employing(e.band) ? 'O' : 'N';
  return f;
}

function unitFields(u: Unit, headOfficeNic: string): string[] {
  const f = new Array<string>(UNIT_HEADER.length).fill('');
  const mask = (v: string) => (u.partial && v ? MASKED : v);
  // INSEE's category follows size (and turnover, not modelled): GE from 1 000 staff, ETI from 250
  const size = EMPLOYING_BANDS.indexOf(u.band);
  const category = !u.active ? '' : size >= 11 ? 'GE' : size >= 9 ? 'ETI' : 'PME';
  f[UI.siren] = u.siren;
  f[UI.statutDiffusionUniteLegale] = u.partial ? 'P' : 'O';
  f[UI.dateCreationUniteLegale] = isoDate(u.created);
  f[UI.sigleUniteLegale] = u.acronym;
  f[UI.sexeUniteLegale] = u.soleTrader ? mask(u.sex) : '';
  f[UI.prenom1UniteLegale] = mask(u.firstName);
  f[UI.prenomUsuelUniteLegale] = mask(u.firstName);
  // RNA number of a declared association: W, then 9 characters (made up from the SIREN here)
  f[UI.identifiantAssociationUniteLegale] =
    u.category === '9220' ? `W38${u.siren.slice(0, 7)}` : '';
  f[UI.trancheEffectifsUniteLegale] = u.band;
  f[UI.anneeEffectifsUniteLegale] = u.bandYear;
  f[UI.dateDernierTraitementUniteLegale] = u.processed;
  f[UI.nombrePeriodesUniteLegale] = String(u.periods);
  f[UI.categorieEntreprise] = category;
  f[UI.anneeCategorieEntreprise] = category && BAND_YEAR;
  f[UI.dateDebut] = isoDate(u.since);
  f[UI.etatAdministratifUniteLegale] = u.active ? 'A' : 'C';
  f[UI.nomUniteLegale] = mask(u.lastName);
  f[UI.denominationUniteLegale] = u.name;
  f[UI.denominationUsuelle1UniteLegale] = mask(u.usualName);
  f[UI.categorieJuridiqueUniteLegale] = u.category;
  f[UI.activitePrincipaleUniteLegale] = u.activity;
  f[UI.nomenclatureActivitePrincipaleUniteLegale] = u.nomenclature;
  f[UI.nicSiegeUniteLegale] = headOfficeNic;
  f[UI.economieSocialeSolidaireUniteLegale] = u.category === '9220' ? 'O' : 'N';
  f[UI.societeMissionUniteLegale] = u.category.startsWith('5') ? 'N' : '';
  f[UI.caractereEmployeurUniteLegale] = u.active && employing(u.band) ? 'O' : 'N';
  return f;
}

const quoteValue = (v: string) => (v.indexOf('"') === -1 ? v : v.replaceAll('"', '""'));

/** Every field quoted, as INSEE writes them; `join` keeps the string flat, cheap to write out. */
function csvLine(fields: readonly string[]): string {
  let plain = true;
  for (const f of fields) if (f.indexOf('"') !== -1) plain = false;
  return `"${(plain ? fields : fields.map(quoteValue)).join('","')}"\n`;
}

/** A line the reader must reject for `reason`, built from a well-formed row. */
function malformed(reason: MalformedReason, fields: string[], nameColumn: number, nic: string) {
  switch (reason) {
    case 'field count':
      return csvLine(fields.slice(0, -1));
    case 'broken quoting': {
      const quoted = fields.map(quoteValue);
      quoted[nameColumn] = 'SOCIETE "ALPHA" SAS'; // inner quotes not doubled
      return `"${quoted.join('","')}"\n`;
    }
    case 'unterminated quote':
      return `"${fields.slice(0, 4).map(quoteValue).join('","')}","NEVER CLOSED\n`;
    case 'invalid SIREN': {
      const siren = fields[0] as string;
      const wrong = siren.slice(0, 8) + String((Number(siren[8]) + 1) % 10);
      const copy = [...fields];
      copy[0] = wrong;
      if (nic) copy[EI.siret] = wrong + nic;
      return csvLine(copy);
    }
  }
}

export async function writeSireneSample(options: SampleOptions): Promise<SampleResult> {
  const { directory, rows, seed = 1, malformed: withMalformed = false } = options;
  const month = options.month ?? SAMPLE_BASE_MONTH;
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError('rows must be an integer ≥ 0');
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || month < SAMPLE_BASE_MONTH) {
    throw new RangeError(`month must be YYYY-MM, ${SAMPLE_BASE_MONTH} or later`);
  }
  const offset = monthIndex(month) - BASE_INDEX;
  const compression = options.compression ?? 'none';
  const published = new Date(firstDay(monthIndex(month)) * DAY_MS);
  await mkdir(directory, { recursive: true });
  const estOut = new CsvOut(join(directory, ESTABLISHMENT_FILE), compression, published);
  const unitOut = new CsvOut(join(directory, UNIT_FILE), compression, published);
  const geo: Geography = {
    territory: new Weighted(territoryPlaces().map((p) => [p, p.weight] as const)),
    elsewhere: new Weighted(ELSEWHERE.map((p) => [p, p.weight] as const)),
  };
  const malformedLines: MalformedLine[] = [];
  const kinds = withMalformed ? MALFORMED_REASONS : [];
  const thresholds = kinds.map((_, j) => Math.floor((rows * (j + 1)) / (kinds.length + 1)));
  let nextBad = 0;
  let produced = 0;
  let units = 0;
  try {
    estOut.push(csvLine(ESTABLISHMENT_HEADER));
    unitOut.push(csvLine(UNIT_HEADER));
    for (let index = 0; produced < rows || nextBad < kinds.length; index++) {
      while (nextBad < kinds.length && (thresholds[nextBad] as number) <= produced) {
        const reason = kinds[nextBad] as MalformedReason;
        // the bad rows get units of their own, far beyond any real numbering
        const rng = new Rng(seed, 99_000_000 + nextBad, 0);
        const unit = buildUnit(rng, seed, 99_000_000 + nextBad);
        const est = buildEstablishment(rng, unit, 1, geo);
        const e = malformed(
          reason,
          establishmentFields(unit, est),
          EI.denominationUsuelleEtablissement,
          est.nic,
        );
        const u = malformed(reason, unitFields(unit, est.nic), UI.denominationUniteLegale, '');
        malformedLines.push({ file: estOut.path, line: estOut.lines + 1, reason });
        malformedLines.push({ file: unitOut.path, line: unitOut.lines + 1, reason });
        estOut.push(e);
        unitOut.push(u);
        nextBad++;
      }
      if (produced >= rows) break;
      const rng = new Rng(seed, index, 0);
      const unit = buildUnit(rng, seed, index);
      const count = Math.min(unit.planned, rows - produced);
      const ests: Establishment[] = [];
      for (let seq = 1; seq <= count; seq++) ests.push(buildEstablishment(rng, unit, seq, geo));
      for (let k = 1; k <= offset; k++) applyMonth(new Rng(seed, index, k), unit, ests, k);
      unitOut.push(csvLine(unitFields(unit, (ests[0] as Establishment).nic)));
      for (const e of ests) estOut.push(csvLine(establishmentFields(unit, e)));
      produced += count;
      units++;
      await Promise.all([estOut.flushIfFull(), unitOut.flushIfFull()]);
    }
    await Promise.all([estOut.close(), unitOut.close()]);
  } catch (error) {
    estOut.destroy();
    unitOut.destroy();
    throw error;
  }
  return {
    establishmentsPath: estOut.path,
    unitsPath: unitOut.path,
    establishmentRows: produced,
    unitRows: units,
    malformedLines,
  };
}
