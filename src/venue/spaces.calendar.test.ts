import { describe, expect, it } from 'vitest';
import { gridView, isoWeek, parisToday, weekMonday } from './spaces.calendar.ts';

describe('the grid’s calendar', () => {
  it('names ISO weeks, including those whose year is not their Monday’s', () => {
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(weekMonday('2027-W01')).toBe('2027-01-04');
    expect(weekMonday('2026-W53')).toBe('2026-12-28');
    expect(weekMonday('2027-W53')).toBeNull();
    expect(weekMonday('2027-W00')).toBeNull();
  });

  it('reads a day, a week, or falls back to this week on a bad address', () => {
    expect(gridView({ jour: '2027-03-28' }, '2027-01-06')).toEqual({
      kind: 'day',
      day: '2027-03-28',
      from: '2027-03-28',
      to: '2027-03-29',
    });
    expect(gridView({ semaine: '2027-W13' }, '2027-01-06')).toMatchObject({
      from: '2027-03-29',
      to: '2027-04-05',
    });
    expect(gridView({ semaine: 'x', jour: '2027-02-30' }, '2027-01-06')).toMatchObject({
      kind: 'week',
      week: '2027-W01',
      from: '2027-01-04',
    });
  });

  it('takes today in Paris, not in UTC', () => {
    expect(parisToday(new Date('2027-06-30T22:30:00Z'))).toBe('2027-07-01');
  });
});
