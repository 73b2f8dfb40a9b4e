/**
 * iCalendar (RFC 5545) written by hand: the feeds need a handful of properties (VEVENT with UID,
 * DTSTAMP, DTSTART, DTEND, SUMMARY, STATUS, TRANSP), which is less code than a dependency.
 * Times are UTC (`…Z`), so no VTIMEZONE is needed; lines end in CRLF and are folded at 75 octets
 * (UTF-8 bytes, never inside a character); text values are escaped.
 */

export type IcsEvent = {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  /** when the event last changed (DTSTAMP) */
  stamp?: Date;
};

/** 20270105T090000Z */
export function icsTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** escapes a TEXT value: backslash, semicolon, comma, newline */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** folds one content line at 75 octets: the next lines start with a space */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // the leading space counts
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** a whole calendar */
export function icsCalendar(name: string, events: IcsEvent[], now = new Date()): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Totem//Venue//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(name)}`,
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${icsTime(e.stamp ?? now)}`,
      `DTSTART:${icsTime(e.start)}`,
      `DTEND:${icsTime(e.end)}`,
      `SUMMARY:${icsText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${icsText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${icsText(e.location)}`);
    lines.push(`STATUS:${e.status ?? 'CONFIRMED'}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/**
 * A space's occupancy without who: the periods where at least one booking holds it, each with
 * the number held (the most at once within it stays exact: a period is cut at every start and end).
 */
export function occupancyPeriods(
  ranges: { start: Date; end: Date }[],
): { start: Date; end: Date; held: number }[] {
  const points = new Map<number, number>();
  for (const r of ranges) {
    points.set(r.start.getTime(), (points.get(r.start.getTime()) ?? 0) + 1);
    points.set(r.end.getTime(), (points.get(r.end.getTime()) ?? 0) - 1);
  }
  const times = [...points.keys()].sort((a, b) => a - b);
  const periods: { start: Date; end: Date; held: number }[] = [];
  let held = 0;
  for (const [i, t] of times.entries()) {
    held += points.get(t) ?? 0;
    const next = times[i + 1];
    if (next === undefined || held <= 0) continue;
    const last = periods[periods.length - 1];
    if (last && last.held === held && last.end.getTime() === t) last.end = new Date(next);
    else periods.push({ start: new Date(t), end: new Date(next), held });
  }
  return periods;
}
