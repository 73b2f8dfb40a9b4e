/**
 * The entries offset … offset + limit of `items` in the order `before` defines: a full sort for
 * deep pages, otherwise a heap of the best offset + limit, whose root is the worst of them.
 * `items` may be reordered.
 */
export function topEntries(
  items: number[] | Int32Array,
  before: (a: number, b: number) => boolean,
  offset: number,
  limit: number,
): number[] {
  const compare = (a: number, b: number) => (before(a, b) ? -1 : before(b, a) ? 1 : 0);
  const wanted = offset + limit;
  if (wanted >= items.length || wanted > 5000) {
    items.sort(compare);
    return Array.from(items.slice(offset, wanted));
  }
  const heap: number[] = [];
  const worse = (a: number, b: number) => before(b, a);
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i] ?? 0, heap[parent] ?? 0)) break;
      [heap[i], heap[parent]] = [heap[parent] ?? 0, heap[i] ?? 0];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && worse(heap[l] ?? 0, heap[top] ?? 0)) top = l;
      if (r < heap.length && worse(heap[r] ?? 0, heap[top] ?? 0)) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top] ?? 0, heap[i] ?? 0];
      i = top;
    }
  };
  for (let i = 0; i < items.length; i++) {
    const s = items[i] as number;
    if (heap.length < wanted) {
      heap.push(s);
      up(heap.length - 1);
    } else if (before(s, heap[0] ?? 0)) {
      heap[0] = s;
      down(0);
    }
  }
  heap.sort(compare);
  return heap.slice(offset, wanted);
}
