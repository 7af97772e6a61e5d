import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoFiles } from '../cli/commands/demo.js';
import { importFiles } from '../data/import.js';
import { generateDemo } from '../demo/index.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { normalizeCompany } from './company.js';
import { readCompany, writeCompany } from './company-store.js';
import { targetSegments } from './target.js';

const config = normalizeValueConfig({});

describe('target on the demo company', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    store = await tempStore();
    const demo = await generateDemo({ customers: 2000, seed: 5, outDir: join(store.dir.dir, 'demo') });
    await importDemoFiles(store.engine, demo.files);
  }, 120_000);
  afterAll(async () => store.close());

  it('recommends Champions and tier IV to a premium company with high service capacity, not Hibernating', async () => {
    const company = normalizeCompany({ priceTier: 'premium', serviceCapacity: 'high' });
    const rfm = await targetSegments(store.engine, 'rfm', company, config);
    expect(rfm.companySource).toBe('profile');
    const by = (name: string) => rfm.segments.find((s) => s.name === name)!;
    expect(by('Champions').recommended).toBe(true);
    expect(by('Hibernating').recommended).toBe(false);
    expect(by('Champions').fit).toBeGreaterThan(by('Hibernating').fit);
    const tier = await targetSegments(store.engine, 'tier', company, config);
    expect(tier.segments.find((s) => s.name === 'IV')!.recommended).toBe(true);
    expect(tier.segments.find((s) => s.name === 'I')!.recommended).toBe(false);
  });

  it('infers the profile when none is set, and fit varies across segments', async () => {
    const r = await targetSegments(store.engine, 'rfm', normalizeCompany({}), config);
    expect(r.companySource).toBe('inferred');
    expect(r.company.priceTier).not.toBeNull();
    const fits = r.segments.map((s) => s.fit);
    expect(Math.max(...fits) - Math.min(...fits)).toBeGreaterThan(10);
    expect(r.warnings).toEqual([]);
  });

  it('recomputes each segment\'s price and service places from the customers, independently', async () => {
    const rows = await store.engine.query<{ customer_id: string; segment: string; orders: number; net_revenue: number; gross_revenue: number; discounts: number; cost_to_serve: number }>(
      `SELECT s.customer_id, v.segment, s.orders, s.net_revenue, s.gross_revenue, s.discounts, s.cost_to_serve FROM customer_summary s JOIN customer_value v USING (customer_id) WHERE s.first_purchase IS NOT NULL`,
    );
    // Mid-distribution place among the non-missing values: (#below + ½·#equal) / n, as percent_rank and cume_dist average to
    // ((rank − 1)/(n − 1) + #≤/n) / 2; the two agree to O(1/n), so compare to 3 decimals.
    const place = (vals: (number | null)[]) => {
      const xs = vals.filter((v): v is number => v !== null).sort((a, b) => a - b);
      const n = xs.length;
      const lower = (v: number) => { let lo = 0, hi = n; while (lo < hi) { const m = (lo + hi) >> 1; if (xs[m] < v) lo = m + 1; else hi = m; } return lo; };
      const upper = (v: number) => { let lo = 0, hi = n; while (lo < hi) { const m = (lo + hi) >> 1; if (xs[m] <= v) lo = m + 1; else hi = m; } return lo; };
      return vals.map((v) => (v === null ? null : ((n > 1 ? lower(v) / (n - 1) : 0) + upper(v) / n) / 2));
    };
    const aov = place(rows.map((r) => (r.orders > 0 ? r.net_revenue / r.orders : null)));
    const disc = place(rows.map((r) => (r.gross_revenue > 0 ? r.discounts / r.gross_revenue : null)));
    const svc = place(rows.map((r) => r.cost_to_serve));
    const ord = place(rows.map((r) => r.orders));
    const r = await targetSegments(store.engine, 'rfm', normalizeCompany({ priceTier: 'premium', serviceCapacity: 'high' }), config);
    for (const s of r.segments) {
      const idx = rows.map((x, i) => (x.segment === s.name ? i : -1)).filter((i) => i >= 0);
      const mean = (a: (number | null)[]) => { const v = idx.map((i) => a[i]).filter((x): x is number => x !== null); return v.reduce((p, q) => p + q, 0) / v.length; };
      const price = (mean(aov) + (1 - mean(disc))) / 2;
      const service = (mean(svc) + mean(ord)) / 2;
      expect(s.fitComponents.find((c) => c.code === 'price')!.figure).toBeCloseTo(price, 2);
      expect(s.fitComponents.find((c) => c.code === 'service')!.figure).toBeCloseTo(service, 2);
      expect(s.fit).toBeCloseTo(100 * (price + service) / 2, 0);
    }
  });

  it('keeps the company profile in the store', async () => {
    expect(await readCompany(store.engine)).toBeNull();
    const saved = await writeCompany(store.engine, normalizeCompany({ priceTier: 'premium', coreCategories: ['Tea'] }), 'ana');
    expect(saved).toMatchObject({ profile: { priceTier: 'premium', strengths: ['tea'], serviceCapacity: null }, updatedBy: 'ana' });
    expect(await writeCompany(store.engine, normalizeCompany({}), 'ana')).toBeNull();
  });
});

describe('target on Customer Personality (one reshaped order per customer)', () => {
  it('warns that RFM frequency means nothing there', async () => {
    const store = await tempStore();
    try {
      const file = sharedData('customer_personality', 'marketing_campaign.csv');
      await importFiles(store.engine, { entity: 'customers', files: [file], preset: 'customer-personality' });
      const imp = await importFiles(store.engine, { entity: 'orders', files: [file], preset: 'customer-personality-spend' });
      expect(imp).toMatchObject({ rowsRead: 2240 * 6, quarantined: 0 });
      const r = await targetSegments(store.engine, 'rfm', normalizeCompany({ priceTier: 'mid', serviceCapacity: 'medium' }), config);
      expect(r.segments.reduce((a, s) => a + s.customers, 0)).toBe(2240);
      expect(r.warnings.map((w) => w.code)).toContain('rfm-frequency');
      const byTier = await targetSegments(store.engine, 'tier', normalizeCompany({}), config);
      expect(byTier.warnings).toEqual([]);
      expect(byTier.segments.some((s) => s.recommended)).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);
});
