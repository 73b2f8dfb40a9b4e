import { describe, expect, it } from 'vitest';
import { jobsFigure } from './chart-data.ts';
import { type Indicators, jobsFigureOutdated, jobsFigures } from './compute.service.ts';

const territory = {
  low: '120',
  high: '300',
  open_top: 0,
  known: 4,
  establishments: 9,
  min_year: 2022,
  max_year: 2024,
};

describe('the jobs figure', () => {
  it('heads with the latest import’s point, the bands’ years from the establishments', () => {
    const jobs = jobsFigures(
      [
        { on: '2025-01-31', low: '100', high: '250', open_top: 0, known: 3 },
        { on: '2025-02-28', low: '10050', high: '10099', open_top: 1, known: 2 },
      ],
      territory,
    );
    expect(jobs.now).toEqual({
      on: '2025-02-28',
      low: 10050,
      high: 10099,
      openTop: 1,
      known: 2,
      minYear: 2022,
      maxYear: 2024,
    });
    expect(jobs.openEstablishments).toBe(9);
    // shown: no upper bound where an open-ended band counts
    expect(jobsFigure(jobs).points.map((p) => p.high)).toEqual([250, null]);
    expect(jobsFigure(jobs).headline).toMatchObject({ on: '2025-02-28', low: 10050, high: null });
  });

  it('before any import, reads the establishments as they are, undated', () => {
    const jobs = jobsFigures([], territory);
    expect(jobs.now).toMatchObject({ on: null, low: 120, high: 300 });
    expect(jobsFigure(jobs).headline).toMatchObject({ on: null, low: 120, high: 300 });
  });

  it('knows figures stored before the headline had a date, to compute them again', () => {
    const stored = (now: unknown) =>
      ({ jobs: { history: [], now, openEstablishments: 0 } }) as unknown as Indicators;
    expect(jobsFigureOutdated(stored({ low: 1, high: 0, openTop: 1, known: 1 }))).toBe(true);
    expect(jobsFigureOutdated(stored({ on: null, low: 1, high: 1, openTop: 0, known: 1 }))).toBe(
      false,
    );
    expect(jobsFigureOutdated(stored(null))).toBe(false);
    expect(jobsFigureOutdated(undefined)).toBe(false);
  });
});
