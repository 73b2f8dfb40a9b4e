import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvRecordSplitter } from './csv-parser.ts';
import { ESTABLISHMENT_HEADER, UNIT_HEADER } from './headers.ts';
import { identifierProblem, LA_POSTE_SIREN, luhnCheckDigit } from './identifiers.ts';
import {
  identifiersValid,
  lineFields,
  plainFields,
  quoteCursor,
  SirenTable,
} from './line-filter.js';
import { openEstablishments, openUnits, type SireneReader } from './readers.ts';
import { Rng } from './sample/data.ts';

let dir: string;
/** lines the last reader read dropped from their bytes */
let dropped = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'line-filter-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A value as a CSV field: quoted always, never, or when needed, as the line's style says. */
function quoteField(value: string, style: number): string {
  const special = /[",\r\n]/.test(value);
  if (style === 0 && !special) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

function siren(rng: Rng): string {
  if (rng.chance(0.02)) return LA_POSTE_SIREN;
  const payload = String(10_000_000 + rng.int(89_999_999));
  return payload + luhnCheckDigit(payload);
}

/** a value for identifier columns: mostly valid, sometimes broken in one of the ways files are */
function spoil(value: string, rng: Rng): string {
  const roll = rng.int(40);
  if (roll === 0) return value.slice(1);
  if (roll === 1) return `${value.slice(0, -1)}${(Number(value.at(-1)) + 1) % 10}`;
  if (roll === 2) return `${value.slice(0, 3)}x${value.slice(4)}`;
  if (roll === 3) return '';
  if (roll === 4) return `${value} `;
  return value;
}

const COMMUNES = ['38185', '38151', '2A004', '75108', '69383', '', '[ND]', '3818', '38185x'];
const WANTED = new Set(['38185', '38151', '2A004']);
const STREETS = ['RUE A', 'DE LA "GRANDE" RUE, B', 'DEUX\nLIGNES', 'é à ç', 'X,Y'];
const STATES = ['A', 'F', 'C', 'a', '', 'AF'];
const SIEGES = ['true', 'false', 'TRUE', ''];
const STAMPS = ['2025-11-28T03:12:45', '2026-01-05T10:00:00', '2026-13-01T00:00:00', '', '[ND]'];

/** A hostile StockEtablissement: valid rows mixed with every kind of broken line. */
function establishments(rng: Rng, rows: number): string {
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

function units(rng: Rng, rows: number, wanted: Set<number>): string {
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
function sparselyBroken(rng: Rng, rows: number): string {
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

async function readAll<T extends { line: number }>(reader: SireneReader<T>) {
  const kept: number[] = [];
  for await (const record of reader.records()) kept.push(record.line);
  dropped = reader.dropped;
  return {
    kept,
    bad: reader.badLines.map((b) => `${b.line}: ${b.reason}`),
    badCount: reader.badLineCount,
    skipped: reader.skipped,
    lastProcessedAt: reader.lastProcessedAt,
  };
}

describe('the byte pre-filter keeps, rejects and skips exactly what the full reader does', () => {
  it('on hostile establishment files (quoting, CRLF, broken lines, bad identifiers)', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const path = join(dir, `establishments-${seed}.csv`);
      await writeFile(path, establishments(new Rng(seed), 3000));
      const keep = (c: string | null) => c !== null && WANTED.has(c);
      const full = await readAll(await openEstablishments(path, { keep, keepBadLines: 10_000 }));
      const filtered = await openEstablishments(path, { communes: WANTED, keepBadLines: 10_000 });
      const result = await readAll(filtered);
      expect(result).toEqual(full);
      expect(full.kept.length).toBeGreaterThan(100);
      expect(full.bad.length).toBeGreaterThan(100);
      // the pre-filter did its work: the plain lines outside the territory were never split
      expect(dropped).toBeGreaterThan(full.skipped / 3);
      // and the same on worker threads, blocks cut small so records span their cuts
      const onWorkers = await openEstablishments(path, {
        communes: WANTED,
        keepBadLines: 10_000,
        parallel: { threads: 2, minBytes: 0, blockBytes: 4096 + seed * 977 },
      });
      expect(await readAll(onWorkers)).toEqual(full);
      expect(dropped).toBeGreaterThan(full.skipped / 3);
    }
  });

  it('on workers with large blocks, where records spanning lines and stray quotes are rare', async () => {
    // most lines dropped by the workers, never seen by the reading thread: a record opened by a
    // stray quote or a line break must still be given the lines after it, as on one thread
    for (let seed = 1; seed <= 4; seed++) {
      const path = join(dir, `sparse-${seed}.csv`);
      const content = sparselyBroken(new Rng(200 + seed), 20_000);
      await writeFile(path, content);
      // and compressed: read from a stream rather than straight into the blocks
      await writeFile(`${path}.gz`, gzipSync(content));
      const keep = (c: string | null) => c !== null && WANTED.has(c);
      const full = await readAll(await openEstablishments(path, { keep, keepBadLines: 10_000 }));
      expect(full.bad.length).toBeGreaterThan(20);
      expect(full.kept.length).toBeGreaterThan(150);
      // large blocks, and blocks of a few lines, so that records open at a block's end
      for (const blockBytes of [65_536 + seed * 977, 1500 + seed * 331]) {
        for (const file of [path, `${path}.gz`]) {
          const onWorkers = await openEstablishments(file, {
            communes: WANTED,
            keepBadLines: 10_000,
            parallel: { threads: 2, minBytes: 0, blockBytes },
          });
          expect(await readAll(onWorkers)).toEqual(full);
          expect(dropped).toBeGreaterThan(full.skipped * 0.9);
        }
      }
    }
  });

  it('on hostile unit files, keeping the SIRENs asked for', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const path = join(dir, `units-${seed}.csv`);
      const wanted = new Set<number>();
      await writeFile(path, units(new Rng(100 + seed), 3000, wanted));
      const keep = (s: string) => wanted.has(Number(s));
      const full = await readAll(await openUnits(path, { keep, keepBadLines: 10_000 }));
      const result = await readAll(await openUnits(path, { sirens: wanted, keepBadLines: 10_000 }));
      expect(result).toEqual(full);
      expect(full.kept.length).toBeGreaterThan(100);
      expect(dropped).toBeGreaterThan(full.skipped / 3);
      const parallel = { threads: 1, minBytes: 0, blockBytes: 8192 };
      expect(await readAll(await openUnits(path, { sirens: wanted, parallel }))).toEqual({
        ...full,
        bad: full.bad.slice(0, 1000),
      });
    }
  });

  it('drops most lines of a file mostly outside the territory without splitting them', async () => {
    const path = join(dir, 'national.csv');
    const rng = new Rng(7);
    const lines = [ESTABLISHMENT_HEADER.join(',')];
    for (let i = 0; i < 2000; i++) {
      const s = siren(rng);
      const nic = `0001${luhnCheckDigit(`${s}0001`)}`;
      const f = ESTABLISHMENT_HEADER.map((h) =>
        h === 'siren'
          ? s
          : h === 'nic'
            ? nic
            : h === 'siret'
              ? s + nic
              : h === 'etatAdministratifEtablissement'
                ? 'A'
                : h === 'etablissementSiege'
                  ? 'true'
                  : h === 'codeCommuneEtablissement'
                    ? i % 100 === 0
                      ? '38185'
                      : '75108'
                    : '',
      );
      lines.push(f.join(','));
    }
    await writeFile(path, `${lines.join('\n')}\n`);
    const result = await readAll(await openEstablishments(path, { communes: WANTED }));
    expect(result.kept).toHaveLength(20);
    expect(result.skipped).toBe(1980);
    // from the line after the header on, even within the first chunk read
    expect(dropped).toBe(1980);
  });
});

describe('reading identifiers and fields from bytes', () => {
  it('agrees with identifierProblem on valid, La Poste and spoiled triples', () => {
    const rng = new Rng(42);
    let valid = 0;
    for (let i = 0; i < 20_000; i++) {
      const s = siren(rng);
      const nic4 = String(1000 + rng.int(8999));
      const nic = nic4 + (rng.chance(0.5) ? luhnCheckDigit(s + nic4) : String(rng.int(10)));
      const triple = [spoil(s, rng), spoil(nic, rng), spoil(s + nic, rng)] as const;
      const line = Buffer.from(triple.join(','));
      const bounds = new Int32Array(8);
      expect(plainFields(line, 0, line.length, bounds)).toBe(3);
      const ok = identifiersValid(line, bounds, { siren: 0, nic: 1, siret: 2 });
      expect(ok).toBe(identifierProblem(...triple) === null);
      if (ok) valid++;
    }
    expect(valid).toBeGreaterThan(5000);
  });

  it('locates the fields the full parser reads, or leaves the line to it', () => {
    const rng = new Rng(9);
    const pieces = ['a', '', '"q"', '"x,y"', '"d""q"', 'b"c', '"open', '"c"x', '38185', ' '];
    for (let i = 0; i < 5000; i++) {
      const line = Array.from({ length: 1 + rng.int(5) }, () => rng.pick(pieces)).join(',');
      const bytes = Buffer.from(line);
      const bounds = new Int32Array(12);
      const count = plainFields(bytes, 0, bytes.length, bounds);
      // the quicker reading of a line without quotes finds the same fields
      const again = new Int32Array(12);
      expect(lineFields(bytes, 0, bytes.length, again, quoteCursor())).toBe(count);
      if (count > 0) expect(again.subarray(0, 2 * count)).toEqual(bounds.subarray(0, 2 * count));
      const splitter = new CsvRecordSplitter();
      splitter.pushLine(line, 1);
      const event = splitter.events[0];
      // a blank line is no record (and no width but 1 matches it)
      if (count < 0 || line === '') continue;
      // a plain line is one the full parser reads as one record of the same fields
      expect(splitter.idle).toBe(true);
      expect(event?.kind).toBe('record');
      const fields = event?.kind === 'record' ? event.fields : [];
      const located = Array.from({ length: count }, (_, k) =>
        bytes.toString('utf8', bounds[2 * k], bounds[2 * k + 1]).replaceAll('""', '"'),
      );
      expect(located).toEqual(fields);
    }
  });

  it('holds the SIRENs asked for in shared memory, and only them', () => {
    const rng = new Rng(11);
    const wanted = new Set<number>([0, 999_999_999]);
    while (wanted.size < 50_000) wanted.add(rng.int(1_000_000_000));
    const table = SirenTable.of(wanted);
    // half full at most, and read the same from another view of its memory (a worker's)
    expect(table.slots.length).toBeGreaterThanOrEqual(2 * wanted.size);
    const shared = new SirenTable(table.memory);
    for (const siren of wanted) expect(shared.has(siren)).toBe(true);
    let others = 0;
    for (let i = 0; i < 50_000; i++) {
      const siren = rng.int(1_000_000_000);
      expect(shared.has(siren)).toBe(wanted.has(siren));
      if (!wanted.has(siren)) others++;
    }
    expect(others).toBeGreaterThan(49_000);
  });
});
