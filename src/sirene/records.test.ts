import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingColumnsError, readCsv } from './csv-stream.ts';
import { ESTABLISHMENT_HEADER, UNIT_HEADER } from './headers.ts';
import { establishmentsFrom, openEstablishments, unitsFrom } from './readers.ts';
import {
  type EstablishmentRecord,
  HEADCOUNT_BANDS,
  headcountBand,
  type UnitRecord,
  unitDisplayName,
  withoutStreetAddress,
} from './records.ts';

type Values = Record<string, string>;

const csv = (header: readonly string[], rows: Values[]) =>
  [header, ...rows.map((r) => header.map((c) => r[c] ?? ''))]
    .map((fields) => fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(','))
    .join('\n');

const GRENOBLE: Values = {
  siren: '120027016',
  nic: '00563',
  siret: '12002701600563',
  statutDiffusionEtablissement: 'O',
  dateCreationEtablissement: '2001-05-14',
  trancheEffectifsEtablissement: '12',
  anneeEffectifsEtablissement: '2023',
  dateDernierTraitementEtablissement: '2025-12-06T05:25:38',
  etablissementSiege: 'true',
  numeroVoieEtablissement: '5',
  typeVoieEtablissement: 'RUE',
  libelleVoieEtablissement: 'DES ALPES',
  codePostalEtablissement: '38000',
  libelleCommuneEtablissement: 'GRENOBLE',
  codeCommuneEtablissement: '38185',
  coordonneeLambertAbscisseEtablissement: '913500.0',
  coordonneeLambertOrdonneeEtablissement: '6458000.0',
  etatAdministratifEtablissement: 'A',
  enseigne1Etablissement: 'ALPES DATA',
  denominationUsuelleEtablissement: 'ALPES DATA LAB',
  activitePrincipaleEtablissement: '62.01Z',
  nomenclatureActivitePrincipaleEtablissement: 'NAFRev2',
  caractereEmployeurEtablissement: 'O',
};

async function establishments(rows: Values[], header: readonly string[] = ESTABLISHMENT_HEADER) {
  const reader = establishmentsFrom(await readCsv([csv(header, rows)]));
  const records: EstablishmentRecord[] = [];
  for await (const r of reader.records()) records.push(r);
  return { records, bad: reader.badLines };
}

async function units(rows: Values[]) {
  const reader = unitsFrom(await readCsv([csv(UNIT_HEADER, rows)]));
  const records: UnitRecord[] = [];
  for await (const r of reader.records()) records.push(r);
  return { records, bad: reader.badLines };
}

describe('establishment records: what a row says', () => {
  it('types an open establishment and places it in WGS84', async () => {
    const { records, bad } = await establishments([GRENOBLE]);
    expect(bad).toEqual([]);
    const e = records[0] as EstablishmentRecord;
    expect(e).toMatchObject({
      line: 2,
      siren: '120027016',
      nic: '00563',
      siret: '12002701600563',
      diffusion: 'O',
      createdOn: '2001-05-14',
      headcountBand: '12',
      headcountYear: 2023,
      headOffice: true,
      streetName: 'DES ALPES',
      communeCode: '38185',
      x: 913500,
      y: 6458000,
      state: 'A',
      signName: 'ALPES DATA',
      activity: '62.01Z',
      activityNomenclature: 'NAFRev2',
      activityNaf25: null,
      employer: true,
      lastProcessedAt: '2025-12-06T05:25:38',
    });
    expect(e.longitude?.toFixed(3)).toBe('5.719');
    expect(e.latitude?.toFixed(3)).toBe('45.188');
  });

  it('keeps no maskable value of a P establishment, masked or not', async () => {
    const masked = Object.fromEntries(
      Object.entries(GRENOBLE).map(([k, v]) => [
        k,
        /Voie|Lambert|enseigne|denomination/.test(k) ? '[ND]' : v,
      ]),
    );
    const leaked = { ...GRENOBLE }; // a P row that still carries values must not keep them
    const { records } = await establishments([
      { ...masked, statutDiffusionEtablissement: 'P' },
      { ...leaked, statutDiffusionEtablissement: 'P' },
      { ...leaked, statutDiffusionEtablissement: 'N' }, // retired status: treated as P
    ]);
    for (const e of records) {
      expect(e.diffusion).toBe('P');
      expect(e).toMatchObject({ streetNumber: null, streetType: null, streetName: null });
      expect(e).toMatchObject({ x: null, y: null, longitude: null, latitude: null });
      expect(e).toMatchObject({ signName: null, usualName: null });
      expect(e).toMatchObject({ communeCode: '38185', postcode: '38000', activity: '62.01Z' });
    }
  });

  it('keeps overseas coordinates as published but does not read them as Lambert-93', async () => {
    const { records } = await establishments([
      {
        ...GRENOBLE,
        codeCommuneEtablissement: '97411',
        coordonneeLambertAbscisseEtablissement: '338500.2',
        coordonneeLambertOrdonneeEtablissement: '7690500.1',
      },
    ]);
    expect(records[0]).toMatchObject({
      x: 338500.2,
      y: 7690500.1,
      longitude: null,
      latitude: null,
    });
  });

  it('places no establishment whose coordinates lie outside the Lambert-93 extent', async () => {
    const at = (x: string, y: string) => ({
      ...GRENOBLE,
      coordonneeLambertAbscisseEtablissement: x,
      coordonneeLambertOrdonneeEtablissement: y,
    });
    const { records } = await establishments([
      at('1e300', '6458000.0'),
      at('913500.0', '0'),
      at('-5000000', '6458000.0'),
      at('1216194.0', '6052163.0'), // Bonifacio, near the extent's south-east corner
    ]);
    expect(records.map((r) => [r.x, r.latitude === null])).toEqual([
      [1e300, true],
      [913500, true],
      [-5000000, true],
      [1216194, false],
    ]);
    expect(records[3]?.longitude).toBeCloseTo(9.16, 2);
  });

  it('reads a headcount year no figure can refer to (0000, far ahead) as unknown', async () => {
    const next = new Date().getUTCFullYear() + 1;
    const { records, bad } = await establishments([
      { ...GRENOBLE, anneeEffectifsEtablissement: '0000' },
      { ...GRENOBLE, anneeEffectifsEtablissement: '1899' },
      { ...GRENOBLE, anneeEffectifsEtablissement: String(next + 1) },
      { ...GRENOBLE, anneeEffectifsEtablissement: String(next) },
      { ...GRENOBLE, anneeEffectifsEtablissement: '1900' },
    ]);
    expect(bad).toEqual([]);
    expect(records.map((r) => r.headcountYear)).toEqual([null, null, null, next, 1900]);
  });

  it('reads NN and empty bands as unknown, and the band table per DATA.md', async () => {
    const { records } = await establishments([
      { ...GRENOBLE, trancheEffectifsEtablissement: 'NN', anneeEffectifsEtablissement: '' },
      { ...GRENOBLE, trancheEffectifsEtablissement: '', caractereEmployeurEtablissement: 'N' },
      { ...GRENOBLE, trancheEffectifsEtablissement: '53' },
    ]);
    expect(records.map((r) => [r.headcountBand, r.headcountYear, r.employer])).toEqual([
      [null, null, true],
      [null, 2023, false],
      ['53', 2023, true],
    ]);
    expect(headcountBand('53')).toEqual({ code: '53', min: 10000, max: null });
    expect(headcountBand('00')).toEqual({ code: '00', min: 0, max: 0 });
    expect(headcountBand('42')).toEqual({ code: '42', min: 1000, max: 1999 });
    expect([
      headcountBand('NN'),
      headcountBand(''),
      headcountBand(null),
      headcountBand('99'),
    ]).toEqual([null, null, null, null]);
    expect(HEADCOUNT_BANDS.map((b) => b.code).join(' ')).toBe(
      '00 01 02 03 11 12 21 22 31 32 41 42 51 52 53',
    );
  });
});

describe('establishment records: bad rows, odd values and odd headers', () => {
  it('reports rows with bad identifiers or states as bad lines and reads the rest', async () => {
    const { records, bad } = await establishments([
      { ...GRENOBLE, siren: '120027017', siret: '12002701700563' },
      { ...GRENOBLE, siret: '12002701600564' },
      { ...GRENOBLE, nic: '00564', siret: '12002701600564' },
      { ...GRENOBLE, etatAdministratifEtablissement: 'X' },
      { ...GRENOBLE, etablissementSiege: 'oui' },
      { ...GRENOBLE, siren: '356000000', nic: '00001', siret: '35600000000001' }, // La Poste
      GRENOBLE,
    ]);
    expect(bad.map((b) => [b.line, b.reason.replace(/:.*/, '')])).toEqual([
      [2, 'invalid SIREN checksum'],
      [3, 'SIRET "12002701600564" is not SIREN + NIC'],
      [4, 'invalid SIRET checksum'],
      [5, 'invalid etatAdministratifEtablissement'],
      [6, 'invalid etablissementSiege'],
    ]);
    expect(records.map((r) => r.line)).toEqual([7, 8]);
  });

  it('reads a date or timestamp that no calendar holds as unknown, like a malformed one', async () => {
    const { records, bad } = await establishments([
      { ...GRENOBLE, dateCreationEtablissement: '2026-13-45' },
      { ...GRENOBLE, dateCreationEtablissement: '2023-02-29', dateDebut: '0000-01-01' },
      { ...GRENOBLE, dateCreationEtablissement: '2024-02-29', dateDebut: '2019-04-31' },
      { ...GRENOBLE, dateDernierTraitementEtablissement: '2025-12-06T24:10:00' },
      { ...GRENOBLE, dateDernierTraitementEtablissement: '2025-11-31T05:25:38' },
      { ...GRENOBLE, dateDebut: '2019-12-31' },
    ]);
    expect(bad).toEqual([]);
    expect(records.map((r) => [r.createdOn, r.stateSince, r.lastProcessedAt])).toEqual([
      [null, null, '2025-12-06T05:25:38'],
      [null, null, '2025-12-06T05:25:38'],
      ['2024-02-29', null, '2025-12-06T05:25:38'],
      ['2001-05-14', null, null],
      ['2001-05-14', null, null],
      ['2001-05-14', '2019-12-31', '2025-12-06T05:25:38'],
    ]);
  });

  it('finds columns by name: shuffled header, unknown columns, optional ones absent', async () => {
    const header = [...ESTABLISHMENT_HEADER]
      .filter(
        (c) =>
          !c.startsWith('activitePrincipaleNAF25') && c !== 'dateDernierTraitementEtablissement',
      )
      .reverse();
    const { records } = await establishments([GRENOBLE], [...header, 'colonneAjoutee2027']);
    const { records: reference } = await establishments([GRENOBLE]);
    expect(records[0]).toEqual({ ...reference[0], lastProcessedAt: null });
  });

  it('refuses a file lacking used columns before reading any row, naming each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sirene-records-'));
    try {
      const header = ESTABLISHMENT_HEADER.filter(
        (c) => c !== 'codeCommuneEtablissement' && c !== 'etablissementSiege',
      );
      const path = join(dir, 'StockEtablissement_utf8.csv');
      await writeFile(path, csv(header, [GRENOBLE]));
      const opening = openEstablishments(path);
      await expect(opening).rejects.toBeInstanceOf(MissingColumnsError);
      await expect(opening).rejects.toThrow(/etablissementSiege, codeCommuneEtablissement/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('can drop the street of a sole trader establishment (often a home)', async () => {
    const { records } = await establishments([GRENOBLE]);
    const kept = withoutStreetAddress(records[0] as EstablishmentRecord);
    expect(kept).toMatchObject({ streetName: null, x: null, latitude: null, communeCode: '38185' });
  });
});

const COMPANY: Values = {
  siren: '120027016',
  statutDiffusionUniteLegale: 'O',
  dateCreationUniteLegale: '1999-02-01',
  sigleUniteLegale: 'AD',
  trancheEffectifsUniteLegale: '32',
  anneeEffectifsUniteLegale: '2023',
  categorieEntreprise: 'ETI',
  anneeCategorieEntreprise: '2023',
  etatAdministratifUniteLegale: 'A',
  denominationUniteLegale: 'ALPES DATA',
  categorieJuridiqueUniteLegale: '5710',
  activitePrincipaleUniteLegale: '62.01Z',
  nomenclatureActivitePrincipaleUniteLegale: 'NAFRev2',
  nicSiegeUniteLegale: '00563',
  economieSocialeSolidaireUniteLegale: 'N',
  caractereEmployeurUniteLegale: 'O',
};

const TRADER: Values = {
  ...COMPANY,
  sigleUniteLegale: '',
  denominationUniteLegale: '',
  categorieJuridiqueUniteLegale: '1000',
  nomUniteLegale: 'MARTIN',
  prenom1UniteLegale: 'CLAIRE',
  prenom2UniteLegale: 'ANNE',
  sexeUniteLegale: 'F',
  pseudonymeUniteLegale: 'CLAIRE M',
  categorieEntreprise: 'PME',
};

describe('legal-unit records', () => {
  it('types a company and leaves person fields empty', async () => {
    const { records } = await units([{ ...COMPANY, nomUniteLegale: 'SHOULD NOT APPEAR' }]);
    expect(records[0]).toMatchObject({
      siren: '120027016',
      acronym: 'AD',
      headcountBand: '32',
      companyCategory: 'ETI',
      companyCategoryYear: 2023,
      state: 'A',
      name: 'ALPES DATA',
      soleTrader: false,
      lastName: null,
      firstName: null,
      headOfficeNic: '00563',
      socialEconomy: false,
      employer: true,
    });
  });

  it('keeps only the display name of a sole trader, and nothing maskable when P', async () => {
    const { records } = await units([
      TRADER,
      {
        ...TRADER,
        statutDiffusionUniteLegale: 'P',
        nomUniteLegale: '[ND]',
        prenom1UniteLegale: '[ND]',
      },
      { ...TRADER, statutDiffusionUniteLegale: 'P', denominationUsuelle1UniteLegale: 'CM CONSEIL' },
    ]);
    const [open, masked, leaked] = records as [UnitRecord, UnitRecord, UnitRecord];
    expect(open).toMatchObject({ soleTrader: true, lastName: 'MARTIN', firstName: 'CLAIRE' });
    expect(Object.keys(open)).not.toContain('sex');
    expect(JSON.stringify(open)).not.toMatch(/ANNE|CLAIRE M|"F"/);
    expect(unitDisplayName(open)).toBe('CLAIRE MARTIN');
    for (const u of [masked, leaked]) {
      expect(u).toMatchObject({ diffusion: 'P', lastName: null, firstName: null, usualName: null });
      expect(unitDisplayName(u)).toBeNull();
    }
  });

  it('reads ceased units, and reports bad SIRENs and states', async () => {
    const { records, bad } = await units([
      { ...COMPANY, etatAdministratifUniteLegale: 'C', categorieEntreprise: '' },
      { ...COMPANY, siren: '120027017' },
      { ...COMPANY, siren: '12002701' },
      { ...COMPANY, etatAdministratifUniteLegale: 'F' },
    ]);
    expect(records.map((u) => [u.line, u.state, u.companyCategory])).toEqual([[2, 'C', null]]);
    expect(bad.map((b) => [b.line, b.reason.replace(/:.*/, '')])).toEqual([
      [3, 'invalid SIREN checksum'],
      [4, 'invalid SIREN format'],
      [5, 'invalid etatAdministratifUniteLegale'],
    ]);
  });
});
