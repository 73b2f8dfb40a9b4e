/**
 * Where the sample puts establishments: the hub's territory (the communes of the two EPCIs, read
 * from the pinned @etalab/decoupage-administratif), a few big cities, and one overseas commune.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { wgs84ToLambert93 } from '../lambert93.ts';
import { mix32 } from './data.ts';

export interface Place {
  code: string;
  name: string;
  postcodes: readonly string[];
  /** centre and spread of the synthetic positions, in the coordinate system INSEE uses there */
  x: number;
  y: number;
  spread: number;
  weight: number;
}

/** Where the Grenoble territory's positions are kept (Lambert-93 metres). */
export const GRENOBLE_BOX = { minX: 905000, maxX: 935000, minY: 6440000, maxY: 6475000 };
const GRENOBLE_CENTRE = { x: 913500, y: 6458000 };

/** The two EPCIs of the hub's territory: Grenoble-Alpes-Métropole, CC Le Grésivaudan. */
export const TERRITORY_EPCIS = ['200040715', '200018166'];

interface RawEpci {
  code: string;
  membres: { code: string; nom: string; populationMunicipale?: number }[];
}
interface RawCommune {
  code: string;
  type: string;
  codesPostaux?: string[];
}

/**
 * SIRENE spells commune names in capitals without accents. The round trip through latin1 matters
 * for speed: V8 keeps the result of normalize() as a two-byte string even once it is plain
 * ASCII, and one such name makes every row it joins two-byte — slower to build and to encode.
 */
export function sireneName(name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase();
  return /^[\x20-\x7e]*$/.test(plain) ? Buffer.from(plain, 'latin1').toString('latin1') : plain;
}

let territory: Place[] | undefined;

/**
 * The territory's communes, weighted by population. The package has no coordinates, so each
 * commune gets a made-up centre inside the Grenoble box (only Grenoble's is real): positions are
 * plausible for a map of the area, not true to any address.
 */
export function territoryPlaces(): Place[] {
  if (territory) return territory;
  const require = createRequire(import.meta.url);
  const epcis = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];
  // read, not required: require() would keep the 8 MB file in its cache for the process's life
  const communesPath = require.resolve('@etalab/decoupage-administratif/data/communes.json');
  const communes = JSON.parse(readFileSync(communesPath, 'utf8')) as RawCommune[];
  const postcodes = new Map<string, string[]>();
  for (const c of communes) {
    if (c.type === 'commune-actuelle' && c.codesPostaux) postcodes.set(c.code, c.codesPostaux);
  }
  const { minX, maxX, minY, maxY } = GRENOBLE_BOX;
  territory = epcis
    .filter((e) => TERRITORY_EPCIS.includes(e.code))
    .flatMap((e) => e.membres)
    .map((m): Place => {
      const h = mix32(Number(m.code.replace(/\D/g, '')));
      const grenoble = m.code === '38185';
      return {
        code: m.code,
        name: sireneName(m.nom),
        postcodes: postcodes.get(m.code) ?? [],
        x: grenoble ? GRENOBLE_CENTRE.x : minX + 3000 + (h % (maxX - minX - 6000)),
        y: grenoble ? GRENOBLE_CENTRE.y : minY + 3000 + (mix32(h) % (maxY - minY - 6000)),
        spread: grenoble ? 2500 : 1200,
        weight: m.populationMunicipale ?? 1000,
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  return territory;
}

/** A share of establishments sits elsewhere: big cities and neighbouring prefectures. */
const ELSEWHERE_CITIES: [string, string, string, number, number, number][] = [
  ['75108', 'PARIS 8', '75008', 2.3125, 48.8727, 30],
  ['69383', 'LYON 3EME', '69003', 4.8518, 45.7597, 15],
  ['13201', 'MARSEILLE 1ER', '13001', 5.3841, 43.2999, 6],
  ['31555', 'TOULOUSE', '31000', 1.4442, 43.6047, 8],
  ['44109', 'NANTES', '44000', -1.5536, 47.2184, 6],
  ['59350', 'LILLE', '59000', 3.0573, 50.6292, 5],
  ['33063', 'BORDEAUX', '33000', -0.5792, 44.8378, 5],
  ['73065', 'CHAMBERY', '73000', 5.9178, 45.5646, 5],
  ['74010', 'ANNECY', '74000', 6.1294, 45.8992, 5],
  ['26362', 'VALENCE', '26000', 4.8924, 44.9334, 4],
];

export const ELSEWHERE: Place[] = ELSEWHERE_CITIES.map(([code, name, postcode, lon, lat, w]) => ({
  code,
  name,
  postcodes: [postcode],
  ...wgs84ToLambert93(lon, lat),
  spread: 2000,
  weight: w,
}));

/** Overseas rows carry coordinates in a local projection (here UTM 40S for La Réunion). */
export const OVERSEAS: Place = {
  code: '97411',
  name: 'SAINT-DENIS',
  postcodes: ['97400'],
  x: 338500,
  y: 7690500,
  spread: 1500,
  weight: 1,
};
