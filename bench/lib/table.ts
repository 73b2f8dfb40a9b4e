export type Cell = string | number | null | undefined;

function show(cell: Cell): string {
  if (cell === null || cell === undefined) return '–';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return '–';
    if (Number.isInteger(cell)) return cell.toLocaleString('en');
    return Math.abs(cell) >= 100
      ? cell.toFixed(0)
      : Math.abs(cell) >= 10
        ? cell.toFixed(1)
        : cell.toFixed(2);
  }
  return cell;
}

/** A plain-text table: text columns left-aligned, numbers right-aligned. */
export function formatTable(title: string, headers: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map(show));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((r) => typeof r[i] !== 'string'));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [`\n${title}`, line(headers), rule, ...text.map(line)].join('\n');
}
