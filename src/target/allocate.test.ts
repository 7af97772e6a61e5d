import { describe, expect, it } from 'vitest';
import { allocateBudget, upliftOf, type AllocationSegment } from './allocate.js';

const o = { budget: 10_000, maxUplift: 0.2, costScale: 20 };

describe('allocateBudget', () => {
  it('matches the closed form for two unbounded segments of equal size', () => {
    // n = 100, c = 20 → nc = 2000; A1 = 100 · 500 · 0.2 = 10,000; A2 = 100 · 200 · 0.2 = 4,000.
    // Equal marginal returns: x1 − x2 = nc · ln(A1/A2); x1 + x2 = B.
    const segs: AllocationSegment[] = [
      { name: 'a', customers: 100, meanClv: 500, profit: 1 },
      { name: 'b', customers: 100, meanClv: 200, profit: 1 },
    ];
    const r = allocateBudget(segs, { ...o, budget: 3000 });
    const x1 = (3000 + 2000 * Math.log(10_000 / 4_000)) / 2;
    expect(r.lines[0].spend).toBeCloseTo(x1, 4);
    expect(r.lines[1].spend).toBeCloseTo(3000 - x1, 4);
    expect(r.lines[0].marginalReturn).toBeCloseTo(r.lines[1].marginalReturn, 8);
    expect(r.expectedReturn).toBeCloseTo(10_000 * (1 - Math.exp(-x1 / 2000)) + 4_000 * (1 - Math.exp(-(3000 - x1) / 2000)), 6);
  });

  it('gives a segment nothing until the others have fallen to its marginal return', () => {
    // b's first unit returns A/nc = 4000/2000 = 2; a's return falls to 2 after x = 2000·ln(5/2) ≈ 1832.6.
    const segs: AllocationSegment[] = [
      { name: 'a', customers: 100, meanClv: 500, profit: 1 },
      { name: 'b', customers: 100, meanClv: 200, profit: 1 },
    ];
    const r = allocateBudget(segs, { ...o, budget: 1500 });
    expect(r.lines[0].spend).toBeCloseTo(1500, 6);
    expect(r.lines[1].spend).toBeCloseTo(0, 6);
  });

  it('respects minimums and maximums, and spends exactly the budget', () => {
    const segs: AllocationSegment[] = [
      { name: 'a', customers: 100, meanClv: 500, profit: 1, max: 1000 },
      { name: 'b', customers: 100, meanClv: 200, profit: 1 },
      { name: 'c', customers: 50, meanClv: 0, profit: -300, min: 250 },
    ];
    const r = allocateBudget(segs, { ...o, budget: 3000 });
    expect(r.lines[0].spend).toBeCloseTo(1000, 6);
    expect(r.lines[2].spend).toBeCloseTo(250, 6);
    expect(r.lines[1].spend).toBeCloseTo(1750, 6);
    expect(r.spent).toBeCloseTo(3000, 6);
    expect(r.lines[2]).toMatchObject({ lossMaking: true, expectedReturn: 0 });
    expect(upliftOf(segs[1], o, 1750)).toBeCloseTo(r.lines[1].expectedReturn, 9);
  });

  it('refuses minimums above the budget', () => {
    expect(() => allocateBudget([{ name: 'a', customers: 1, meanClv: 1, profit: 1, min: 20 }], { ...o, budget: 10 })).toThrow(/minimums add up to 20/);
  });
});
