import { describe, expect, it } from 'vitest';
import { normalizeCompany } from './company.js';
import { scoreTargets, type SegmentFigures } from './target.js';

const seg = (name: string, customers: number, profit: number, meanClv: number, growth: number, pAlive: number, discountShare: number, serviceShare: number): SegmentFigures => ({
  name, customers, revenue: profit * 3, profit, meanClv, meanPAlive: pAlive, growth, discountShare, serviceShare, satisfaction: null, orderValue: null, topCategory: null, categoryFit: null,
});

describe('scoreTargets', () => {
  const rows = [
    seg('Big', 1000, 100_000, 300, 0.1, 0.9, 0.02, 0.05),
    seg('Bargain', 800, 20_000, 80, 0.3, 0.7, 0.25, 0.10),
    seg('Losing', 300, -5_000, 10, -0.2, 0.3, 0.15, 0.60),
  ];

  it('ranks attractiveness from size, profit per customer, CLV, growth and P(alive), by hand', () => {
    const r = scoreTargets(rows, normalizeCompany({}));
    // Big: size 1, profit/customer 1, CLV 1, growth 0.5, P(alive) 1 → 100·(0.2 + 0.3 + 0.25 + 0.05 + 0.15) = 95.
    expect(r[0].attractiveness).toBeCloseTo(95, 9);
    // Bargain: 0.5 on size, profit, CLV and P(alive), 1 on growth → 100·(0.1 + 0.15 + 0.125 + 0.1 + 0.075) = 55.
    expect(r[1].attractiveness).toBeCloseTo(55, 9);
    // A mid company has no price or service preference: fit 50 for all.
    expect(r.map((x) => x.fit)).toEqual([50, 50, 50]);
  });

  it('matches the segment to the company (门当户对) and never targets a loss-making one', () => {
    const premium = scoreTargets(rows, normalizeCompany({ priceTier: 'premium', serviceCapacity: 'low' }));
    // Premium and little service: Big uses the fewest discounts (1) and the least service (1) → fit 100.
    expect(premium[0]).toMatchObject({ fit: 100, recommended: true, strategy: 'differentiation' });
    const budget = scoreTargets(rows, normalizeCompany({ priceTier: 'budget', serviceCapacity: 'high' }));
    expect(budget[1]).toMatchObject({ recommended: true, strategy: 'cost leadership' });
    expect(budget[2].recommended).toBe(false);
    expect(budget[2].reasons.join(' ')).toMatch(/loses money as a group/);
    expect(budget[1].reasons[0]).toContain('800 customers');
  });

  it('refuses an unknown company field', () => {
    expect(() => normalizeCompany({ priceTeir: 'premium' })).toThrow(/company.priceTeir: unknown field/);
  });
});
