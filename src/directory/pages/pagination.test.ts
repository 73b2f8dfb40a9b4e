import { describe, expect, it } from 'vitest';
import { pageWindow } from './pagination.ts';

describe('the pages a pager names', () => {
  it('names every page of a short list', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the ends and the neighbours, a gap between', () => {
    expect(pageWindow(10, 40)).toEqual([1, null, 8, 9, 10, 11, 12, null, 40]);
    expect(pageWindow(1, 40)).toEqual([1, 2, 3, null, 40]);
    expect(pageWindow(40, 40)).toEqual([1, null, 38, 39, 40]);
  });

  it('names a single left-out page rather than a gap', () => {
    expect(pageWindow(5, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pageWindow(4, 10)).toEqual([1, 2, 3, 4, 5, 6, null, 10]);
  });

  it('never names a page twice nor outside the list', () => {
    for (let pages = 1; pages <= 30; pages++) {
      for (let page = 1; page <= pages; page++) {
        const named = pageWindow(page, pages).filter((p) => p !== null);
        expect(new Set(named).size).toBe(named.length);
        expect(named).toContain(page);
        expect(Math.min(...named)).toBe(1);
        expect(Math.max(...named)).toBe(pages);
      }
    }
  });
});
