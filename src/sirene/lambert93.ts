/**
 * Lambert-93 (EPSG:2154) ⇄ WGS84, the Lambert Conformal Conic with two standard parallels on
 * the GRS80 ellipsoid, as given by the proj4 string INSEE's coordinates follow:
 *   +proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80
 *   +towgs84=0,0,0,0,0,0,0
 * RGF93 and WGS84 differ by less than a metre, hence the null datum shift. Formulas: Snyder,
 * "Map Projections — A Working Manual" (USGS 1395), §15. Written here rather than pulling proj4
 * in: the projection is fixed and fits in a few lines.
 */

const DEG = Math.PI / 180;
const A = 6378137; // GRS80 semi-major axis, metres
const FLATTENING = 1 / 298.257222101;
const E = Math.sqrt(2 * FLATTENING - FLATTENING * FLATTENING); // first eccentricity
const LAMBDA0 = 3 * DEG;
const X0 = 700000;
const Y0 = 6600000;

/** Snyder (14-15): m = cos φ / √(1 − e² sin² φ) */
function m(phi: number): number {
  const s = Math.sin(phi);
  return Math.cos(phi) / Math.sqrt(1 - E * E * s * s);
}

/** Snyder (15-9): t = tan(π/4 − φ/2) / ((1 − e sin φ)/(1 + e sin φ))^(e/2) */
function t(phi: number): number {
  const es = E * Math.sin(phi);
  return Math.tan(Math.PI / 4 - phi / 2) / ((1 - es) / (1 + es)) ** (E / 2);
}

const PHI0 = 46.5 * DEG;
const PHI1 = 49 * DEG;
const PHI2 = 44 * DEG;
const N = (Math.log(m(PHI1)) - Math.log(m(PHI2))) / (Math.log(t(PHI1)) - Math.log(t(PHI2)));
const AF = (A * m(PHI1)) / (N * t(PHI1) ** N); // a·F of Snyder (15-10)
const RHO0 = AF * t(PHI0) ** N;

export interface LonLat {
  longitude: number;
  latitude: number;
}

/** Lambert-93 metres → WGS84 degrees (inverse projection, Snyder 15-11 and 7-9). */
export function lambert93ToWgs84(x: number, y: number): LonLat {
  const dx = x - X0;
  const dy = RHO0 - (y - Y0);
  const rho = Math.hypot(dx, dy); // n > 0 for this projection, so ρ takes the sign +
  const theta = Math.atan2(dx, dy);
  const tt = (rho / AF) ** (1 / N);
  // φ appears on both sides of (7-9): iterate from the spherical guess; converges in ~5 steps
  let phi = Math.PI / 2 - 2 * Math.atan(tt);
  for (let i = 0; i < 20; i++) {
    const es = E * Math.sin(phi);
    const next = Math.PI / 2 - 2 * Math.atan(tt * ((1 - es) / (1 + es)) ** (E / 2));
    const done = Math.abs(next - phi) < 1e-12;
    phi = next;
    if (done) break;
  }
  return { longitude: (theta / N + LAMBDA0) / DEG, latitude: phi / DEG };
}

/** WGS84 degrees → Lambert-93 metres (forward projection, Snyder 15-1 to 15-3). */
export function wgs84ToLambert93(longitude: number, latitude: number): { x: number; y: number } {
  const rho = AF * t(latitude * DEG) ** N;
  const theta = N * (longitude * DEG - LAMBDA0);
  return { x: X0 + rho * Math.sin(theta), y: Y0 + RHO0 - rho * Math.cos(theta) };
}
