import { describe, expect, it } from 'vitest';
import { compressRows } from './summary.js';

describe('compressRows', () => {
  it('groups identical rows and sums weights, from rows or columns', () => {
    const d = compressRows([
      { x: 0, tx: 0, T: 39 },
      { x: 2, tx: 10, T: 39, weight: 3 },
      { x: 0, tx: 0, T: 39 },
      { x: 2, tx: 10, T: 39 },
    ]);
    expect(d.size).toBe(2);
    expect(d.total).toBe(6);
    expect([...d.weight]).toEqual([2, 4]);
    expect([...d.xValues]).toEqual([0, 2]);
    const c = compressRows({ x: [1, 1, 1], tx: [5, 5, 6], T: [9, 9, 9] });
    expect(c.size).toBe(2);
    expect(c.x[c.xIndex[1]]).toBe(1);
  });

  it('names the first invalid row', () => {
    expect(() => compressRows([{ x: 1, tx: 1, T: 2 }, { x: -1, tx: 0, T: 2 }])).toThrow(/row 1: x must be a non-negative integer/);
    expect(() => compressRows([{ x: 0, tx: 1, T: 2 }])).toThrow(/t_x must be 0 when x = 0/);
    expect(() => compressRows([{ x: 0, tx: 0, T: 0 }])).toThrow(/T must be positive/);
  });
});
