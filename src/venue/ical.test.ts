import { describe, expect, it } from 'vitest';
import { foldLine, icsCalendar, icsText, icsTime, occupancyPeriods } from './ical.ts';

describe('iCalendar, written by hand', () => {
  it('folds lines at 75 octets without cutting a character, and ends every line in CRLF', () => {
    const long = `SUMMARY:${'Salle Belledonne — réunion d’équipe '.repeat(6)}`;
    const folded = foldLine(long);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(long);
    const calendar = icsCalendar('Agenda', [
      {
        uid: 'a@totem',
        start: new Date('2027-01-05T09:00:00Z'),
        end: new Date('2027-01-05T10:00:00Z'),
        summary: long,
      },
    ]);
    expect(calendar.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(calendar.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('writes UTC times and escapes text', () => {
    expect(icsTime(new Date('2027-03-28T01:30:00.000Z'))).toBe('20270328T013000Z');
    expect(icsText('a, b; c\\d\ne')).toBe('a\\, b\\; c\\\\d\\ne');
  });

  it('turns bookings into occupied periods with how many places are held, and no one’s name', () => {
    const at = (h: number) => new Date(Date.UTC(2027, 0, 5, h));
    const periods = occupancyPeriods([
      { start: at(9), end: at(11) },
      { start: at(10), end: at(12) },
      { start: at(12), end: at(13) },
    ]);
    expect(periods.map((p) => [p.start.getUTCHours(), p.end.getUTCHours(), p.held])).toEqual([
      [9, 10, 1],
      [10, 11, 2],
      [11, 13, 1],
    ]);
  });
});
