/**
 * A hand-built store of six customers; every expected figure below was worked out by hand from these rows
 * (see the comments), not taken from the code's output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import type { Engine } from '../engine/engine.js';
import type { EntityName } from '../data/entities.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from './config.js';
import { explainCustomer } from './customer.js';
import { computeValue, type ValueReport } from './portfolio.js';

const PRODUCTS = `product_id,category,unit_cost,margin_rate
P1,Tea,4,
P2,Tea,,0.5
P3,Gadgets,,
`;
const CUSTOMERS = `customer_id,name,email,type,industry,employees,annual_revenue,credit_rating,referred_by
A,Alice Secret,alice@example.com,individual,,,,,
B,Bob Corp,bob@example.com,company,Retail,50,1000000,AA,A
C,Carol,carol@example.com,individual,,,,,A
D,Dan,dan@example.com,individual,,,,,
E,Eve,eve@example.com,individual,,,,,
F,City Hall,f@example.com,government,,,500000,BBB,
`;
// A: sales 100 (P1 10×10, cogs 40), 100 with discount 10 (P2, cogs 45), 50 (P1, cogs 20); return −10 (cogs −4).
// B: one day: P3 100×20 = 2000 (no cost: margin rate 0.4 → cogs 1200), P1 10×10 (cogs 40); cancel −200 (cogs −120).
// C: P2 20 (cogs 10). D: P3 30 in 2023 and 30 in 2024 (cogs 18 each). F: P1 10 on the last day (cogs 4).
// One line without a customer: 3×10 = 30.
const ORDERS = `order_id,customer_id,ordered_at,product_id,quantity,unit_price,discount,kind
o1,A,2024-01-10,P1,10,10,0,sale
o2,A,2024-06-01,P2,2,50,10,sale
o3,A,2024-12-01,P1,5,10,0,sale
r1,A,2024-12-05,P1,-1,10,0,return
o4,B,2024-03-01,P3,100,20,0,sale
o5,B,2024-03-01,P1,10,10,0,sale
c1,B,2024-03-02,P3,-10,20,0,cancel
o6,C,2024-12-20,P2,1,20,0,sale
o7,D,2023-06-01,P3,1,30,0,sale
o8,D,2024-02-01,P3,1,30,0,sale
o9,F,2024-12-31,P1,1,10,0,sale
o10,,2024-05-05,P1,3,10,0,sale
`;
const SERVICE = `customer_id,at,kind,cost
A,2024-02-01,support,20
B,2024-04-01,visit,50
C,2024-12-21,complaint,30
`;
// B: 30 days late, then unpaid since 2024-06-01 (213 days to 2024-12-31) and 100 written off. D: 19 days late.
const PAYMENTS = `customer_id,invoice_id,amount,due_date,paid_at,written_off
A,INV1,100,2024-02-10,2024-02-05,0
B,INV2,2100,2024-04-01,2024-05-01,0
B,INV3,100,2024-06-01,,100
D,INV4,30,2024-03-01,2024-03-20,0
`;
const SURVEYS = `customer_id,at,satisfaction,nps
A,2024-06-01,5,9
B,2024-06-01,4.5,
C,2024-12-22,,10
D,2024-07-01,3,
E,2024-07-01,1,
`;

const config = normalizeValueConfig({ marginRate: 0.4, b2b: { favouredIndustries: ['retail'] } });
const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;
const AS_OF = '2024-12-31';

let store: Awaited<ReturnType<typeof tempStore>>;
let engine: Engine;
let report: ValueReport;

async function load(entity: EntityName, name: string, text: string): Promise<void> {
  await importFiles(engine, { entity, files: [store.dir.file(name, text)] });
}

beforeAll(async () => {
  store = await tempStore();
  engine = store.engine;
  await load('products', 'products.csv', PRODUCTS);
  await load('customers', 'customers.csv', CUSTOMERS);
  await load('orders', 'orders.csv', ORDERS);
  await load('service-costs', 'service.csv', SERVICE);
  await load('payments', 'payments.csv', PAYMENTS);
  await load('surveys', 'surveys.csv', SURVEYS);
  report = await computeValue(engine, { config });
});
afterAll(async () => store.close());

async function row(id: string): Promise<Record<string, unknown>> {
  const [r] = await engine.query(`SELECT * FROM customer_summary s JOIN customer_value v USING (customer_id) WHERE customer_id = $1`, [id]);
  return r;
}

describe('customer summary (hand-computed)', () => {
  it('takes the as-of date from the last order line and counts every customer', () => {
    expect(report.asOf).toBe(AS_OF);
    expect(report.customers).toMatchObject({ total: 6, buyers: 5, withoutOrders: 1, placeholders: 0 });
  });

  it('splits revenue into gross, returns, cancellations and discounts, and keeps unattributed lines apart', () => {
    expect(report.revenue.gross).toBeCloseTo(250 + 2100 + 20 + 60 + 10, 9);
    expect(report.revenue.returns).toBeCloseTo(-10, 9);
    expect(report.revenue.cancellations).toBeCloseTo(-200, 9);
    expect(report.revenue.discounts).toBeCloseTo(10, 9);
    expect(report.revenue.net).toBeCloseTo(230 + 1900 + 20 + 60 + 10, 9);
    expect(report.revenue.unattributed).toEqual({ lines: 1, net: 30 });
  });

  it('computes each customer’s profit = net − COGS − cost to serve − bad debt', async () => {
    const expected: Record<string, [number, number, number, number, number]> = {
      // net, cogs, cost to serve, bad debt, profit
      A: [230, 101, 20, 0, 109],
      B: [1900, 1120, 50, 100, 630],
      C: [20, 10, 30, 0, -20],
      D: [60, 36, 0, 0, 24],
      E: [0, 0, 0, 0, 0],
      F: [10, 4, 0, 0, 6],
    };
    for (const [id, [net, cogs, cts, bad, profit]] of Object.entries(expected)) {
      const r = await row(id);
      expect([r.net_revenue, r.cogs, r.cost_to_serve, r.bad_debt].map(Number), id).toEqual([net, cogs, cts, bad].map((x) => expect.closeTo(x, 9)) as unknown as number[]);
      expect(Number(r.profit), id).toBeCloseTo(profit, 9);
    }
    expect(report.profit.profit).toBeCloseTo(749, 9);
    expect(report.basis).toBe('profit');
    expect(report.sources).toMatchObject({ costOfGoods: 'products+margin-rate', costToServe: 'service_costs', longTermValue: 'proxy' });
    expect(report.assumed.costOfGoods).toBe(true);
    expect(report.profit.assumedMarginRevenue).toBeCloseTo(1800 + 60, 9);
  });

  it('counts orders, purchase days, tenure, recency, lateness and categories', async () => {
    const a = await row('A');
    expect([a.orders, a.purchase_days, a.tenure_days, a.recency_days]).toEqual([3, 3, day(AS_OF) - day('2024-01-10'), 30]);
    const b = await row('B');
    expect([b.orders, b.purchase_days, b.payments, b.late_payments, b.avg_days_late, b.max_days_late]).toEqual([2, 1, 2, 2, (30 + 213) / 2, 213]);
    expect(b.top_category).toBe('Gadgets');
    expect(Number(b.off_core_revenue)).toBeCloseTo(100, 9); // core = {Gadgets}: 1860 of 2220 reaches 80% alone
    const e = await row('E');
    expect([e.orders, e.first_purchase, e.net_revenue]).toEqual([0, null, 0]);
  });
});

describe('whale curve (hand-computed)', () => {
  // Profit ranked: B 630, A 109, D 24, F 6, E 0, C −20; total 749; cumulative 630, 739, 763, 769, 769, 749.
  it('gives the top 20%, the peak and the loss-making tail', () => {
    const w = report.whale;
    expect(w.top20Share).toBeCloseTo(739 / 749, 12); // ceil(0.2 × 6) = 2 customers
    expect(w.peak).toEqual({ share: expect.closeTo(769 / 749, 12), customerShare: 4 / 6, customers: 4, value: 769 });
    expect(w.lossTail).toEqual({ customers: 1, customerShare: 1 / 6, value: -20, consumedShareOfPeak: expect.closeTo(20 / 769, 12) });
    expect(w.bottom30.value).toBeCloseTo(-20, 9); // the last 6 − ceil(0.7 × 6) = 1 customer
    expect(w.curve).toHaveLength(101);
    expect(w.curve[0]).toEqual({ x: 0, y: 0, cum: 0 });
    expect(w.curve[50].cum).toBeCloseTo(763, 9);
    expect(w.curve[100].y).toBeCloseTo(1, 12);
    // Rank r is in decile floor((r − 1)·10/6) + 1: 1, 2, 4, 6, 7, 9.
    expect(w.deciles.map((d) => Math.round(d.value))).toEqual([630, 109, 0, 24, 0, 6, 0, 0, -20, 0]);
  });
});

describe('RFM (hand-computed)', () => {
  // Recency: D 334, B 305, A 30, C 11, F 0 → R 1..5. Orders: C 1, F 1 (tie: C first), B 2, D 2, A 3 → F 1..5.
  // Net revenue: F 10, C 20, D 60, A 230, B 1900 → M 1..5.
  it('scores quintiles with ties broken by customer id and names the segments', async () => {
    const got = Object.fromEntries(
      (await engine.query<{ customer_id: string; r: number; f: number; m: number; segment: string }>('SELECT customer_id, r, f, m, segment FROM customer_value ORDER BY customer_id')).map((r) => [r.customer_id, [r.r, r.f, r.m, r.segment]]),
    );
    expect(got).toEqual({
      A: [3, 5, 4, 'Loyal'],
      B: [2, 3, 5, 'At Risk'],
      C: [4, 1, 2, 'Promising'],
      D: [1, 4, 3, 'At Risk'],
      E: [null, null, null, 'No Purchase'],
      F: [5, 2, 1, 'Potential Loyalist'],
    });
    const seg = Object.fromEntries(report.rfm.segments.map((s) => [s.segment, [s.customers, Math.round(s.profit)]]));
    expect(seg['At Risk']).toEqual([2, 654]);
    expect(seg['No Purchase']).toEqual([1, 0]);
    expect(report.rfm.grid[2][4]).toBe(1); // A: R3 F5
    expect(report.rfm.grid.flat().reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('puts silent buyers in Lost with --lost-after', async () => {
    const r = await computeValue(engine, { config: { ...config, lostAfterDays: 300 } });
    const seg = Object.fromEntries(r.rfm.segments.map((s) => [s.segment, s.customers]));
    expect(seg.Lost).toBe(2); // B (305 days) and D (334 days)
    expect(seg['At Risk']).toBe(0);
  });
});

describe('value matrices (hand-computed)', () => {
  // Current value = profit × 365 / max(tenure, 365): A 109, B 630, C −20, D 24 × 365/579, F 6, E 0; median of buyers = D's.
  const pAlive = {
    A: Math.exp(-30 / ((day('2024-12-01') - day('2024-01-10')) / 2)),
    B: Math.exp(-305 / 365),
    C: Math.exp(-11 / 365),
    D: Math.exp(-334 / (day('2024-02-01') - day('2023-06-01'))),
    F: 1,
  };
  const current = { A: 109, B: 630, C: -20, D: (24 * 365) / 579, F: 6 };
  it('places customers in current × long-term quadrants with median thresholds', async () => {
    await computeValue(engine, { config });
    const m = report.matrices.currentLongTerm;
    expect(m.x.threshold).toBeCloseTo(current.D, 9);
    // Long-term (proxy) = current × p_alive × 3: A 272.0, B 819.5, C −58.2, D 11.6, F 18 → median 18 (F).
    expect(m.y.threshold).toBeCloseTo(18, 9);
    const d = await row('D');
    expect(Number(d.long_term_value)).toBeCloseTo(current.D * pAlive.D * 3, 9);
    expect(Number((await row('A')).p_alive)).toBeCloseTo(pAlive.A, 12);
    const cells = Object.fromEntries(m.cells.map((c) => [c.cell, c.customers]));
    expect(cells).toEqual({ I: 2, II: 1, III: 1, IV: 2 }); // I: C, E; II: F; III: D; IV: A, B
    const quad = await engine.query<{ customer_id: string; value_quadrant: string }>('SELECT customer_id, value_quadrant FROM customer_value ORDER BY customer_id');
    expect(Object.fromEntries(quad.map((q) => [q.customer_id, q.value_quadrant]))).toEqual({ A: 'IV', B: 'IV', C: 'I', D: 'III', E: 'I', F: 'II' });
  });

  it('places customers by value × loyalty and satisfaction × loyalty', async () => {
    // Loyalty = mean percentile rank of purchase days, tenure, recency (recent high):
    // A (1 + 0.75 + 0.5)/3, B (0 + 0.5 + 0.25)/3, C (0 + 0.25 + 0.75)/3, D (0.75 + 1 + 0)/3, F (0 + 0 + 1)/3 → median 1/3.
    expect(report.matrices.valueLoyalty.y.threshold).toBeCloseTo(1 / 3, 12);
    expect(Number((await row('A')).loyalty)).toBeCloseTo(0.75, 12);
    const got = await engine.query<{ customer_id: string; value_loyalty: string; satisfaction_loyalty: string | null }>('SELECT customer_id, value_loyalty, satisfaction_loyalty FROM customer_value ORDER BY customer_id');
    expect(Object.fromEntries(got.map((g) => [g.customer_id, [g.value_loyalty, g.satisfaction_loyalty]]))).toEqual({
      A: ['core', 'apostle'],
      B: ['at_risk_of_leaving', 'mercenary'],
      C: ['active_small', 'apostle'], // NPS 10 → satisfaction 1 + 0.4 × 10 = 5
      D: ['core', 'hostage'],
      E: ['small_price_sensitive', 'defector'],
      F: ['active_small', null],
    });
    expect(report.matrices.satisfactionLoyalty.available).toBe(true);
  });
});

describe('criteria and flags (hand-computed)', () => {
  it('scores B against every criterion and weights them', async () => {
    const x = await explainCustomer(engine, 'B', { config });
    const s = Object.fromEntries(x.criteria.map((c) => [c.key, c.score]));
    expect(s).toEqual({
      purchasePower: 1,
      highMargin: 1,
      priceInsensitivity: 1,
      paysOnTime: 0, // 121.5 days late on average, scale 30
      lowCostToServe: expect.closeTo(1 - 50 / 1900, 12),
      lowRisk: expect.closeTo(1 - 300 / 2100, 12),
      growth: 1,
      loyalty: expect.closeTo(0.25, 12),
      referrals: 0,
      credit: 0.9,
      industry: 1,
      scale: 1,
    });
    const points = 2 + 2 + 1 + 0 + (1 - 50 / 1900) + (1 - 300 / 2100) + 1 + 1.5 * 0.25 + 0 + 0.9 + 1 + 0.5;
    expect(x.goodScore).toBeCloseTo((100 * points) / 14, 9);
    expect(x.criteria.reduce((t, c) => t + (c.contribution ?? 0), 0)).toBeCloseTo(x.goodScore!, 9);
    expect(x.matrices.currentLongTerm.cell).toBe('IV');
    expect(x.figures.categoryMix).toEqual([
      { category: 'Gadgets', revenue: 1800, share: 1800 / 1900 },
      { category: 'Tea', revenue: 100, share: 100 / 1900 },
    ]);
    expect(x.rfm.segment).toBe('At Risk');
  });

  it('scores A’s referrals, payment and growth, and leaves B2B criteria out for individuals', async () => {
    const x = await explainCustomer(engine, 'A', { config });
    const s = Object.fromEntries(x.criteria.map((c) => [c.key, c.score]));
    expect(s.referrals).toBeCloseTo(2 / 3, 12);
    expect(s.paysOnTime).toBe(1);
    expect(s.priceInsensitivity).toBeCloseTo(1 - 10 / 250, 12);
    expect([s.credit, s.industry, s.scale]).toEqual([null, null, null]);
    const d = await explainCustomer(engine, 'D', { config });
    expect(d.criteria.find((c) => c.key === 'growth')!.score).toBe(0.5); // 30 in each window
    expect(d.criteria.find((c) => c.key === 'paysOnTime')!.score).toBeCloseTo(1 - 19 / 30, 12);
  });

  it('raises each flag with its evidence', async () => {
    const flags = await engine.query<Record<string, unknown>>(
      'SELECT customer_id, flag_loss_making, flag_costs_more_than_brings, flag_bad_debt, flag_chronic_late, flag_off_strategy FROM customer_value ORDER BY customer_id',
    );
    const raised = (col: string) => flags.filter((f) => f[col] === true).map((f) => f.customer_id);
    expect(raised('flag_loss_making')).toEqual(['C']);
    expect(raised('flag_costs_more_than_brings')).toEqual(['C']); // 30 to serve > 10 margin, 20 ≤ median 60
    expect(raised('flag_bad_debt')).toEqual(['B']);
    expect(raised('flag_chronic_late')).toEqual(['B']); // D is late once only
    expect(raised('flag_off_strategy')).toEqual(['A', 'C', 'F']); // all Tea, and only Gadgets is core
    const c = await explainCustomer(engine, 'C', { config });
    const f = c.flags.find((x) => x.key === 'costsMoreThanBrings')!;
    expect(f.raised).toBe(true);
    expect(f.evidence).toMatchObject({ netRevenue: 20, smallRevenueCutoff: 60, grossMargin: 10, costToServe: 30 });
  });

  it('never puts personal data in its output', async () => {
    const text = JSON.stringify(await explainCustomer(engine, 'A', { config })) + JSON.stringify(report);
    for (const pii of ['Alice', 'alice@example.com', 'Bob Corp']) expect(text).not.toContain(pii);
  });

  it('says which customer does not exist', async () => {
    await expect(explainCustomer(engine, 'nobody', { config })).rejects.toThrow(/no customer nobody/);
  });
});

describe('long-term value from clv_predictions', () => {
  it('uses CLV predictions where they exist, the proxy elsewhere, and says which', async () => {
    // The tables come with the store (migration 3); `clv predict` fills them, with a fit made as of the run's date.
    await engine.run(
      `INSERT INTO clv_fits (fit_id, model, params, standard_errors, log_likelihood, customers, distinct_rows, time_unit, calibration_end, fit_ms, created_at)
       VALUES (1, 'bgnbd', '{}', '{}', 0, 2, 2, 'week', CAST($1 AS DATE), 0, now())`,
      [AS_OF],
    );
    await engine.run(
      `INSERT INTO clv_predictions (customer_id, fit_id, model, x, t_x, t, p_alive, expected_purchases, expected_spend, clv, horizon, time_unit, discount_rate, margin, created_at)
       VALUES ('A', 1, 'bgnbd', 1, 1, 2, 0.9, 4, 10, 5000, 52, 'week', 0, 0.3, now()), ('C', 1, 'bgnbd', 0, 0, 2, 0.2, 0.1, 10, 1, 52, 'week', 0, 0.3, now())`,
    );
    try {
      const r = await computeValue(engine, { config });
      expect(r.sources.longTermValue).toBe('clv_predictions+proxy');
      expect(r.assumed.longTermValue).toBe(true);
      const a = await row('A');
      expect([Number(a.long_term_value), Number(a.p_alive), a.long_term_source]).toEqual([5000, 0.9, 'clv_predictions']);
      expect((await row('B')).long_term_source).toBe('proxy');
      // Defection risk enters the low-risk criterion: A's loss score averaged with P(alive) 0.9.
      const lossScore = 1 - (Number(a.bad_debt) - Number(a.returns) - Number(a.cancellations)) / Number(a.gross_revenue);
      // The run stores the good-customer score only; the explanation computes the criterion scores for one customer.
      const lowRisk = (await explainCustomer(engine, 'A', { config })).criteria.find((x) => x.key === 'lowRisk')!;
      expect(lowRisk.score).toBeCloseTo((Math.min(1, Math.max(0, lossScore)) + 0.9) / 2, 9);
    } finally {
      await engine.run('DELETE FROM clv_predictions');
      await engine.run('DELETE FROM clv_fits');
    }
  });
});

describe('runs', () => {
  it('reuses a stored run for the same data, as-of date and config, and honours an explicit as-of date', async () => {
    const fresh = await computeValue(engine, { config }); // the data changed above (clv_predictions came and went)
    expect(fresh.reused).toBe(false);
    const again = await computeValue(engine, { config });
    expect(again.reused).toBe(true);
    expect(again.runId).toBe(fresh.runId);
    expect(again.whale.top20Share).toBe(report.whale.top20Share);
    const earlier = await computeValue(engine, { config, asOf: '2024-06-30' });
    expect(earlier.reused).toBe(false);
    expect(earlier.customers.buyers).toBe(3); // A, B, D had bought by then
    const a = await row('A');
    expect(Number(a.net_revenue)).toBeCloseTo(190, 9); // 100 + (100 − 10 discount)
  });
});
