import { describe, expect, it } from 'vitest';
import { allocateBudget, upliftOf, type AllocationSegment } from './allocate.js';

// hurdle 0: the whole budget is spent, as in the closed forms below.
const o = { budget: 10_000, maxUplift: 0.2, costScale: 20, hurdle: 0 };

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

  it('stops where a unit no longer returns the hurdle, and leaves the rest unspent', () => {
    // a: A/nc = 10,000/2000 = 5 at first; it falls to 1 at x = 2000·ln 5 ≈ 3218.9. b: 2 at first, 1 at 2000·ln 2 ≈ 1386.3.
    // So at hurdle 1 only 2000·ln 10 ≈ 4605.2 of a 10,000 budget is worth spending.
    const segs: AllocationSegment[] = [
      { name: 'a', customers: 100, meanClv: 500, profit: 1 },
      { name: 'b', customers: 100, meanClv: 200, profit: 1 },
    ];
    const r = allocateBudget(segs, { ...o, hurdle: 1 });
    expect(r.lines[0].spend).toBeCloseTo(2000 * Math.log(5), 6);
    expect(r.lines[1].spend).toBeCloseTo(2000 * Math.log(2), 6);
    expect(r.spent).toBeCloseTo(2000 * Math.log(10), 6);
    expect(r.unspent).toBeCloseTo(10_000 - 2000 * Math.log(10), 6);
    expect(r.lines.every((l) => l.marginalReturn >= 1 - 1e-9)).toBe(true);
    // Every unit spent returned at least 1: the return covers the spend.
    expect(r.expectedReturn).toBeGreaterThan(r.spent);
    // A budget smaller than that is spent whole, at a marginal return above the hurdle.
    const small = allocateBudget(segs, { ...o, budget: 3000, hurdle: 1 });
    expect(small.spent).toBeCloseTo(3000, 6);
    expect(small.unspent).toBeCloseTo(0, 6);
    expect(small.lambda).toBeGreaterThan(1);
    // A segment's own measured curve replaces the assumption for it: u = 0.5 on b → A = 10,000, the same as a.
    const measured = allocateBudget([segs[0], { ...segs[1], maxUplift: 0.5 }], { ...o, budget: 3000 });
    expect(measured.lines[1].spend).toBeCloseTo(1500, 6);
    expect(measured.lines.map((l) => l.curve)).toEqual(['assumed', 'measured']);
  });

  it('refuses minimums above the budget', () => {
    expect(() => allocateBudget([{ name: 'a', customers: 1, meanClv: 1, profit: 1, min: 20 }], { ...o, budget: 10 })).toThrow(/minimums add up to 20/);
  });
});
