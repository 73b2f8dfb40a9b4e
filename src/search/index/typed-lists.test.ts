import { describe, expect, it } from 'vitest';
import { PostingLists } from './typed-lists.ts';

function contents(lists: PostingLists, id: number): [number, number][] {
  const from = lists.start[id] as number;
  const out: [number, number][] = [];
  for (let i = from; i < from + (lists.length[id] as number); i++) {
    out.push([lists.slots[i] as number, lists.weights[i] as number]);
  }
  return out;
}

describe('posting lists in shared arrays', () => {
  it('keeps every list whole while lists grow in turns and move past each other', () => {
    const lists = new PostingLists();
    const expected: [number, number][][] = [];
    // a fixed pseudo-random sequence: lists written in turns, some far more than others
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let step = 0; step < 20_000; step++) {
      if (expected.length === 0 || next() % 10 === 0) {
        expect(lists.add()).toBe(expected.length);
        expected.push([]);
      }
      const id = next() % expected.length;
      const entry: [number, number] = [step, next() % 4];
      lists.push(id, entry[0], entry[1]);
      expected[id]?.push(entry);
    }
    expect(expected.length).toBeGreaterThan(1000);
    for (let id = 0; id < expected.length; id++) expect(contents(lists, id)).toEqual(expected[id]);
  });

  it('has empty lists that read as nothing', () => {
    const lists = new PostingLists();
    const a = lists.add();
    const b = lists.add();
    lists.push(b, 5, 3);
    expect(contents(lists, a)).toEqual([]);
    expect(contents(lists, b)).toEqual([[5, 3]]);
  });
});
