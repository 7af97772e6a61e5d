import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { churnItems, churnReport } from './churn.js';
import { campaignExport, loadContacts } from './contacts.js';
import { baseFutureProfit, retentionEconomics } from './retention.js';
import { winBack, type ChurnRow } from './winback.js';

/**
 * Six buyers in 2024, every line 1 × 100 of product P (unit cost 60: profit 40) or L (unit cost 150: profit −50).
 *   A 01-01, 02-01, 03-02: gap 61 / 2 = 30.5, silent 304 days (9.97 gaps)        → at risk
 *   B 10-01, 11-01, 12-01: gap 30.5, silent 30 (0.98); one complaint (cost 5)
 *   C 09-22 only: silent 100, against the repeat buyers' median gap 30.5 (3.28)  → at risk
 *   D 12-20 only: silent 11 (0.36)
 *   E 04-01, 05-01 of L: gap 30, silent 244 (8.13), profit −100                  → at risk, let go
 *   F 06-01, 12-31: gap 213, silent 0
 * As of 2024-12-31 (the last line). Tenures are at most 365 days, so each annual value (current value) is the profit.
 */
let store: Awaited<ReturnType<typeof tempStore>>;
const LINES: Array<[string, string, string]> = [
  ['A', '2024-01-01', 'P'], ['A', '2024-02-01', 'P'], ['A', '2024-03-02', 'P'],
  ['B', '2024-10-01', 'P'], ['B', '2024-11-01', 'P'], ['B', '2024-12-01', 'P'],
  ['C', '2024-09-22', 'P'], ['D', '2024-12-20', 'P'],
  ['E', '2024-04-01', 'L'], ['E', '2024-05-01', 'L'],
  ['F', '2024-06-01', 'P'], ['F', '2024-12-31', 'P'],
];
const config = normalizeValueConfig({});

beforeAll(async () => {
  store = await tempStore();
  const f = store.dir.file;
  await importFiles(store.engine, { entity: 'products', files: [f('p.csv', 'product_id,name,unit_cost\nP,Plain,60\nL,Loss leader,150\n')] });
  await importFiles(store.engine, { entity: 'customers', files: [f('c.csv', 'customer_id,name,email,opt_out\nA,Ann,ann@example.com,false\nB,Bob,bob@example.com,false\nC,Cy,cy@example.com,true\nD,Di,,\nE,Ed,,\nF,Flo,,\n')] });
  const orders = ['order_id,customer_id,ordered_at,product_id,quantity,unit_price', ...LINES.map(([c, day, p], i) => `O${i},${c},${day},${p},1,100`)];
  await importFiles(store.engine, { entity: 'orders', files: [f('o.csv', orders.join('\n') + '\n')] });
  await importFiles(store.engine, { entity: 'service-costs', files: [f('s.csv', 'customer_id,at,kind,cost\nB,2024-11-02,complaint,5\n')] });
});
afterAll(async () => store.close());

describe('churnReport on hand-built buyers', () => {
  it('finds those silent for two gaps or more, with their value at risk, and lets the loss-maker go', async () => {
    const r = await churnReport(store.engine, config);
    expect(r.asOf).toBe('2024-12-31');
    expect(r.pAlive.source).toBe('proxy');
    expect(r.rules).toEqual({ pAliveBelow: null, overdueFactor: 2, medianGapDays: 30.5 });
    expect(r.buyers).toBe(6);
    expect(r.customers.map((c) => c.customerId)).toEqual(['A', 'C', 'E']);
    const [a, c, e] = r.customers;
    expect([a.recencyDays, a.expectedGapDays, a.gapAssumed, a.signals]).toEqual([304, 30.5, false, ['overdue']]);
    expect(a.overdue).toBeCloseTo(304 / 30.5, 12);
    // The proxy P(alive) of the value run: exp(−recency / gap), with 365 days for one purchase day.
    expect(a.pAlive).toBeCloseTo(Math.exp(-304 / 30.5), 12);
    expect(a.valueAtRisk).toBeCloseTo(120 * (1 - Math.exp(-304 / 30.5)), 9);
    expect([c.recencyDays, c.expectedGapDays, c.gapAssumed]).toEqual([100, 30.5, true]);
    expect(c.overdue).toBeCloseTo(100 / 30.5, 12);
    expect(c.valueAtRisk).toBeCloseTo(40 * (1 - Math.exp(-100 / 365)), 9);
    expect([e.profit, e.valueAtRisk, e.method]).toEqual([-100, 0, 'let go']);
    expect(e.reasons[0]).toBe('last bought 244 days ago (2024-05-01): 8.1× their usual 30 days between purchases');
    expect(c.reasons[0]).toBe('one purchase day, 100 days ago: 3.3× the 31 days repeat buyers usually take');
    expect(r.byMethod['let go']).toBe(1);
  });

  it('measures retention over two half-year windows and prices a churn cut', async () => {
    const { economics: e } = await churnReport(store.engine, config);
    // 366 days of history → two 183-day windows. Before: A, E, F; again after: F. Active now: B, C, D, F.
    expect(e).not.toBeNull();
    expect([e!.windowDays, e!.active]).toEqual([183, 4]);
    expect(e!.windowRetention).toBeCloseTo(1 / 3, 12);
    const r = (1 / 3) ** (365 / 183);
    expect(e!.retention).toBeCloseTo(r, 12);
    // Annual profit of the active base: B 120 − 5 + C 40 + D 40 + F 80 = 275.
    expect(e!.meanAnnualProfit).toBeCloseTo(275 / 4, 9);
    expect(e!.baseFutureProfit).toBeCloseTo((275 * r) / (1.1 - r), 9);
    const r2 = r + 0.05;
    expect(e!.cuts[0].lifetimeProfitChange).toBeCloseTo(((r2 / (1.1 - r2)) / (r / (1.1 - r))) - 1, 9);
    expect(e!.cuts[0].nextYearProfitGain).toBeCloseTo(275 * 0.05, 9);
  });

  it('uses a model P(alive) as of the same day, and exports without the opted-out customer', async () => {
    const d = store.engine.dialect;
    await store.engine.run(`INSERT INTO clv_fits VALUES (1, 'bgnbd', '{}', '{}', 0, 6, 6, 'week', CAST('2024-12-31' AS DATE), 1, ${d.sqlNow}, NULL, '[]')`);
    for (const [id, p] of [['A', 0.9], ['B', 0.3], ['C', 1], ['D', 1], ['E', 0.2], ['F', 0.95]] as const) {
      await store.engine.run(`INSERT INTO clv_predictions VALUES ($1, 1, 'bgnbd', 0, 0, 0, $2, 0, 0, 10, 52, 'week', 0, 0.3, ${d.sqlNow})`, [id, p]);
    }
    const r = await churnReport(store.engine, config);
    expect(r.pAlive).toMatchObject({ source: 'model', model: 'bgnbd' });
    expect(r.rules.pAliveBelow).toBe(0.5);
    const byId = new Map(r.customers.map((c) => [c.customerId, c]));
    expect([...byId.keys()].sort()).toEqual(['A', 'B', 'C', 'E']);
    expect(byId.get('B')!.signals).toEqual(['p_alive']);
    expect(byId.get('A')!.signals).toEqual(['overdue']);
    expect(byId.get('E')!.signals).toEqual(['p_alive', 'overdue']);
    expect(byId.get('B')!.valueAtRisk).toBeCloseTo(115 * 0.7, 9);
    expect(byId.get('A')!.valueAtRisk).toBeCloseTo(120 * 0.1, 9);
    expect(byId.get('C')!.valueAtRisk).toBe(0);
    const x = campaignExport(churnItems(r), await loadContacts(store.engine), ['method']);
    // E is let go (no campaign), C opted out.
    expect(x.rows.map((row) => row[0]).sort()).toEqual(['A', 'B']);
    expect(x.optedOut).toBe(1);
  });

  it('does not rank churn by the P(alive) of a fit at the dropout boundary, and says why', async () => {
    await store.engine.run(`UPDATE clv_fits SET diagnostics = '[{"kind":"boundary","parameter":"a","toward":"zero"}]' WHERE fit_id = 1`);
    const r = await churnReport(store.engine, config);
    expect(r.pAlive.source).toBe('proxy');
    expect(r.pAlive.note).toMatch(/boundary.*no dropout/);
    expect(r.rules.pAliveBelow).toBeNull();
    expect(r.customers.every((c) => !c.signals.includes('p_alive'))).toBe(true);
    expect(r.notes.some((n) => /bgnbd fit at a boundary/.test(n))).toBe(true);
    await store.engine.run(`UPDATE clv_fits SET diagnostics = '[]' WHERE fit_id = 1`);
  });

  it('rejects impossible thresholds', async () => {
    await expect(churnReport(store.engine, config, { pAliveBelow: 0 })).rejects.toThrow(/--p-alive-below/);
    await expect(churnReport(store.engine, config, { discountRate: 0 })).rejects.toThrow(/--discount-rate/);
  });
});

const row = (o: Partial<ChurnRow>): ChurnRow => ({
  customerId: 'x', type: 'individual', orders: 4, purchaseDays: 4, recencyDays: 200, lastPurchase: '2024-06-01', netRevenue: 400, profit: 80, grossRevenue: 400, discounts: 0,
  topCategory: null, topCategoryRevenue: null, categorizedRevenue: 0, satisfaction: null, complaints: 0, segment: 'Hibernating', valueQuadrant: 'I', currentValue: 40,
  longTermValue: 10, expectedGap: 50, gapAssumed: false, overdue: 4, modelPAlive: null, model: null, proxyPAlive: 0.02, ...o,
});

describe('winBack', () => {
  it('lets a loss-maker go, unless no cost is known', () => {
    expect(winBack(row({ profit: -1 }), 'profit').method).toBe('let go');
    expect(winBack(row({ profit: -1 }), 'revenue').method).toBe('coupon');
  });

  it('sends personal care to the dissatisfied, the complaining and the valuable', () => {
    expect(winBack(row({ satisfaction: 2.5 }), 'profit')).toMatchObject({ method: 'personal care', reasons: ['satisfaction 2.5 of 5: fix the service first; a coupon would not win them back'] });
    expect(winBack(row({ complaints: 2 }), 'profit').reasons[0]).toMatch(/^2 complaints/);
    expect(winBack(row({ valueQuadrant: 'IV', segment: "Can't Lose" }), 'profit').reasons[0]).toBe("value tier IV, Can't Lose, profit 80 so far (40 a year): worth a personal approach");
    expect(winBack(row({ type: 'company' }), 'profit')).toMatchObject({ method: 'personal care', offer: 'a visit or call from their account manager' });
    // Without costs, the figures are revenue and say so.
    expect(winBack(row({ valueQuadrant: 'III' }), 'revenue').reasons[0]).toBe('value tier III, revenue 80 so far (40 a year): worth a personal approach');
  });

  it('offers a coupon to the price-sensitive, a scenario offer to the focused, else a small coupon', () => {
    // Discounts 40 of 400 = 10%: price-sensitive at the default share.
    expect(winBack(row({ discounts: 40 }), 'profit')).toMatchObject({ method: 'coupon', reasons: ['10% of their spend went on discounts: price brings them back'] });
    const s = winBack(row({ discounts: 39, topCategory: 'Wine', topCategoryRevenue: 300, categorizedRevenue: 400 }), 'profit');
    expect(s).toMatchObject({ method: 'scenario offer', offer: 'an offer built around Wine, timed for their usual 50-day cycle', reasons: ['75% of their spend is Wine: meet the need they came for'] });
    expect(winBack(row({ topCategory: 'Wine', topCategoryRevenue: 100, categorizedRevenue: 400 }), 'profit').method).toBe('coupon');
  });
});

describe('retentionEconomics', () => {
  it('prices a churn cut of 5 points and of 5% by the margin multiple r / (1 + d − r)', () => {
    const e = retentionEconomics({ priorCustomers: 200, retained: 120, active: 100, activeAnnualProfit: 5000, windowDays: 365 }, 0.1);
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    // r = 0.6, m = 50: F = 100 · 50 · 0.6 / 0.5 = 6000.
    expect(e.value.retention).toBeCloseTo(0.6, 12);
    expect(e.value.baseFutureProfit).toBeCloseTo(6000, 9);
    // 5 points: r′ = 0.65 → 0.65 / 0.45 = 1.4444 against 1.2: +20.37%, +1,222.22; next year +0.05 / 0.6.
    expect(e.value.cuts[0].churn).toBeCloseTo(0.35, 12);
    expect(e.value.cuts[0].lifetimeProfitChange).toBeCloseTo(0.65 / 0.45 / 1.2 - 1, 12);
    expect(e.value.cuts[0].lifetimeProfitGain).toBeCloseTo(5000 * (0.65 / 0.45 - 1.2), 9);
    expect(e.value.cuts[0].nextYearProfitChange).toBeCloseTo(0.05 / 0.6, 12);
    expect(e.value.cuts[0].customersKept).toBeCloseTo(5, 9);
    // 5% of the churn: 0.4 → 0.38, r′ = 0.62 → 0.62 / 0.48 = 1.29167: +7.64%.
    expect(e.value.cuts[1].churn).toBeCloseTo(0.38, 12);
    expect(e.value.cuts[1].lifetimeProfitChange).toBeCloseTo(0.62 / 0.48 / 1.2 - 1, 12);
  });

  it('annualises a shorter window and says when retention cannot be measured', () => {
    const e = retentionEconomics({ priorCustomers: 100, retained: 81, active: 10, activeAnnualProfit: 10, windowDays: 182.5 }, 0.1);
    expect(e.ok && e.value.retention).toBeCloseTo(0.81 ** 2, 12);
    expect(retentionEconomics({ priorCustomers: 0, retained: 0, active: 5, activeAnnualProfit: 1, windowDays: 365 }, 0.1)).toMatchObject({ ok: false });
    expect(() => baseFutureProfit(1, 1, 1, 0)).toThrow(/d > 0/);
  });
});
