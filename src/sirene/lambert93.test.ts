import { describe, expect, it } from 'vitest';
import { lambert93ToWgs84, wgs84ToLambert93 } from './lambert93.ts';
import { Rng } from './sample/data.ts';

describe('Lambert-93 ⇄ WGS84', () => {
  it('puts (913500, 6458000) in central Grenoble, 5.719 °E 45.188 °N (DATA.md)', () => {
    const { longitude, latitude } = lambert93ToWgs84(913500, 6458000);
    expect(longitude.toFixed(3)).toBe('5.719');
    expect(latitude.toFixed(3)).toBe('45.188');
  });

  it('maps the false origin to the projection centre (3 °E, 46.5 °N)', () => {
    const { longitude, latitude } = lambert93ToWgs84(700000, 6600000);
    expect(longitude).toBeCloseTo(3, 9);
    expect(latitude).toBeCloseTo(46.5, 9);
  });

  it('agrees with published Lambert-93 positions to a few metres', () => {
    // Paris, Notre-Dame square (IGN's usual example): about (652 470, 6 862 035)
    const paris = wgs84ToLambert93(2.3522, 48.8566);
    expect(paris.x).toBeCloseTo(652469, -1);
    expect(paris.y).toBeCloseTo(6862035, -1);
  });

  it('inverts the forward projection everywhere in mainland France (seeded property)', () => {
    const rng = new Rng(93);
    for (let i = 0; i < 1000; i++) {
      const lon = -5 + rng.next() * 14.5;
      const lat = 41.3 + rng.next() * 9.8;
      const { x, y } = wgs84ToLambert93(lon, lat);
      const back = lambert93ToWgs84(x, y);
      expect(Math.abs(back.longitude - lon)).toBeLessThan(1e-9);
      expect(Math.abs(back.latitude - lat)).toBeLessThan(1e-9);
    }
  });
});
