/**
 * The lexemes of the index: each numbered as it first arrives, with the slots holding it and the
 * weight it has there, and found by prefix (a word typed is the start of the lexemes it matches).
 */

import { Dictionary, PostingLists } from './typed-lists.ts';

export class Lexicon {
  private readonly lexemes = new Dictionary();
  /** per lexeme id, the slots holding it and the weight it has there */
  readonly postings = new PostingLists();
  /** lexeme ids in lexeme order, for prefix ranges; rebuilt when a new lexeme arrives */
  private sorted: number[] | null = [];

  /** records that slot `slot` holds `lexeme` with weight code `weight` */
  add(lexeme: string, slot: number, weight: number): void {
    const before = this.lexemes.size;
    const id = this.lexemes.id(lexeme);
    if (id === before) {
      this.postings.add();
      this.sorted = null;
    }
    this.postings.push(id, slot, weight);
  }

  lexeme(id: number): string | undefined {
    return this.lexemes.values[id];
  }

  private order(): number[] {
    if (this.sorted === null) {
      const values = this.lexemes.values;
      this.sorted = values
        .map((_, i) => i)
        .sort((a, b) => ((values[a] ?? '') < (values[b] ?? '') ? -1 : 1));
    }
    return this.sorted;
  }

  /** the ids of the lexemes that start with `prefix` */
  startingWith(prefix: string): number[] {
    const order = this.order();
    const values = this.lexemes.values;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[order[mid] ?? 0] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < order.length; i++) {
      const id = order[i] ?? 0;
      if (!(values[id] ?? '').startsWith(prefix)) break;
      out.push(id);
    }
    return out;
  }
}
