import type { MemoryIndex } from './memory-index.ts';

/** an organisation that changed, with its neighbours among those that did not (null at an end) */
export type Placement = { doc: number; prev: number | null; next: number | null };

/**
 * Places organisations that changed in the index's name order: `rows`, in the database's name
 * order, each between its unchanged neighbours; those sharing the same neighbours are spread
 * evenly between them. Returns false when two places could no longer be told apart (the order
 * should then be read again).
 */
export function placeInNameOrder(index: MemoryIndex, rows: readonly Placement[]): boolean {
  let distinct = true;
  for (let i = 0; i < rows.length; ) {
    const first = rows[i] as Placement;
    let j = i + 1;
    while (j < rows.length && rows[j]?.prev === first.prev && rows[j]?.next === first.next) j++;
    const m = j - i;
    const prev = first.prev === null ? undefined : index.rankOf(first.prev);
    const next = first.next === null ? undefined : index.rankOf(first.next);
    const lo = prev ?? (next !== undefined ? next - (m + 1) : 0);
    const hi = next ?? lo + m + 1;
    for (let k = 0; k < m; k++) {
      const rank = lo + ((hi - lo) * (k + 1)) / (m + 1);
      if (!(rank > lo && rank < hi)) distinct = false;
      index.setRank((rows[i + k] as Placement).doc, rank);
    }
    i = j;
  }
  return distinct;
}
