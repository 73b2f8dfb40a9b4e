/**
 * Typed records from the two SIRENE stock files. Raw rows (columns located by header name once,
 * then read by position) become `EstablishmentRecord` / `UnitRecord`; rows that cannot be trusted
 * (bad identifiers, unknown states) are reported as bad lines and skipped, like broken lines.
 *
 * Restricted diffusion and sole traders are handled here, once, so nothing downstream can keep
 * what it must not: for a statutDiffusion `P` row every field INSEE may mask is dropped even if a
 * value is present, and for sole traders (categorieJuridique 1000) the only personal fields read
 * at all are the last name and first given name needed to display the business.
 */

import {
  band,
  cell,
  type DiffusionStatus,
  date,
  diffusion,
  inLambert93Extent,
  isMainland,
  metres,
  timestamp,
  year,
  yesNo,
} from './cells.ts';
import type { BadLine } from './csv-stream.ts';
import type { EstablishmentColumn, UnitColumn } from './headers.ts';
import { identifierProblem, isValidSiren } from './identifiers.ts';
import { lambert93ToWgs84 } from './lambert93.ts';

export type { DiffusionStatus } from './cells.ts';
export type { BadLine } from './csv-stream.ts';
export { HEADCOUNT_BANDS, type HeadcountBand, headcountBand } from './headcount.ts';
export { lambert93ToWgs84 } from './lambert93.ts';

export const SOLE_TRADER_CATEGORY = '1000';

/** Columns Totem uses (DATA.md): a file lacking one of them is refused before any row is read. */
export const ESTABLISHMENT_REQUIRED = [
  'siren',
  'nic',
  'siret',
  'statutDiffusionEtablissement',
  'dateCreationEtablissement',
  'trancheEffectifsEtablissement',
  'anneeEffectifsEtablissement',
  'etablissementSiege',
  'numeroVoieEtablissement',
  'typeVoieEtablissement',
  'libelleVoieEtablissement',
  'codePostalEtablissement',
  'libelleCommuneEtablissement',
  'codeCommuneEtablissement',
  'coordonneeLambertAbscisseEtablissement',
  'coordonneeLambertOrdonneeEtablissement',
  'etatAdministratifEtablissement',
  'enseigne1Etablissement',
  'denominationUsuelleEtablissement',
  'activitePrincipaleEtablissement',
  'nomenclatureActivitePrincipaleEtablissement',
  'caractereEmployeurEtablissement',
] as const satisfies readonly EstablishmentColumn[];

/** Read when present, null otherwise (the NAF 2025 column only exists since December 2025). */
export const ESTABLISHMENT_OPTIONAL = [
  'dateDebut',
  'dateDernierTraitementEtablissement',
  'activitePrincipaleNAF25Etablissement',
] as const satisfies readonly EstablishmentColumn[];

export const UNIT_REQUIRED = [
  'siren',
  'statutDiffusionUniteLegale',
  'dateCreationUniteLegale',
  'sigleUniteLegale',
  'trancheEffectifsUniteLegale',
  'anneeEffectifsUniteLegale',
  'categorieEntreprise',
  'anneeCategorieEntreprise',
  'etatAdministratifUniteLegale',
  'denominationUniteLegale',
  'denominationUsuelle1UniteLegale',
  'nomUniteLegale',
  'prenom1UniteLegale',
  'categorieJuridiqueUniteLegale',
  'activitePrincipaleUniteLegale',
  'nomenclatureActivitePrincipaleUniteLegale',
  'nicSiegeUniteLegale',
  'economieSocialeSolidaireUniteLegale',
  'caractereEmployeurUniteLegale',
] as const satisfies readonly UnitColumn[];

export const UNIT_OPTIONAL = [
  'dateDebut',
  'dateDernierTraitementUniteLegale',
  'activitePrincipaleNAF25UniteLegale',
] as const satisfies readonly UnitColumn[];

export interface EstablishmentRecord {
  line: number;
  siren: string;
  nic: string;
  siret: string;
  diffusion: DiffusionStatus;
  /** dateCreationEtablissement, YYYY-MM-DD */
  createdOn: string | null;
  /** trancheEffectifsEtablissement as published; null for NN or empty (unknown, never 0) */
  headcountBand: string | null;
  /** anneeEffectifsEtablissement: the year the band describes — always show it with the band */
  headcountYear: number | null;
  headOffice: boolean;
  streetNumber: string | null;
  streetType: string | null;
  streetName: string | null;
  postcode: string | null;
  communeName: string | null;
  /** 5-character INSEE commune code (not the postcode) */
  communeCode: string | null;
  /** Lambert-93 metres as published (overseas rows use local projections: kept, not converted) */
  x: number | null;
  y: number | null;
  /** WGS84, derived from x/y for mainland France only */
  longitude: number | null;
  latitude: number | null;
  /** etatAdministratifEtablissement: A active, F closed */
  state: 'A' | 'F';
  /** dateDebut: the start of the current period, so the closing date when `state` is F */
  stateSince: string | null;
  /** enseigne1Etablissement */
  signName: string | null;
  /** denominationUsuelleEtablissement */
  usualName: string | null;
  /** e.g. 62.01Z; compare with NAF rév. 2 lists only when `activityNomenclature` is NAFRev2 */
  activity: string | null;
  activityNomenclature: string | null;
  activityNaf25: string | null;
  /** caractereEmployeurEtablissement O/N */
  employer: boolean | null;
  /** dateDernierTraitementEtablissement, YYYY-MM-DDTHH:MM:SS */
  lastProcessedAt: string | null;
}

export interface UnitRecord {
  line: number;
  siren: string;
  diffusion: DiffusionStatus;
  createdOn: string | null;
  /** sigleUniteLegale */
  acronym: string | null;
  headcountBand: string | null;
  headcountYear: number | null;
  /** categorieEntreprise */
  companyCategory: 'PME' | 'ETI' | 'GE' | null;
  companyCategoryYear: number | null;
  /** etatAdministratifUniteLegale: A active, C ceased */
  state: 'A' | 'C';
  /** dateDebut: the start of the current period, so the date it ceased when `state` is C */
  stateSince: string | null;
  /** denominationUniteLegale (legal persons) */
  name: string | null;
  /** denominationUsuelle1UniteLegale */
  usualName: string | null;
  /** categorieJuridiqueUniteLegale, 4 digits */
  legalCategory: string | null;
  soleTrader: boolean;
  /** nomUniteLegale and prenom1UniteLegale: sole traders only, and never for `P` units */
  lastName: string | null;
  firstName: string | null;
  activity: string | null;
  activityNomenclature: string | null;
  activityNaf25: string | null;
  /** nicSiegeUniteLegale: the head office is SIRET = siren + headOfficeNic */
  headOfficeNic: string | null;
  /** economieSocialeSolidaireUniteLegale O/N */
  socialEconomy: boolean | null;
  employer: boolean | null;
  lastProcessedAt: string | null;
}

const ESTABLISHMENT_COLUMNS = [...ESTABLISHMENT_REQUIRED, ...ESTABLISHMENT_OPTIONAL];
const UNIT_COLUMNS = [...UNIT_REQUIRED, ...UNIT_OPTIONAL];

/** Where each used column sits in a row (-1: absent). Named reads keep the hot loop fast. */
export type EstablishmentIndex = Record<(typeof ESTABLISHMENT_COLUMNS)[number], number>;
export type UnitIndex = Record<(typeof UNIT_COLUMNS)[number], number>;

function indexOf<C extends string>(columns: readonly C[], header: readonly string[]) {
  return Object.fromEntries(columns.map((c) => [c, header.indexOf(c)])) as Record<C, number>;
}

export const establishmentIndex = (header: readonly string[]): EstablishmentIndex =>
  indexOf(ESTABLISHMENT_COLUMNS, header);
export const unitIndex = (header: readonly string[]): UnitIndex => indexOf(UNIT_COLUMNS, header);

/**
 * A row as a typed record, a bad line, or null when `keep` (given the commune code) turns a
 * well-formed row down: then nothing else of it is read.
 */
export function toEstablishment(
  f: readonly string[],
  line: number,
  ix: EstablishmentIndex,
  keep?: (communeCode: string | null) => boolean,
): EstablishmentRecord | BadLine | null {
  const siren = f[ix.siren] ?? '';
  const nic = f[ix.nic] ?? '';
  const siret = f[ix.siret] ?? '';
  const problem = identifierProblem(siren, nic, siret);
  if (problem) return { line, reason: problem };
  const state = f[ix.etatAdministratifEtablissement];
  if (state !== 'A' && state !== 'F') {
    return { line, reason: `invalid etatAdministratifEtablissement: ${JSON.stringify(state)}` };
  }
  const siege = f[ix.etablissementSiege];
  if (siege !== 'true' && siege !== 'false') {
    return { line, reason: `invalid etablissementSiege: ${JSON.stringify(siege)}` };
  }
  const communeCode = cell(f, ix.codeCommuneEtablissement);
  if (keep && !keep(communeCode)) return null;
  const status = diffusion(cell(f, ix.statutDiffusionEtablissement));
  // for P rows every maskable field is dropped, whatever it holds: never keep, never rebuild
  const open = status === 'O';
  const visible = (i: number) => (open ? cell(f, i) : null);
  const x = metres(visible(ix.coordonneeLambertAbscisseEtablissement));
  const y = metres(visible(ix.coordonneeLambertOrdonneeEtablissement));
  const wgs =
    x !== null && y !== null && isMainland(communeCode) && inLambert93Extent(x, y)
      ? lambert93ToWgs84(x, y)
      : null;
  return {
    line,
    siren,
    nic,
    siret,
    diffusion: status,
    createdOn: date(cell(f, ix.dateCreationEtablissement)),
    headcountBand: band(cell(f, ix.trancheEffectifsEtablissement)),
    headcountYear: year(cell(f, ix.anneeEffectifsEtablissement)),
    headOffice: siege === 'true',
    streetNumber: visible(ix.numeroVoieEtablissement),
    streetType: visible(ix.typeVoieEtablissement),
    streetName: visible(ix.libelleVoieEtablissement),
    postcode: cell(f, ix.codePostalEtablissement),
    communeName: cell(f, ix.libelleCommuneEtablissement),
    communeCode,
    x,
    y,
    longitude: wgs?.longitude ?? null,
    latitude: wgs?.latitude ?? null,
    state,
    stateSince: date(cell(f, ix.dateDebut)),
    signName: visible(ix.enseigne1Etablissement),
    usualName: visible(ix.denominationUsuelleEtablissement),
    activity: cell(f, ix.activitePrincipaleEtablissement),
    activityNomenclature: cell(f, ix.nomenclatureActivitePrincipaleEtablissement),
    activityNaf25: cell(f, ix.activitePrincipaleNAF25Etablissement),
    employer: yesNo(cell(f, ix.caractereEmployeurEtablissement)),
    lastProcessedAt: timestamp(cell(f, ix.dateDernierTraitementEtablissement)),
  };
}

/** A row as a typed record, a bad line, or null when `keep` (given the SIREN) turns it down. */
export function toUnit(
  f: readonly string[],
  line: number,
  ix: UnitIndex,
  keep?: (siren: string) => boolean,
): UnitRecord | BadLine | null {
  const siren = f[ix.siren] ?? '';
  if (!/^\d{9}$/.test(siren))
    return { line, reason: `invalid SIREN format: ${JSON.stringify(siren)}` };
  if (!isValidSiren(siren)) return { line, reason: `invalid SIREN checksum: ${siren}` };
  const state = f[ix.etatAdministratifUniteLegale];
  if (state !== 'A' && state !== 'C') {
    return { line, reason: `invalid etatAdministratifUniteLegale: ${JSON.stringify(state)}` };
  }
  if (keep && !keep(siren)) return null;
  const status = diffusion(cell(f, ix.statutDiffusionUniteLegale));
  const open = status === 'O';
  const visible = (i: number) => (open ? cell(f, i) : null);
  const legalCategory = cell(f, ix.categorieJuridiqueUniteLegale);
  const soleTrader = legalCategory === SOLE_TRADER_CATEGORY;
  // the person's name is read for sole traders only: a company has none to show
  const personal = (i: number) => (soleTrader ? visible(i) : null);
  const category = cell(f, ix.categorieEntreprise);
  const nicSiege = cell(f, ix.nicSiegeUniteLegale);
  return {
    line,
    siren,
    diffusion: status,
    createdOn: date(cell(f, ix.dateCreationUniteLegale)),
    acronym: visible(ix.sigleUniteLegale),
    headcountBand: band(cell(f, ix.trancheEffectifsUniteLegale)),
    headcountYear: year(cell(f, ix.anneeEffectifsUniteLegale)),
    companyCategory:
      category === 'PME' || category === 'ETI' || category === 'GE' ? category : null,
    companyCategoryYear: year(cell(f, ix.anneeCategorieEntreprise)),
    state,
    stateSince: date(cell(f, ix.dateDebut)),
    name: cell(f, ix.denominationUniteLegale),
    usualName: visible(ix.denominationUsuelle1UniteLegale),
    legalCategory,
    soleTrader,
    lastName: personal(ix.nomUniteLegale),
    firstName: personal(ix.prenom1UniteLegale),
    activity: cell(f, ix.activitePrincipaleUniteLegale),
    activityNomenclature: cell(f, ix.nomenclatureActivitePrincipaleUniteLegale),
    activityNaf25: cell(f, ix.activitePrincipaleNAF25UniteLegale),
    headOfficeNic: nicSiege && /^\d{5}$/.test(nicSiege) ? nicSiege : null,
    socialEconomy: yesNo(cell(f, ix.economieSocialeSolidaireUniteLegale)),
    employer: yesNo(cell(f, ix.caractereEmployeurUniteLegale)),
    lastProcessedAt: timestamp(cell(f, ix.dateDernierTraitementUniteLegale)),
  };
}

export function isBadLine(value: object): value is BadLine {
  return 'reason' in value;
}

/** The name to show for a unit: its denomination, else its usual name, else the trader's name. */
export function unitDisplayName(unit: UnitRecord): string | null {
  if (unit.name) return unit.name;
  if (unit.usualName) return unit.usualName;
  const person = [unit.firstName, unit.lastName].filter(Boolean).join(' ');
  return person === '' ? null : person;
}

/**
 * A sole trader's establishment is often their home: once the establishment is known to belong
 * to a sole trader (the establishment file does not say), keep its commune, drop the street.
 */
export function withoutStreetAddress(e: EstablishmentRecord): EstablishmentRecord {
  const street = { streetNumber: null, streetType: null, streetName: null };
  return { ...e, ...street, x: null, y: null, longitude: null, latitude: null };
}
