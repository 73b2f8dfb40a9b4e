import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsv } from '../csv-stream.ts';
import { HEADCOUNT_CODES } from '../headcount.ts';
import { isValidSiren, isValidSiret } from '../identifiers.ts';
import { openEstablishments, openUnits } from '../readers.ts';
import {
  ESTABLISHMENT_HEADER,
  type SampleOptions,
  type SampleResult,
  UNIT_HEADER,
  writeSireneSample,
} from './sample.ts';

const ICT = new Set(
  '26.11Z 26.12Z 26.20Z 26.30Z 26.40Z 26.80Z 46.51Z 46.52Z 58.21Z 58.29A 58.29B 58.29C 61.10Z 61.20Z 61.30Z 61.90Z 62.01Z 62.02A 62.02B 62.03Z 62.09Z 63.11Z 63.12Z 95.11Z 95.12Z'.split(
    ' ',
  ),
);

const epcis = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/epci.json') as {
  code: string;
  membres: { code: string }[];
}[];
const TERRITORY = new Set(
  epcis
    .filter((e) => e.code === '200040715' || e.code === '200018166')
    .flatMap((e) => e.membres.map((m) => m.code)),
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sirene-sample-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let runs = 0;
const generate = (options: Omit<SampleOptions, 'directory'>) =>
  writeSireneSample({ ...options, directory: join(dir, String(runs++)) });

type Raw = Record<string, string | null>;
async function rawRows(path: string): Promise<Raw[]> {
  const rows: Raw[] = [];
  for await (const r of (await openCsv(path)).records()) rows.push(r.values);
  return rows;
}

async function typed(result: SampleResult) {
  const e = await openEstablishments(result.establishmentsPath);
  const u = await openUnits(result.unitsPath);
  const establishments = [];
  const units = [];
  for await (const r of e.records()) establishments.push(r);
  for await (const r of u.records()) units.push(r);
  return { establishments, units, bad: [...e.badLines, ...u.badLines] };
}

describe('official headers', () => {
  it('lists the 54 establishment and 35 legal-unit columns, each once', () => {
    expect(ESTABLISHMENT_HEADER).toHaveLength(54);
    expect(UNIT_HEADER).toHaveLength(35);
    expect(new Set(ESTABLISHMENT_HEADER).size).toBe(54);
    expect(new Set(UNIT_HEADER).size).toBe(35);
    expect(ESTABLISHMENT_HEADER.slice(0, 3)).toEqual(['siren', 'nic', 'siret']);
    expect(ESTABLISHMENT_HEADER.at(-1)).toBe('activitePrincipaleNAF25Etablissement');
    expect(UNIT_HEADER.at(-1)).toBe('activitePrincipaleNAF25UniteLegale');
  });
});

describe('sample generator', () => {
  it('writes the official format: quoted fields, exact header, rows that parse back exactly', async () => {
    const result = await generate({ rows: 3000, seed: 1 });
    const text = await readFile(result.establishmentsPath, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe(ESTABLISHMENT_HEADER.map((c) => `"${c}"`).join(','));
    expect(lines.at(-1)).toBe(''); // ends with a line break
    expect(lines.slice(0, -1).filter((line) => !/^".*"$/.test(line))).toEqual([]);
    const { establishments, units, bad } = await typed(result);
    expect(bad).toEqual([]);
    expect(establishments).toHaveLength(3000);
    expect(result.establishmentRows).toBe(3000);
    expect(units).toHaveLength(result.unitRows);
    expect(result.unitRows).toBeGreaterThan(1500);
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const a = await generate({ rows: 500, seed: 42 });
    const b = await generate({ rows: 500, seed: 42 });
    const c = await generate({ rows: 500, seed: 43 });
    const read = (p: string) => readFile(p, 'utf8');
    expect(await read(a.establishmentsPath)).toBe(await read(b.establishmentsPath));
    expect(await read(a.unitsPath)).toBe(await read(b.unitsPath));
    expect(await read(a.establishmentsPath)).not.toBe(await read(c.establishmentsPath));
  });

  it('puts malformed lines where it says, and the reader finds exactly those', async () => {
    const result = await generate({ rows: 800, seed: 5, malformed: true });
    expect(result.malformedLines).toHaveLength(8);
    for (const [path, open] of [
      [result.establishmentsPath, openEstablishments],
      [result.unitsPath, openUnits],
    ] as const) {
      const reader = await open(path);
      let count = 0;
      for await (const _ of reader.records()) count++;
      expect(count).toBe(path === result.unitsPath ? result.unitRows : 800);
      const expected = result.malformedLines.filter((m) => m.file === path);
      expect(reader.badLines.map((b) => b.line)).toEqual(expected.map((m) => m.line));
      reader.badLines.forEach((b, i) => {
        expect(b.reason.startsWith(expected[i]?.reason as string)).toBe(true);
      });
    }
  });

  it('writes the same content as .csv.gz and as .zip', async () => {
    const plain = await typed(await generate({ rows: 400, seed: 9 }));
    for (const compression of ['gzip', 'zip'] as const) {
      const result = await generate({ rows: 400, seed: 9, compression });
      expect(result.establishmentsPath).toMatch(compression === 'zip' ? /\.zip$/ : /\.csv\.gz$/);
      expect(await typed(result)).toEqual(plain);
    }
  });

  it('refuses bad options', async () => {
    await expect(generate({ rows: 10, month: '2026-03' })).rejects.toThrow(RangeError);
    await expect(generate({ rows: 10, month: '2026-13' })).rejects.toThrow(RangeError);
    await expect(generate({ rows: 1.5 })).rejects.toThrow(RangeError);
  });
});

describe('sample content', () => {
  let establishments: Raw[];
  let units: Raw[];
  let unitsPath: string;
  beforeAll(async () => {
    const result = await generate({ rows: 20_000, seed: 2026 });
    unitsPath = result.unitsPath;
    establishments = await rawRows(result.establishmentsPath);
    units = await rawRows(result.unitsPath);
  });
  const share = (rows: Raw[], test: (r: Raw) => boolean) => rows.filter(test).length / rows.length;

  it('has valid, unique identifiers', () => {
    const sirets = new Set(establishments.map((e) => e.siret));
    expect(sirets.size).toBe(establishments.length);
    expect(new Set(units.map((u) => u.siren)).size).toBe(units.length);
    const wrong = establishments.filter(
      (e) =>
        !isValidSiren(e.siren as string) ||
        !isValidSiret(e.siret as string) ||
        e.siret !== `${e.siren}${e.nic}`,
    );
    expect(wrong).toEqual([]);
  });

  it('is mostly in the Grenoble territory, near Grenoble, with a share elsewhere', () => {
    const local = establishments.filter((e) => TERRITORY.has(e.codeCommuneEtablissement as string));
    expect(local.length / establishments.length).toBeGreaterThan(0.7);
    expect(local.length / establishments.length).toBeLessThan(0.9);
    expect(new Set(local.map((e) => e.codeCommuneEtablissement)).size).toBeGreaterThan(60);
    const placed = local.filter((e) => e.coordonneeLambertAbscisseEtablissement !== null); // not [ND]
    expect(placed.length / local.length).toBeGreaterThan(0.6);
    const outside = placed.filter((e) => {
      const x = Number(e.coordonneeLambertAbscisseEtablissement);
      const y = Number(e.coordonneeLambertOrdonneeEtablissement);
      return !(x >= 905000 && x <= 935000 && y >= 6440000 && y <= 6475000);
    });
    expect(outside).toEqual([]);
    expect(
      share(establishments, (e) => e.codeCommuneEtablissement?.startsWith('75') ?? false),
    ).toBeGreaterThan(0.01);
    expect(share(establishments, (e) => e.codeCommuneEtablissement === '97411')).toBeGreaterThan(
      0.005,
    );
  });

  it('is mostly ICT, mostly NAF rév. 2', () => {
    const ict = share(establishments, (e) => ICT.has(e.activitePrincipaleEtablissement as string));
    expect(ict).toBeGreaterThan(0.6);
    expect(ict).toBeLessThan(0.9);
    const rev1 = share(
      establishments,
      (e) => e.nomenclatureActivitePrincipaleEtablissement === 'NAFRev1',
    );
    expect(rev1).toBeGreaterThan(0);
    expect(rev1).toBeLessThan(0.05);
  });

  it('spreads headcount bands over every official code, unknown included', () => {
    const seen = new Set([
      ...establishments.map((e) => e.trancheEffectifsEtablissement ?? ''),
      ...units.map((u) => u.trancheEffectifsUniteLegale ?? ''),
    ]);
    expect([...seen].sort()).toEqual(['', ...HEADCOUNT_CODES].sort());
    // a band that states a headcount has its year; unknown bands have none
    const inconsistent = units.filter((u) => {
      const band = u.trancheEffectifsUniteLegale;
      return (u.anneeEffectifsUniteLegale !== null) !== (band !== null && band !== 'NN');
    });
    expect(inconsistent).toEqual([]);
  });

  it('has sole traders, restricted-diffusion units masked as [ND], closed and ceased ones', async () => {
    const traders = units.filter((u) => u.categorieJuridiqueUniteLegale === '1000');
    expect(traders.length / units.length).toBeGreaterThan(0.15);
    const open = traders.filter((u) => u.statutDiffusionUniteLegale === 'O');
    expect(
      open.every((u) => u.nomUniteLegale && u.prenom1UniteLegale && !u.denominationUniteLegale),
    ).toBe(true);
    const partial = units.filter((u) => u.statutDiffusionUniteLegale === 'P');
    expect(partial.length).toBeGreaterThan(100);
    // null here means [ND] or empty: the raw text is checked below
    expect(partial.every((u) => u.nomUniteLegale === null)).toBe(true);
    const text = await readFile(unitsPath, 'utf8');
    expect(text).toMatch(/"P","","\d{4}-\d{2}-\d{2}","","\[ND\]","\[ND\]"/);
    const partialEst = establishments.filter((e) => e.statutDiffusionEtablissement === 'P');
    expect(
      partialEst.every((e) => e.libelleVoieEtablissement === null && e.codeCommuneEtablissement),
    ).toBe(true);
    expect(share(establishments, (e) => e.etatAdministratifEtablissement === 'F')).toBeGreaterThan(
      0.1,
    );
    expect(share(units, (u) => u.etatAdministratifUniteLegale === 'C')).toBeGreaterThan(0.08);
  });

  it('keeps units and establishments consistent: one head office, ceased means all closed', () => {
    const bySiren = new Map<string, Raw[]>();
    for (const e of establishments)
      bySiren.set(e.siren as string, [...(bySiren.get(e.siren as string) ?? []), e]);
    const inconsistent = units.filter((u) => {
      const own = bySiren.get(u.siren as string) ?? [];
      const heads = own.filter((e) => e.etablissementSiege === 'true');
      if (heads.length !== 1 || heads[0]?.nic !== u.nicSiegeUniteLegale) return true;
      return u.etatAdministratifUniteLegale === 'C'
        ? own.some((e) => e.etatAdministratifEtablissement !== 'F')
        : heads[0]?.etatAdministratifEtablissement !== 'A';
    });
    expect(inconsistent).toEqual([]);
  });

  it('spreads creation dates over 1970–2026, with well-formed dates and timestamps', () => {
    const years = establishments.map((e) => Number(e.dateCreationEtablissement?.slice(0, 4)));
    expect(Math.min(...years)).toBeLessThan(1975);
    expect(Math.max(...years)).toBe(2026);
    expect(
      establishments.every((e) => (e.dateCreationEtablissement as string) <= '2026-03-31'),
    ).toBe(true);
    const malformed = establishments.filter(
      (e) =>
        !/^\d{4}-\d{2}-\d{2}$/.test(e.dateDebut ?? '') ||
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(e.dateDernierTraitementEtablissement ?? ''),
    );
    expect(malformed).toEqual([]);
  });
});

describe('a later month', () => {
  it('keeps the same units and shows closures and band changes, never a reopening', async () => {
    const april = await typed(await generate({ rows: 5000, seed: 8 }));
    const july = await typed(await generate({ rows: 5000, seed: 8, month: '2026-07' }));
    expect(july.establishments.map((e) => e.siret)).toEqual(
      april.establishments.map((e) => e.siret),
    );
    expect(july.units.map((u) => u.siren)).toEqual(april.units.map((u) => u.siren));
    let closed = 0;
    let bandChanges = 0;
    april.establishments.forEach((before, i) => {
      const after = july.establishments[i];
      if (!after) throw new Error('missing row');
      if (before.state === 'F') expect(after.state).toBe('F');
      if (before.state === 'A' && after.state === 'F') closed++;
      if (before.headcountBand !== after.headcountBand) {
        bandChanges++;
        if (after.headcountBand) expect(after.headcountYear).toBe(2024);
        expect((after.lastProcessedAt ?? '') >= '2026-04').toBe(true);
      }
    });
    expect(closed).toBeGreaterThan(20);
    expect(bandChanges).toBeGreaterThan(200);
    const ceased = july.units.filter((u, i) => u.state === 'C' && april.units[i]?.state === 'A');
    expect(ceased.length).toBeGreaterThan(0);
  });
});
