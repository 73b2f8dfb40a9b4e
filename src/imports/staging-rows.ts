/**
 * The staging rows of an import, as the reading process makes them from the files' records and
 * the COPY text it sends (one line per row, the table's columns in order): shared by that process
 * and the repository, which writes them.
 */

import { type CopyValue, copyLine } from '../db/bulk-copy.ts';
import type { DB, StageEstablishmentTable, StageUnitTable } from '../db/schema.ts';
import { type EstablishmentRecord, type UnitRecord, unitDisplayName } from '../sirene/records.ts';

export const STAGE_ESTABLISHMENTS = {
  table: 'sirene_stage_establishments',
  columns: [
    'import_id',
    'line',
    'siret',
    'siren',
    'name',
    'is_head_office',
    'status',
    'street',
    'postcode',
    'commune_code',
    'commune_name',
    'latitude',
    'longitude',
    'naf_code',
    'naf_nomenclature',
    'headcount_band',
    'headcount_year',
    'created_on',
    'closed_on',
    'restricted',
  ],
} as const satisfies { table: keyof DB; columns: readonly (keyof StageEstablishmentTable)[] };

export const STAGE_UNITS = {
  table: 'sirene_stage_units',
  columns: [
    'import_id',
    'line',
    'siren',
    'name',
    'acronym',
    'legal_category',
    'naf_code',
    'company_category',
    'created_on',
    'closed_on',
    'ceased',
    'restricted',
    'sole_trader',
    'headcount_band',
    'headcount_year',
    'head_office_nic',
  ],
} as const satisfies { table: keyof DB; columns: readonly (keyof StageUnitTable)[] };

export function stageEstablishment(
  importId: number,
  e: EstablishmentRecord,
): StageEstablishmentTable {
  const street = [e.streetNumber, e.streetType, e.streetName].filter(Boolean).join(' ');
  return {
    import_id: importId,
    line: e.line,
    siret: e.siret,
    siren: e.siren,
    name: e.usualName ?? e.signName,
    is_head_office: e.headOffice,
    status: e.state === 'A' ? 'open' : 'closed',
    street: street === '' ? null : street,
    postcode: e.postcode,
    commune_code: e.communeCode,
    commune_name: e.communeName,
    latitude: e.latitude,
    longitude: e.longitude,
    naf_code: e.activity,
    naf_nomenclature: e.activityNomenclature,
    headcount_band: e.headcountBand,
    headcount_year: e.headcountYear,
    created_on: e.createdOn,
    closed_on: e.state === 'F' ? e.stateSince : null,
    restricted: e.diffusion === 'P',
  };
}

export function stageUnit(importId: number, u: UnitRecord): StageUnitTable {
  return {
    import_id: importId,
    line: u.line,
    siren: u.siren,
    name: unitDisplayName(u),
    acronym: u.acronym,
    legal_category: u.legalCategory,
    naf_code: u.activity,
    company_category: u.companyCategory,
    created_on: u.createdOn,
    closed_on: u.state === 'C' ? u.stateSince : null,
    ceased: u.state === 'C',
    restricted: u.diffusion === 'P',
    sole_trader: u.soleTrader,
    headcount_band: u.headcountBand,
    headcount_year: u.headcountYear,
    head_office_nic: u.headOfficeNic,
  };
}

/** The COPY text of staging rows: every listed column, in its order, one line per row. */
export function copyText<R>(
  target: { columns: readonly (keyof R & string)[] },
  rows: readonly R[],
): string {
  let lines = '';
  for (const row of rows) lines += copyLine(target.columns.map((c) => row[c] as CopyValue));
  return lines;
}
