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
