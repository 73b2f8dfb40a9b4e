/**
 * A projection of an objective's value to its deadline, with the method that made it. Pure: the
 * page writes the method next to the figure.
 */
export type HistoryPoint = { on: string; value: number };

export type Projection =
  | {
      method: 'least_squares';
      /** the straight line's value on the deadline (never below 0) */
      value: number;
      on: string;
      points: number;
      /** change per year of the fitted line */
      perYear: number;
    }
  | { method: 'deadline_passed'; on: string; valueAtDeadline: number | null; points: number }
  | { method: 'insufficient'; points: number };

const DAY_MS = 86_400_000;
const days = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/**
 * Ordinary least squares over (date, value) of the history, extrapolated to the deadline. Needs
 * two points on different dates. When the deadline is already behind the data, no line is drawn:
 * the value observed at the last import on or before the deadline is given instead.
 */
export function project(history: HistoryPoint[], deadline: string): Projection {
  const points = history.filter((p) => Number.isFinite(days(p.on)));
  const last = points.at(-1);
  if (last && last.on >= deadline) {
    const before = points.filter((p) => p.on <= deadline).at(-1);
    return {
      method: 'deadline_passed',
      on: deadline,
      valueAtDeadline: before ? before.value : null,
      points: points.length,
    };
  }
  const xs = points.map((p) => days(p.on));
  if (points.length < 2 || new Set(xs).size < 2) {
    return { method: 'insufficient', points: points.length };
  }
  const n = points.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = points.reduce((a, p) => a + p.value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  points.forEach((p, i) => {
    const dx = (xs[i] as number) - mx;
    sxy += dx * (p.value - my);
    sxx += dx * dx;
  });
  const slope = sxy / sxx;
  const value = Math.max(0, my + slope * (days(deadline) - mx));
  return {
    method: 'least_squares',
    value: Math.round(value * 10) / 10,
    on: deadline,
    points: n,
    perYear: Math.round(slope * 365.25 * 100) / 100,
  };
}
