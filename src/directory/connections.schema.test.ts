import { describe, expect, it } from 'vitest';
import { parseAmount, parseDay } from './connections.schema.ts';

describe('typed values', () => {
  it.each([
    ['2021-03-15', '2021-03-15'],
    ['15/03/2021', '2021-03-15'],
    ['2021-02-30', null],
    ['31/04/2021', null],
    ['hier', null],
  ])('the day %s is %s', (typed, day) => {
    expect(parseDay(typed)).toBe(day);
  });

  it.each([
    ['1 500 000', 1_500_000],
    ['1.500.000 €', 1_500_000],
    ['250000', 250_000],
    ['', null],
    ['-5000', 'negative'],
    ['1,5 M', 'invalid'],
    ['12.5', 'invalid'],
  ])('the amount %s is %s', (typed, amount) => {
    expect(parseAmount(typed)).toBe(amount);
  });
});
