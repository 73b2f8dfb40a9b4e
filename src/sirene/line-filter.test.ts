import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvRecordSplitter } from './csv-parser.ts';
import { ESTABLISHMENT_HEADER } from './headers.ts';
import {
  establishments,
  siren,
  sparselyBroken,
  spoil,
  units,
  WANTED,
} from './hostile-lines.testing.ts';
import { identifierProblem, luhnCheckDigit } from './identifiers.ts';
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
      // and without a worker, as on one core: every block judged by the reading thread
      for (const [threads, blockBytes] of [
        [2, 65_536 + seed * 977],
        [2, 1500 + seed * 331],
        [0, 65_536 + seed * 977],
      ] as const) {
        for (const file of [path, `${path}.gz`]) {
          const onWorkers = await openEstablishments(file, {
            communes: WANTED,
            keepBadLines: 10_000,
            parallel: { threads, minBytes: 0, blockBytes },
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
