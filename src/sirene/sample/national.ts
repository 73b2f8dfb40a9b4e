/**
 * A national-like StockEtablissement, written fast and in constant memory, for the tests and the
 * benchmark that need millions of rows shaped like the national file rather than like a
 * territory's sample: INSEE's columns, a small share of rows in the hub's territory (1 % by
 * default) and of activities in the digital sector (5 %), valid identifiers, every field quoted
 * (as INSEE and many spreadsheets write it) or only where needed, LF or CRLF, with or without a
 * byte-order mark. Rows repeat a few shapes: this file measures a reader, not the register.
 */

import { ESTABLISHMENT_HEADER, UNIT_HEADER } from '../headers.ts';
import { luhnCheckDigit } from '../identifiers.ts';
import { territoryPlaces } from './places.ts';
import { type Compression, CsvOut } from './writer.ts';

export interface NationalOptions {
  /** path without extension (the compression adds it) */
  base: string;
  rows: number;
  /** `all`: every field in quotes; `needed`: only fields holding a comma, a quote or a newline */
  quoting?: 'all' | 'needed';
  lineBreak?: '\n' | '\r\n';
  bom?: boolean;
  compression?: Compression;
  /** one row in `territoryEvery` is in the territory (default 100: 1 %) */
  territoryEvery?: number;
  /** one row in `digitalEvery` has a digital-sector activity (default 20: 5 %) */
  digitalEvery?: number;
  /** one row in `multilineEvery` holds a line break inside a quoted value (default: none) */
  multilineEvery?: number;
  /** one row in `badSirenEvery` has a SIREN whose check digit is wrong (default: none) */
  badSirenEvery?: number;
  /** every row's headcount band (trancheEffectifsEtablissement), of 2023; default: none */
  band?: string;
}

const OUTSIDE = ['75108', '69383', '13201', '31555', '44109', '59350', '33063', '67482'];
const OTHER_ACTIVITIES = ['47.11F', '56.10A', '68.20B', '43.21A', '86.21Z', '96.02A', '49.41A'];
const DIGITAL = ['62.01Z', '62.02A', '63.11Z', '58.29C'];

const column = (name: string) => ESTABLISHMENT_HEADER.indexOf(name as never);

/** SIREN number `n` (0 ≤ n < 10⁸): eight digits and their check digit (row n's establishment) */
function siren(n: number): string {
  const payload = String(100_000_000 + n).slice(1);
  return payload + luhnCheckDigit(payload);
}

function field(value: string, all: boolean): string {
  const special = /[",\r\n]/.test(value);
  if (!all && !special) return value;
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
}

/**
 * Writes `rows` rows after the header, each filled by `fill` into one array reused row after row,
 * then closes the file (or destroys it on a failure).
 */
async function writeRows(
  out: CsvOut,
  width: number,
  rows: number,
  all: boolean,
  br: string,
  fill: (i: number, f: string[]) => void,
): Promise<void> {
  const f = new Array<string>(width).fill('');
  try {
    for (let i = 0; i < rows; i++) {
      fill(i, f);
      let line = '';
      for (let k = 0; k < f.length; k++) line += (k === 0 ? '' : ',') + field(f[k] as string, all);
      out.push(line + br);
      await out.flushIfFull();
    }
    await out.close();
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/** Writes the file; returns its path and how many rows are in the territory. */
export async function writeNationalEstablishments(
  options: NationalOptions,
): Promise<{ path: string; rows: number; inTerritory: number }> {
  const all = (options.quoting ?? 'all') === 'all';
  const br = options.lineBreak ?? '\n';
  const territoryEvery = options.territoryEvery ?? 100;
  const digitalEvery = options.digitalEvery ?? 20;
  const out = new CsvOut(options.base, options.compression ?? 'none', new Date(Date.UTC(2026, 0)));
  const places = territoryPlaces();
  const ix = {
    siren: column('siren'),
    nic: column('nic'),
    siret: column('siret'),
    status: column('statutDiffusionEtablissement'),
    created: column('dateCreationEtablissement'),
    processed: column('dateDernierTraitementEtablissement'),
    head: column('etablissementSiege'),
    band: column('trancheEffectifsEtablissement'),
    bandYear: column('anneeEffectifsEtablissement'),
    street: column('libelleVoieEtablissement'),
    commune: column('codeCommuneEtablissement'),
    state: column('etatAdministratifEtablissement'),
    usualName: column('denominationUsuelleEtablissement'),
    activity: column('activitePrincipaleEtablissement'),
    nomenclature: column('nomenclatureActivitePrincipaleEtablissement'),
    employer: column('caractereEmployeurEtablissement'),
    since: column('dateDebut'),
  };
  const header = ESTABLISHMENT_HEADER.map((h) => field(h, all)).join(',');
  out.push(`${options.bom ? '\ufeff' : ''}${header}${br}`);
  let inTerritory = 0;
  await writeRows(out, ESTABLISHMENT_HEADER.length, options.rows, all, br, (i, f) => {
    const good = siren(i);
    const bad = options.badSirenEvery !== undefined && i % options.badSirenEvery === 0;
    const s = bad ? good.slice(0, 8) + String((Number(good[8]) + 1) % 10) : good;
    const nic4 = String(10_000 + (i % 9000)).slice(1);
    const nic = nic4 + luhnCheckDigit(s + nic4);
    const local = i % territoryEvery === 0;
    if (local && !bad) inTerritory++;
    f[ix.siren] = s;
    f[ix.nic] = nic;
    f[ix.siret] = s + nic;
    f[ix.status] = i % 37 === 0 ? 'P' : 'O';
    f[ix.created] = `20${String(10 + (i % 15))}-0${1 + (i % 9)}-1${i % 10}`;
    f[ix.processed] = '2025-11-28T03:12:45';
    f[ix.head] = i % 3 === 0 ? 'true' : 'false';
    f[ix.band] = options.band ?? '';
    f[ix.bandYear] = options.band ? '2023' : '';
    f[ix.street] =
      options.multilineEvery && i % options.multilineEvery === 0
        ? 'DE LA REPUBLIQUE\nBATIMENT A'
        : i % 11 === 0
          ? 'DE LA "GRANDE" RUE, PROLONGEE'
          : 'DE LA REPUBLIQUE';
    f[ix.commune] = local
      ? (places[i % places.length]?.code ?? '38185')
      : (OUTSIDE[i % OUTSIDE.length] as string);
    f[ix.state] = i % 5 === 0 ? 'F' : 'A';
    f[ix.usualName] = `ENSEIGNE ${i}`;
    f[ix.activity] =
      i % digitalEvery === 0
        ? (DIGITAL[i % DIGITAL.length] as string)
        : (OTHER_ACTIVITIES[i % OTHER_ACTIVITIES.length] as string);
    f[ix.nomenclature] = 'NAFRev2';
    f[ix.employer] = i % 4 === 0 ? 'O' : 'N';
    f[ix.since] = '2024-01-01';
  });
  return { path: out.path, rows: options.rows, inTerritory };
}

const unitColumn = (name: string) => UNIT_HEADER.indexOf(name as never);
const LEGAL_FORMS = ['5710', '5499', '1000', '5720', '9220'];

/**
 * The StockUniteLegale matching `writeNationalEstablishments`'s file of as many rows: row `i` is
 * the legal unit of establishment `i` (each has a SIREN of its own), its head office. The
 * national files hold 28 legal units for 40 establishments; one each is the heavier case.
 */
export async function writeNationalUnits(
  options: Pick<NationalOptions, 'base' | 'rows' | 'quoting' | 'lineBreak' | 'compression'>,
): Promise<{ path: string; rows: number }> {
  const all = (options.quoting ?? 'all') === 'all';
  const br = options.lineBreak ?? '\n';
  const out = new CsvOut(options.base, options.compression ?? 'none', new Date(Date.UTC(2026, 0)));
  const ix = {
    siren: unitColumn('siren'),
    status: unitColumn('statutDiffusionUniteLegale'),
    created: unitColumn('dateCreationUniteLegale'),
    processed: unitColumn('dateDernierTraitementUniteLegale'),
    periods: unitColumn('nombrePeriodesUniteLegale'),
    since: unitColumn('dateDebut'),
    state: unitColumn('etatAdministratifUniteLegale'),
    name: unitColumn('denominationUniteLegale'),
    legalForm: unitColumn('categorieJuridiqueUniteLegale'),
    activity: unitColumn('activitePrincipaleUniteLegale'),
    nomenclature: unitColumn('nomenclatureActivitePrincipaleUniteLegale'),
    headNic: unitColumn('nicSiegeUniteLegale'),
    employer: unitColumn('caractereEmployeurUniteLegale'),
  };
  out.push(`${UNIT_HEADER.map((h) => field(h, all)).join(',')}${br}`);
  await writeRows(out, UNIT_HEADER.length, options.rows, all, br, (i, f) => {
    const s = siren(i);
    const nic4 = String(10_000 + (i % 9000)).slice(1);
    f[ix.siren] = s;
    f[ix.status] = i % 37 === 0 ? 'P' : 'O';
    f[ix.created] = `20${String(10 + (i % 15))}-0${1 + (i % 9)}-1${i % 10}`;
    f[ix.processed] = '2025-11-28T03:12:45';
    f[ix.periods] = '1';
    f[ix.since] = '2024-01-01';
    f[ix.state] = i % 5 === 0 ? 'C' : 'A';
    f[ix.name] = i % 13 === 0 ? `SOCIETE "${i}", ET FILS` : `SOCIETE ${i}`;
    f[ix.legalForm] = LEGAL_FORMS[i % LEGAL_FORMS.length] as string;
    f[ix.activity] = i % 20 === 0 ? (DIGITAL[i % DIGITAL.length] as string) : '47.11F';
    f[ix.nomenclature] = 'NAFRev2';
    f[ix.headNic] = nic4 + luhnCheckDigit(s + nic4);
    f[ix.employer] = i % 4 === 0 ? 'O' : 'N';
  });
  return { path: out.path, rows: options.rows };
}
