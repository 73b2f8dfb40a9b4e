/** The growable typed arrays and numbered strings the search index is built of. */

/** strings numbered in the order they arrive */
export class Dictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
  find(value: string): number | undefined {
    return this.ids.get(value);
  }
  get size(): number {
    return this.values.length;
  }
}

/** a growable list of slots, each with a weight, in typed arrays */
export class Postings {
  slots = new Uint32Array(4);
  weights = new Uint8Array(4);
  length = 0;
  push(slot: number, weight: number): void {
    if (this.length === this.slots.length) {
      const slots = new Uint32Array(this.length * 2);
      slots.set(this.slots);
      this.slots = slots;
      const weights = new Uint8Array(this.length * 2);
      weights.set(this.weights);
      this.weights = weights;
    }
    this.slots[this.length] = slot;
    this.weights[this.length] = weight;
    this.length++;
  }
}

/**
 * Many growable lists of slots with a weight each, in two shared arrays: a list is three numbers
 * (where it starts, its length, its room), not an object and two arrays of its own, which would
 * cost some 300 bytes per list — per lexeme, and a million organisations have about a million.
 * A full list grows in place when it is the last one written, and otherwise moves to the end,
 * with twice its room; the space it leaves is not reused (at most as much as the lists hold).
 */
export class PostingLists {
  slots = new Uint32Array(1024);
  weights = new Uint8Array(1024);
  start = new Uint32Array(1024);
  length = new Uint32Array(1024);
  private room = new Uint32Array(1024);
  private used = 0;
  private count = 0;

  /** a new empty list, and its id (0, 1, 2…) */
  add(): number {
    const id = this.count++;
    this.start = grow(this.start, this.count);
    this.length = grow(this.length, this.count);
    this.room = grow(this.room, this.count);
    return id;
  }

  push(list: number, slot: number, weight: number): void {
    const n = this.length[list] as number;
    const room = this.room[list] as number;
    let at = this.start[list] as number;
    if (n === room) {
      const wanted = Math.max(2, room * 2);
      const last = at + room === this.used && room > 0;
      const from = at;
      if (!last) at = this.used;
      this.used = at + wanted;
      this.slots = grow(this.slots, this.used);
      this.weights = grow(this.weights, this.used);
      if (!last && n > 0) {
        this.slots.copyWithin(at, from, from + n);
        this.weights.copyWithin(at, from, from + n);
      }
      this.start[list] = at;
      this.room[list] = wanted;
    }
    this.slots[at + n] = slot;
    this.weights[at + n] = weight;
    this.length[list] = n + 1;
  }
}

/** `array`, or a copy at least `size` long (doubling), new entries set to `fill` */
export function grow<
  T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array,
>(array: T, size: number, fill = 0): T {
  if (array.length >= size) return array;
  const bigger = new (array.constructor as new (n: number) => T)(
    Math.max(size, array.length * 2, 1024),
  );
  bigger.set(array);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}

/** the counts above zero, by the dictionary's values */
export function counted(dictionary: Dictionary, counts: Int32Array): Record<string, number> {
  const out: Record<string, number> = {};
  counts.forEach((n, id) => {
    if (n > 0) out[dictionary.values[id] ?? ''] = n;
  });
  return out;
}
