import type { GridView } from './spaces.calendar.ts';
import { daysFrom } from './spaces.calendar.ts';

/**
 * The availability grid as the page draws it: the days as columns, the slots' times as rows (or
 * one row a day for a space booked by the day), each cell with its state in words. Built from
 * the booking engine's availability; pure.
 */

export type CellState = 'free' | 'taken' | 'closed' | 'past';
export type GridCell = { state: CellState; free: number; capacity: number };
export type GridModel = {
  unit: 'slot' | 'day';
  view: GridView;
  days: string[];
  /** the rows of a slot space: 'HH:MM' starts and ends, in order */
  times: { start: string; end: string }[];
  cell(day: string, start?: string): GridCell;
};

/** one slot (or day) as the engine describes it */
export type AvailabilityEntry = {
  day: string;
  /** 'HH:MM', absent for a day space */
  start?: string;
  end?: string;
  free: number;
  capacity: number;
  closed: boolean;
  past: boolean;
};

const CLOSED: GridCell = { state: 'closed', free: 0, capacity: 0 };

export function gridModel(
  unit: 'slot' | 'day',
  view: GridView,
  entries: readonly AvailabilityEntry[],
): GridModel {
  const byKey = new Map<string, GridCell>();
  const times = new Map<string, string>();
  for (const e of entries) {
    const state: CellState = e.closed ? 'closed' : e.past ? 'past' : e.free > 0 ? 'free' : 'taken';
    byKey.set(`${e.day} ${e.start ?? ''}`, { state, free: e.free, capacity: e.capacity });
    if (unit === 'slot' && e.start && e.end && !e.closed) times.set(e.start, e.end);
  }
  return {
    unit,
    view,
    days: daysFrom(view.from, view.to),
    times: [...times.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([start, end]) => ({ start, end })),
    cell: (day, start) => byKey.get(`${day} ${start ?? ''}`) ?? CLOSED,
  };
}
