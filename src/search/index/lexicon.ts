/**
 * The lexemes of the index: each numbered as it first arrives, with the slots holding it and the
 * weight it has there, and found by prefix (a word typed is the start of the lexemes it matches).
 *
 * The prefix ranges come from the lexemes in lexeme order. Sorting them all again for each new
 * one froze the process (0.4 s at 150 000 lexemes, 1.7 s at 656 000) at the first search after an
 * edit that brought a new word. Instead, new lexemes wait unsorted until a lookup (or the
 * builder) settles them: they are sorted among themselves and merged into a short sorted side
 * list; when that list outgrows SIDE_MAX, it is merged into the main order in one pass from the
 * end (a binary search per lexeme merged and one move of the main order: about 1 ms at a million
 * lexemes, 1.5 ms at two; a side list of 1024 took 3 to 20 ms). A lookup reads a range of each
 * list.
 */

import { Dictionary, grow, PostingLists } from './typed-lists.ts';

/** the most lexemes the side list holds before it is merged into the main order */
const SIDE_MAX = 256;

export class Lexicon {
  private readonly lexemes = new Dictionary();
  /** per lexeme id, the slots holding it and the weight it has there */
  readonly postings = new PostingLists();
  /** ids of lexemes in lexeme order: the main order, its first `ordered` entries */
  private order = new Int32Array(0);
  private ordered = 0;
  /** ids of lexemes settled since the main order was last merged, in lexeme order */
  private side: number[] = [];
  /** how many times the main order was rewritten (each one moves every lexeme once) */
  private merges = 0;
  /** ids of lexemes not settled yet, in arrival order */
  private fresh: number[] = [];

  /** records that slot `slot` holds `lexeme` with weight code `weight` */
  add(lexeme: string, slot: number, weight: number): void {
    const before = this.lexemes.size;
    const id = this.lexemes.id(lexeme);
    if (id === before) {
      this.postings.add();
      this.fresh.push(id);
    }
    this.postings.push(id, slot, weight);
  }

  /** how many times the whole order of lexemes was rewritten: a new word alone never does it */
  get orderRewrites(): number {
    return this.merges;
  }

  lexeme(id: number): string | undefined {
    return this.lexemes.values[id];
  }

  /**
   * Places the lexemes that arrived since the last call in lexeme order. A lookup does it first;
   * the index's builder calls it after each batch, so that the work is spread over the build.
   */
  settle(): void {
    if (this.fresh.length === 0) return;
    const values = this.lexemes.values;
    const fresh = this.fresh.sort((a, b) =>
      (values[a] as string) < (values[b] as string) ? -1 : 1,
    );
    this.fresh = [];
    const side = mergeSorted(this.side, fresh, values);
    if (side.length <= SIDE_MAX) {
      this.side = side;
      return;
    }
    this.side = [];
    this.mergeIntoOrder(side);
  }

  /**
   * Merges `sorted` into the main order, from the end: each id, from the last, goes after the
   * ids of lexemes before it, and the ids of the lexemes after it (not yet moved) move up by as
   * many places as there are ids of `sorted` up to it. Every id of the main order moves once.
   */
  private mergeIntoOrder(sorted: readonly number[]): void {
    this.merges++;
    const values = this.lexemes.values;
    const n = this.ordered;
    this.order = grow(this.order, n + sorted.length);
    const order = this.order;
    let end = n;
    for (let i = sorted.length - 1; i >= 0; i--) {
      const id = sorted[i] as number;
      const lexeme = values[id] as string;
      let lo = 0;
      let hi = end;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((values[order[mid] as number] as string) < lexeme) lo = mid + 1;
        else hi = mid;
      }
      order.copyWithin(lo + i + 1, lo, end);
      order[lo + i] = id;
      end = lo;
    }
    this.ordered = n + sorted.length;
  }

  /** the ids of the lexemes that start with `prefix` */
  startingWith(prefix: string): number[] {
    this.settle();
    const out: number[] = [];
    collect(this.order, this.ordered, this.lexemes.values, prefix, out);
    collect(this.side, this.side.length, this.lexemes.values, prefix, out);
    return out;
  }
}

/** `a` and `b`, ids of lexemes each in lexeme order, as one list in lexeme order */
function mergeSorted(a: readonly number[], b: readonly number[], values: readonly string[]) {
  if (a.length === 0) return b as number[];
  const out: number[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if ((values[x] as string) < (values[y] as string)) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = y;
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}

/** adds to `out` the ids among the first `n` of `ids` (in lexeme order) that start with `prefix` */
function collect(
  ids: ArrayLike<number>,
  n: number,
  values: readonly string[],
  prefix: string,
  out: number[],
): void {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[ids[mid] as number] as string) < prefix) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < n; i++) {
    const id = ids[i] as number;
    if (!(values[id] as string).startsWith(prefix)) break;
    out.push(id);
  }
}
