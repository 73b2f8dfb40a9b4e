/**
 * INSEE headcount bands (`trancheEffectifs…`): salaried staff at 31 December of the band's year.
 * `NN` (non-employer unit) and an empty value both mean "unknown", never 0 — which is why they
 * have no entry here and the readers turn them into null.
 */

export interface HeadcountBand {
  code: string;
  /** smallest salaried headcount in the band */
  min: number;
  /** largest, or null for the open-ended top band */
  max: number | null;
}

const BANDS: readonly HeadcountBand[] = [
  // 00: nobody on the payroll at 31/12, though the unit employed staff during the year
  { code: '00', min: 0, max: 0 },
  { code: '01', min: 1, max: 2 },
  { code: '02', min: 3, max: 5 },
  { code: '03', min: 6, max: 9 },
  { code: '11', min: 10, max: 19 },
  { code: '12', min: 20, max: 49 },
  { code: '21', min: 50, max: 99 },
  { code: '22', min: 100, max: 199 },
  { code: '31', min: 200, max: 249 },
  { code: '32', min: 250, max: 499 },
  { code: '41', min: 500, max: 999 },
  { code: '42', min: 1000, max: 1999 },
  { code: '51', min: 2000, max: 4999 },
  { code: '52', min: 5000, max: 9999 },
  { code: '53', min: 10000, max: null },
];

/** Every band that states a headcount, smallest first. */
export const HEADCOUNT_BANDS: readonly HeadcountBand[] = BANDS;

/** The band codes the files may hold, `NN` included (an empty value is the other unknown). */
export const HEADCOUNT_CODES: readonly string[] = ['NN', ...BANDS.map((b) => b.code)];

const BY_CODE = new Map(BANDS.map((b) => [b.code, b]));

/** The band for a code, or null for `NN`, empty, null or a code INSEE does not publish. */
export function headcountBand(code: string | null | undefined): HeadcountBand | null {
  return code ? (BY_CODE.get(code) ?? null) : null;
}
