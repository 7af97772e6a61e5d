import { describe, expect, it } from 'vitest';
import { normalizeCompany } from './company.js';
import { fitComponents, inferCompany, shareScore, type FitInputs } from './fit.js';
import { scoreTargets, type SegmentFigures } from './target.js';

const inputs = (pOrderValue: number, pDiscount: number, pService: number, types: Record<string, number> = {}, categories: Record<string, number> = {}): FitInputs => ({
  customers: 100, pOrderValue, pDiscount, pService, orderValue: null, discountShare: null, serviceCost: null, shares: { category: categories, region: {}, channel: {}, type: types },
});
const seg = (name: string, customers: number, profit: number, meanClv: number, growth: number, pAlive: number, discountShare: number, serviceShare: number, fi?: FitInputs): SegmentFigures => ({
  name, customers, revenue: profit * 3, profit, meanClv, meanPAlive: pAlive, growth, discountShare, serviceShare, satisfaction: null, orderValue: null, topCategory: null, categoryFit: null, ...(fi ? { fitInputs: fi } : {}),
});
const base = inputs(0.5, 0.5, 0.5, { individual: 80, company: 20 }, { tea: 25, toys: 75 });

describe('scoreTargets', () => {
  const rows = [
    // Big pays full price on big baskets (price place (0.8 + 0.9)/2 = 0.85) and takes much service (0.8).
    seg('Big', 1000, 100_000, 300, 0.1, 0.9, 0.02, 0.05, inputs(0.8, 0.1, 0.8)),
    seg('Bargain', 800, 20_000, 80, 0.3, 0.7, 0.25, 0.10, inputs(0.3, 0.8, 0.4)),
    seg('Losing', 300, -5_000, 10, -0.2, 0.3, 0.15, 0.60, inputs(0.45, 0.5, 0.2)),
  ];

  it('ranks attractiveness from size, profit per customer, CLV, growth and P(alive), by hand', () => {
    const r = scoreTargets(rows, normalizeCompany({}), base);
    // Big: size 1, profit/customer 1, CLV 1, growth 0.5, P(alive) 1 → 100·(0.2 + 0.3 + 0.25 + 0.05 + 0.15) = 95.
    expect(r[0].attractiveness).toBeCloseTo(95, 9);
    // Bargain: 0.5 on size, profit, CLV and P(alive), 1 on growth → 100·(0.1 + 0.15 + 0.125 + 0.1 + 0.075) = 55.
    expect(r[1].attractiveness).toBeCloseTo(55, 9);
    // An empty profile judges nothing: fit 50, and it says so.
    expect(r.map((x) => x.fit)).toEqual([50, 50, 50]);
    expect(r[0].reasons.join(' ')).toMatch(/fit 50: no company attribute/);
  });

  it('matches the segment to the company (门当户对), part by part, and never targets a loss-making one', () => {
    const premium = scoreTargets(rows, normalizeCompany({ priceTier: 'premium', serviceCapacity: 'high' }), base);
    // Big: price 0.85, service 0.8 → fit 100·(0.85 + 0.8)/2 = 82.5.
    expect(premium[0].fit).toBeCloseTo(82.5, 9);
    expect(premium[0].fitComponents.map((c) => c.code)).toEqual(['price', 'service']);
    expect(premium[0].fitComponents[0].score).toBeCloseTo(0.85, 12);
    expect(premium[0]).toMatchObject({ recommended: true, strategy: 'differentiation' });
    // Bargain: price (0.3 + 0.2)/2 = 0.25, service 0.4 → 32.5: not a premium company's customer.
    expect(premium[1].fit).toBeCloseTo(32.5, 9);
    expect(premium[1].recommended).toBe(false);
    const budget = scoreTargets(rows, normalizeCompany({ priceTier: 'budget', serviceCapacity: 'low' }), base);
    // Bargain: price 1 − 0.25 = 0.75, service 1 − 0.4 = 0.6 → 67.5.
    expect(budget[1]).toMatchObject({ recommended: true, strategy: 'cost leadership' });
    expect(budget[1].fit).toBeCloseTo(67.5, 9);
    expect(budget[2].recommended).toBe(false);
    expect(budget[2].reasons.join(' ')).toMatch(/loses money as a group/);
    // Mid: 1 − 2|m − ½|. Losing: price 0.475 → 0.95; medium service 0.2 → 0.4.
    const mid = scoreTargets(rows, normalizeCompany({ priceTier: 'mid', serviceCapacity: 'medium' }), base);
    expect(mid[2].fit).toBeCloseTo(67.5, 9);
  });

  it('scores listed attributes against their share among all buyers', () => {
    expect(shareScore(0.25, 0.25)).toBe(0.5);
    expect(shareScore(0, 0.25)).toBe(0);
    expect(shareScore(1, 0.25)).toBe(1);
    expect(shareScore(0.125, 0.25)).toBeCloseTo(0.25, 12);
    expect(shareScore(0.625, 0.25)).toBeCloseTo(0.75, 12);
    const x = inputs(0.5, 0.5, 0.5, { company: 60, government: 10, individual: 30 }, { tea: 50, toys: 50 });
    const c = fitComponents(x, base, normalizeCompany({ focus: 'b2b', coreCategories: ['Tea'] }));
    // b2b: 70% organisations against 20% → ½ + ½·0.5/0.8 = 0.8125; tea 50% against 25% → ½ + ½·0.25/0.75 = 2/3.
    expect(c.find((k) => k.code === 'focus')).toMatchObject({ figure: 0.7, base: 0.2 });
    expect(c.find((k) => k.code === 'focus')!.score).toBeCloseTo(0.8125, 12);
    expect(c.find((k) => k.code === 'category')!.score).toBeCloseTo(2 / 3, 12);
  });

  it('infers a profile from the most profitable customers', () => {
    const best = inputs(0.7, 0.3, 0.62, { company: 55, individual: 45 }, { tea: 40, toys: 60 });
    // Price place (0.7 + 0.7)/2 = 0.7 ≥ 0.55 → premium; service 0.62 → high; tea 40% > 25% → core; 55% organisations → b2b.
    expect(inferCompany(best, base)).toEqual({ priceTier: 'premium', serviceCapacity: 'high', strengths: ['tea'], strategicCategories: [], regions: [], channels: [], focus: 'b2b' });
    expect(inferCompany(inputs(0.5, 0.5, 0.4, { individual: 100 }), base)).toMatchObject({ priceTier: 'mid', serviceCapacity: 'low', focus: 'b2c' });
  });

  it('refuses an unknown company field and a bad tier', () => {
    expect(() => normalizeCompany({ priceTeir: 'premium' })).toThrow(/company.priceTeir: unknown field/);
    expect(() => normalizeCompany({ priceTier: 'luxury' })).toThrow(/company.priceTier: expected one of premium, mid, budget/);
  });
});
