/**
 * The fields, communes, tags and labels of every slot of the index (ids in their dictionaries), one slot
 * after another in one shared array: no array per organisation. Per slot, where its values start
 * and how many of each it holds, a byte each: WIDE in a byte means that the slot's counts are kept
 * apart (few organisations have 255 values of a kind, and any number works).
 */

import { grow } from './typed-lists.ts';

const WIDE = 255;

type Counts = { fields: number; communes: number; tags: number; labels: number };

export class SlotValues {
  /** every slot's fields, then its communes, then its tags, then its labels */
  pool = new Uint32Array(0);
  private used = 0;
  /** where each slot's values start in `pool` */
  start = new Uint32Array(0);
  private fieldCount = new Uint8Array(0);
  private communeCount = new Uint8Array(0);
  private tagCount = new Uint8Array(0);
  private labelCount = new Uint8Array(0);
  private readonly wide = new Map<number, Counts>();

  /** records the values of slot `s`, a new slot */
  put(
    s: number,
    fields: readonly number[],
    communes: readonly number[],
    tags: readonly number[],
    labels: readonly number[] = [],
  ) {
    const n = s + 1;
    this.start = grow(this.start, n);
    this.fieldCount = grow(this.fieldCount, n);
    this.communeCount = grow(this.communeCount, n);
    this.tagCount = grow(this.tagCount, n);
    this.labelCount = grow(this.labelCount, n);
    const lists = [fields, communes, tags, labels];
    this.pool = grow(
      this.pool,
      lists.reduce((used, list) => used + list.length, this.used),
    );
    this.start[s] = this.used;
    const wide = lists.some((list) => list.length >= WIDE);
    this.fieldCount[s] = wide ? WIDE : fields.length;
    this.communeCount[s] = wide ? WIDE : communes.length;
    this.tagCount[s] = wide ? WIDE : tags.length;
    this.labelCount[s] = wide ? WIDE : labels.length;
    if (wide) {
      this.wide.set(s, {
        fields: fields.length,
        communes: communes.length,
        tags: tags.length,
        labels: labels.length,
      });
    }
    for (const list of lists) {
      for (const id of list) this.pool[this.used++] = id;
    }
  }

  /** forgets what is kept apart for slot `s` (a dead slot is never read again) */
  forget(s: number): void {
    this.wide.delete(s);
  }

  /** how many fields slot `s` holds (its first values) */
  fieldsOf(s: number): number {
    const n = this.fieldCount[s] as number;
    return n === WIDE ? (this.wide.get(s)?.fields ?? 0) : n;
  }

  /** how many communes slot `s` holds (after its fields) */
  communesOf(s: number): number {
    const n = this.communeCount[s] as number;
    return n === WIDE ? (this.wide.get(s)?.communes ?? 0) : n;
  }

  /** how many tags slot `s` holds (after its communes) */
  tagsOf(s: number): number {
    const n = this.tagCount[s] as number;
    return n === WIDE ? (this.wide.get(s)?.tags ?? 0) : n;
  }

  /** how many labels slot `s` holds (after its tags) */
  labelsOf(s: number): number {
    const n = this.labelCount[s] as number;
    return n === WIDE ? (this.wide.get(s)?.labels ?? 0) : n;
  }
}
