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

describe('compressRows groups by a typed-array sort (issue #16)', () => {
  it('gives the same distinct rows and weights as grouping by text keys, sorted by (x, t_x, T)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows = Array.from({ length: 20_000 }, () => {
      const x = Math.floor(next() * 4);
      const T = 1 + Math.floor(next() * 6);
      return { x, tx: x === 0 ? 0 : Math.floor(next() * T), T, weight: 1 + Math.floor(next() * 3) };
    });
    const want = new Map<string, number>();
    for (const r of rows) want.set(`${r.x}|${r.tx}|${r.T}`, (want.get(`${r.x}|${r.tx}|${r.T}`) ?? 0) + r.weight);
    const d = compressRows(rows);
    expect(d.size).toBe(want.size);
    expect(d.total).toBe(rows.reduce((a, r) => a + r.weight, 0));
    for (let i = 0; i < d.size; i++) {
      expect(d.weight[i]).toBe(want.get(`${d.x[i]}|${d.tx[i]}|${d.T[i]}`));
      expect(d.xValues[d.xIndex[i]]).toBe(d.x[i]);
      if (i > 0) expect(d.x[i - 1] < d.x[i] || (d.x[i - 1] === d.x[i] && (d.tx[i - 1] < d.tx[i] || (d.tx[i - 1] === d.tx[i] && d.T[i - 1] < d.T[i])))).toBe(true);
    }
  });
});

describe('compressRows on raw, unrounded values', () => {
  it('groups exactly like text keys of the values, with −0 and +0 as one value, sorted numerically', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    // Continuous times (every value a different double), a pool of repeated rows, huge and tiny magnitudes.
    const pool = Array.from({ length: 50 }, () => {
      const T = 1e-9 + next() * 1e6;
      const x = Math.floor(next() * 300);
      return { x, tx: x === 0 ? 0 : next() * T, T };
    });
    const rows = Array.from({ length: 30_000 }, (_, i) => {
      if (i % 3 === 0) return pool[Math.floor(next() * pool.length)];
      const T = 0.001 + next() * 52;
      const x = Math.floor(next() * 70_000) % 5 === 0 ? 0 : Math.floor(next() * 2 ** 40);
      return { x, tx: x === 0 ? (i % 2 ? -0 : 0) : next() * T, T };
    });
    const key = (r: { x: number; tx: number; T: number }) => `${r.x}|${r.tx}|${r.T}`; // String(-0) is "0"
    const want = new Map<string, number>();
    for (const r of rows) want.set(key(r), (want.get(key(r)) ?? 0) + 1);
    const d = compressRows(rows);
    expect(d.size).toBe(want.size);
    for (let i = 0; i < d.size; i++) {
      expect(d.weight[i]).toBe(want.get(key({ x: d.x[i], tx: d.tx[i], T: d.T[i] })));
      if (i > 0) {
        const before = d.x[i - 1] < d.x[i] || (d.x[i - 1] === d.x[i] && (d.tx[i - 1] < d.tx[i] || (d.tx[i - 1] === d.tx[i] && d.T[i - 1] < d.T[i])));
        expect(before, `row ${i}`).toBe(true);
      }
    }
  });
});
