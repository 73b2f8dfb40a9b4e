import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const EPCI_FILE = createRequire(import.meta.url).resolve(
  '@etalab/decoupage-administratif/data/epci.json',
);

export type Commune = { code: string; name: string; population: number | null };
export type Epci = { code: string; name: string; communes: Commune[]; population: number | null };

type RawEpci = {
  code: string;
  nom: string;
  populationMunicipale?: number;
  membres: { code: string; nom: string; populationMunicipale?: number }[];
};

/**
 * The EPCIs asked for so far, by code (null: a code the geography does not know). The official
 * list (pinned package version) has every EPCI of France and weighs about 6 MB once parsed, while a
 * hub's territory is a handful of them: it is read when a code is asked for the first time, the
 * EPCIs asked for are kept, and the rest is left to the garbage collector.
 */
const asked = new Map<string, RawEpci | null>();
/** past this many codes the memory starts again (only staff type codes in) */
const MAX_ASKED = 1_000;

function lookUp(codes: readonly string[]): Map<string, RawEpci | null> {
  const missing = new Set(codes.filter((code) => !asked.has(code)));
  if (missing.size === 0) return asked;
  if (asked.size + missing.size > MAX_ASKED) asked.clear();
  const list = JSON.parse(readFileSync(EPCI_FILE, 'utf8')) as RawEpci[];
  for (const epci of list) if (missing.has(epci.code)) asked.set(epci.code, epci);
  for (const code of missing) if (!asked.has(code)) asked.set(code, null);
  return asked;
}

/** Resolves EPCI codes to their communes; unknown codes are returned apart. */
export function resolveTerritory(codes: readonly string[]): { epcis: Epci[]; unknown: string[] } {
  const epcis: Epci[] = [];
  const unknown: string[] = [];
  const found = lookUp(codes);
  for (const code of codes) {
    const raw = found.get(code);
    if (!raw) {
      unknown.push(code);
      continue;
    }
    epcis.push({
      code: raw.code,
      name: raw.nom,
      population: raw.populationMunicipale ?? null,
      communes: raw.membres.map((m) => ({
        code: m.code,
        name: m.nom,
        population: m.populationMunicipale ?? null,
      })),
    });
  }
  return { epcis, unknown };
}
