/**
 * Ingredients of the synthetic SIRENE sample: a seeded random source, weighted tables and word
 * lists. Every name is made up from common words;
 * no real company or person is reproduced.
 */

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Counter-based generator: the n-th draw is a hash of (key, n). Keying it by (seed, unit, month)
 * gives each unit its own stream, so unit 12 is the same in every month and in every file size.
 */
export class Rng {
  private readonly key: number;
  private counter = 0;

  constructor(...parts: number[]) {
    let h = 0x9747b28c;
    for (const p of parts) h = mix32(h ^ mix32(p));
    this.key = h;
  }

  /** uniform in [0, 1) */
  next(): number {
    this.counter++;
    return mix32(this.key ^ Math.imul(this.counter, 0x9e3779b9)) / 4294967296;
  }

  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

export class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    let sum = 0;
    this.items = entries.map(([item]) => item);
    this.cumulative = entries.map(([, weight]) => {
      sum += weight;
      return sum;
    });
    this.total = sum;
  }

  pick(rng: Rng): T {
    const target = rng.next() * this.total;
    let i = 0;
    while (i < this.cumulative.length - 1 && (this.cumulative[i] as number) <= target) i++;
    return this.items[i] as T;
  }
}

/** The ICT sector of DATA.md (INSEE's OECD-based list), most common codes weighted up. */
export const ICT_ACTIVITIES = new Weighted<string>([
  ['62.01Z', 30],
  ['62.02A', 14],
  ['62.02B', 2],
  ['62.03Z', 3],
  ['62.09Z', 10],
  ['63.11Z', 5],
  ['63.12Z', 4],
  ['58.21Z', 1],
  ['58.29A', 2],
  ['58.29B', 1],
  ['58.29C', 3],
  ['61.10Z', 1],
  ['61.20Z', 1],
  ['61.30Z', 0.5],
  ['61.90Z', 2],
  ['26.11Z', 1.5],
  ['26.12Z', 1],
  ['26.20Z', 1],
  ['26.30Z', 1],
  ['26.40Z', 0.5],
  ['26.80Z', 0.3],
  ['46.51Z', 2],
  ['46.52Z', 1.5],
  ['95.11Z', 2],
  ['95.12Z', 1],
]);

/** Outside the ICT list: codes staff may add (72.19Z, 47.91A/B, 26.60Z) and plain neighbours. */
export const OTHER_ACTIVITIES = new Weighted<string>([
  ['70.22Z', 8],
  ['71.12B', 5],
  ['72.19Z', 4],
  ['47.91A', 1],
  ['47.91B', 2],
  ['26.60Z', 1],
  ['73.11Z', 3],
  ['74.10Z', 3],
  ['69.20Z', 3],
  ['85.59A', 3],
  ['68.20B', 4],
  ['43.21A', 3],
  ['56.10A', 3],
  ['86.21Z', 2],
  ['82.99Z', 2],
  ['70.10Z', 2],
]);

/** NAF rév. 1 (2003) codes, as old closed establishments still carry them. */
export const NAF_REV1_ACTIVITIES = ['72.2A', '72.2C', '72.1Z', '72.3Z', '74.1G', '74.2C', '52.4N'];

export const LEGAL_CATEGORIES = new Weighted<string>([
  ['5710', 30], // SAS
  ['1000', 24], // sole trader (entrepreneur individuel)
  ['5499', 16], // SARL
  ['5720', 12], // SASU
  ['5498', 7], // EURL
  ['9220', 5], // declared association
  ['5599', 3], // SA with a board
  ['6540', 2], // SCI
  ['5202', 1], // SNC
]);

/** Employing bands in size order: a band change moves one step along this list. */
export const EMPLOYING_BANDS = [
  '00',
  '01',
  '02',
  '03',
  '11',
  '12',
  '21',
  '22',
  '31',
  '32',
  '41',
  '42',
  '51',
  '52',
  '53',
];

/** Legal-unit bands: unknown (empty / NN) is the commonest, as in the register. */
export const UNIT_BANDS = new Weighted<string>([
  ['', 22],
  ['NN', 30],
  ['00', 8],
  ['01', 12],
  ['02', 8],
  ['03', 5],
  ['11', 5],
  ['12', 4],
  ['21', 2],
  ['22', 1.5],
  ['31', 0.6],
  ['32', 0.8],
  ['41', 0.5],
  ['42', 0.35],
  ['51', 0.25],
  ['52', 0.15],
  ['53', 0.12],
]);

/** Secondary establishments are small whatever the unit's size. */
export const SECONDARY_BANDS = new Weighted<string>([
  ['', 15],
  ['NN', 20],
  ['00', 5],
  ['01', 12],
  ['02', 12],
  ['03', 10],
  ['11', 10],
  ['12', 8],
  ['21', 4],
  ['22', 2],
  ['31', 0.5],
  ['32', 0.5],
]);

export const STREET_TYPES = new Weighted<string>([
  ['RUE', 45],
  ['AV', 20],
  ['BD', 8],
  ['CHE', 7],
  ['PL', 5],
  ['ALL', 5],
  ['RTE', 4],
  ['IMP', 3],
  ['QUAI', 2],
  ['CRS', 1],
]);

export const STREET_NAMES = [
  'DES ALPES',
  'JEAN JAURES',
  'DE LA REPUBLIQUE',
  'DU VERCORS',
  'DE CHARTREUSE',
  'DE BELLEDONNE',
  'DES MARTYRS',
  'VICTOR HUGO',
  'DU GENERAL DE GAULLE',
  'DE LA LIBERATION',
  'DES PEUPLIERS',
  'DU STADE',
  'DE L INNOVATION',
  'DES SCIENCES',
  'PASTEUR',
  'LAVOISIER',
  'DE LA GARE',
  'DU MOULIN',
  'DES ECOLES',
  'DU PARC',
  'DE L ISERE',
  'DU DRAC',
  'DES GLAIRONS',
  'DE LA CHANTOURNE',
];

export const NAME_STEMS = [
  'ALPES',
  'DAUPHINE',
  'ISERE',
  'BELLEDONNE',
  'VERCORS',
  'CHARTREUSE',
  'NEO',
  'QUANTA',
  'SILICA',
  'OPTI',
  'NANO',
  'DATA',
  'CLOUD',
  'CYBER',
  'MICRO',
  'ROBO',
  'GEO',
  'HYDRO',
  'PIXEL',
  'LOGI',
  'SIGMA',
  'DELTA',
  'ORBIT',
  'CRISTAL',
];

export const NAME_ENDINGS = [
  'SOFT',
  'TECH',
  'SYSTEMES',
  'LOGICIEL',
  'CONSEIL',
  'INFORMATIQUE',
  'NUMERIQUE',
  'LABS',
  'DIGITAL',
  'ELECTRONIQUE',
  'SERVICES',
  'INGENIERIE',
  'RESEAUX',
  'SOLUTIONS',
];

export const SURNAMES = [
  'MARTIN',
  'BERNARD',
  'DUBOIS',
  'THOMAS',
  'ROBERT',
  'RICHARD',
  'PETIT',
  'DURAND',
  'LEROY',
  'MOREAU',
  'SIMON',
  'LAURENT',
  'MICHEL',
  'GARCIA',
  'ROUX',
  'FOURNIER',
  'GIRARD',
  'MERCIER',
  'BONNET',
  'FAURE',
  'BLANC',
  'GUERIN',
  'CHEVALIER',
  'PERRIN',
  'ROUSSEAU',
  'GAUTHIER',
];

export const GIVEN_NAMES: Record<'M' | 'F', readonly string[]> = {
  M: [
    'JEAN',
    'PIERRE',
    'MICHEL',
    'LUCAS',
    'HUGO',
    'THOMAS',
    'NICOLAS',
    'ANTOINE',
    'JULIEN',
    'PAUL',
  ],
  F: ['MARIE', 'ANNE', 'CLAIRE', 'LEA', 'CHLOE', 'CAMILLE', 'JULIE', 'SOPHIE', 'EMMA', 'LAURA'],
};
