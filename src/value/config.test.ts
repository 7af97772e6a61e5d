import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { DEFAULT_WEIGHTS, normalizeValueConfig, withOverrides } from './config.js';

describe('normalizeValueConfig', () => {
  it('fills every default from nothing', () => {
    const c = normalizeValueConfig(undefined);
    expect(c.marginRate).toBeNull();
    expect(c.costPerOrder).toBeNull();
    expect(c.thresholds.currentValue).toEqual({ quantile: 0.5 });
    expect(c.thresholds.satisfaction).toEqual({ value: 4 });
    expect(c.criteria.weights).toEqual(DEFAULT_WEIGHTS);
    expect(c.flags.coreCategories).toBeNull();
    expect(c.b2b.creditRatings.AAA).toBe(1);
  });

  it('keeps given values and accepts a number as a fixed threshold', () => {
    const c = normalizeValueConfig({ marginRate: 0.35, thresholds: { loyalty: 0.6, longTermValue: { quantile: 0.8 } }, criteria: { weights: { growth: 3 } }, b2b: { creditRatings: { aa: 0.7 } } });
    expect(c.marginRate).toBe(0.35);
    expect(c.thresholds.loyalty).toEqual({ value: 0.6 });
    expect(c.thresholds.longTermValue).toEqual({ quantile: 0.8 });
    expect(c.criteria.weights.growth).toBe(3);
    expect(c.criteria.weights.loyalty).toBe(DEFAULT_WEIGHTS.loyalty);
    expect(c.b2b.creditRatings).toEqual({ AA: 0.7 });
  });

  it('names the broken field', () => {
    expect(() => normalizeValueConfig({ marginRate: 2 })).toThrow(/marginRate/);
    expect(() => normalizeValueConfig({ criteria: { weights: { luck: 1 } } })).toThrow(/unknown field "luck"/);
    expect(() => normalizeValueConfig({ thresholds: { loyalty: { quantile: 3 } } })).toThrow(UsageError);
    expect(() => normalizeValueConfig([])).toThrow(/expected an object/);
  });

  it('lets command-line flags override the file', () => {
    const c = withOverrides(normalizeValueConfig({ marginRate: 0.2 }), { marginRate: 0.5, costPerOrder: 3 });
    expect([c.marginRate, c.costPerOrder, c.lostAfterDays]).toEqual([0.5, 3, null]);
  });
});
