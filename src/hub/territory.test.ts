import { beforeEach, describe, expect, it, vi } from 'vitest';

/** how many times the official list was read from its file */
const reads = vi.hoisted(() => ({ epci: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((file: string, ...rest: unknown[]) => {
    if (String(file).endsWith('epci.json')) reads.epci++;
    return (fs.readFileSync as (...args: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

const GRENOBLE = '200040715';
const VILLEFRANCHE = '200040590';

describe('resolveTerritory', () => {
  beforeEach(() => {
    vi.resetModules();
    reads.epci = 0;
  });

  it('resolves EPCI codes to their communes and returns unknown codes apart', async () => {
    const { resolveTerritory } = await import('./territory.ts');
    const { epcis, unknown } = resolveTerritory([GRENOBLE, '999999999']);
    expect(unknown).toEqual(['999999999']);
    expect(epcis).toHaveLength(1);
    expect(epcis[0]?.name).toBe('Grenoble-Alpes-Métropole');
    expect(epcis[0]?.communes).toHaveLength(49);
    expect(epcis[0]?.communes.map((c) => c.name)).toContain('Échirolles');
    expect(epcis[0]?.population).toBeGreaterThan(400_000);
  });

  it('reads the official list again only for a code never asked', async () => {
    const { resolveTerritory } = await import('./territory.ts');
    resolveTerritory([GRENOBLE, '999999999']);
    resolveTerritory([GRENOBLE]);
    expect(resolveTerritory(['999999999']).unknown).toEqual(['999999999']);
    expect(reads.epci).toBe(1);
    const both = resolveTerritory([VILLEFRANCHE, GRENOBLE]);
    expect(both.epcis.map((e) => e.code)).toEqual([VILLEFRANCHE, GRENOBLE]);
    expect(reads.epci).toBe(2);
  });
});
