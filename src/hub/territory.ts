import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type Commune = { code: string; name: string; population: number | null };
export type Epci = { code: string; name: string; communes: Commune[]; population: number | null };

type RawEpci = {
  code: string;
  nom: string;
  populationMunicipale?: number;
  membres: { code: string; nom: string; populationMunicipale?: number }[];
};

let epciIndex: Map<string, RawEpci> | undefined;

/** The official geography (pinned package version): read once, on first use. */
function index(): Map<string, RawEpci> {
  if (!epciIndex) {
    const list = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];
    epciIndex = new Map(list.map((e) => [e.code, e]));
  }
  return epciIndex;
}

export function isKnownEpci(code: string): boolean {
  return index().has(code);
}

/** Resolves EPCI codes to their communes; unknown codes are returned apart. */
export function resolveTerritory(codes: readonly string[]): { epcis: Epci[]; unknown: string[] } {
  const epcis: Epci[] = [];
  const unknown: string[] = [];
  for (const code of codes) {
    const raw = index().get(code);
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
