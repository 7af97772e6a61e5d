import { describe, expect, it } from 'vitest';
import { parseSegmentAmounts, planAllocation } from './plan.js';
import type { SegmentFigures } from './target.js';

const seg = (name: string, customers: number, meanClv: number, profit = 1): SegmentFigures => ({ name, customers, meanClv, profit, revenue: 0, meanPAlive: null, growth: null, discountShare: null, serviceShare: null, satisfaction: null, orderValue: null, topCategory: null, categoryFit: null });

describe('planAllocation', () => {
  it('reads SEGMENT=AMOUNT, splitting on the last = so names may hold one', () => {
    expect(parseSegmentAmounts('--min', ['At Risk=2000', 'a=b=5'])).toEqual(new Map([['At Risk', 2000], ['a=b', 5]]));
    for (const bad of ['noequals', '=5', 'x=', 'x=-1', 'x=lots']) expect(() => parseSegmentAmounts('--min', [bad]), bad).toThrow(/expected SEGMENT=AMOUNT/);
  });

  it('splits the budget with bounds by name, and names the loss-making segments', () => {
    const rows = [seg('a', 100, 500), seg('b', 100, 200, -50)];
    const r = planAllocation(rows, { budget: 3000, maxUplift: 0.2, costScale: 20, min: new Map([['b', 1000]]) });
    expect(r.spent).toBeCloseTo(3000, 6);
    expect(r.lines[1].spend).toBeGreaterThanOrEqual(1000 - 1e-9);
    expect(r.lossMaking).toEqual(['b']);
  });

  it('refuses unknown segments, minimums above the budget and a bad model, as usage errors', () => {
    const rows = [seg('a', 100, 500)];
    expect(() => planAllocation(rows, { budget: 100, maxUplift: 0.2, costScale: 20, max: new Map([['z', 1]]) })).toThrow(/no segment "z"/);
    expect(() => planAllocation(rows, { budget: 100, maxUplift: 0.2, costScale: 20, min: new Map([['a', 500]]) })).toThrow(/the minimums add up to 500, more than the budget 100/);
    expect(() => planAllocation(rows, { budget: 100, maxUplift: 0, costScale: 20 })).toThrow(/uplift/);
    expect(() => planAllocation(rows, { budget: -1, maxUplift: 0.2, costScale: 20 })).toThrow(/budget/);
  });
});
