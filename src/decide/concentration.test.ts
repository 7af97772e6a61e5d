import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo, type DemoFiles } from '../demo/index.js';
import { readCsvRecords } from '../test-support/csv.js';
import { tempStore } from '../test-support/temp.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { bigCustomerRisk, bigCustomerSignals, concentration } from './concentration.js';

describe('concentration', () => {
  it('computes top shares and the Herfindahl index by hand, and warns past the thresholds', () => {
    // Positive profits 50, 30, 20 (sum 100); the loss of −10 is left out of the shares.
    const c = concentration([20, -10, 50, 30]);
    expect(c).toMatchObject({ customers: 4, positiveProfit: 100, totalProfit: 90, top1Share: 0.5, top5Share: 1, top10Share: 1 });
    expect(c.hhi).toBeCloseTo(0.25 + 0.09 + 0.04, 12);
    expect(c.equivalentCustomers).toBeCloseTo(1 / 0.38, 12);
    expect(c.warnings.map((w) => w.code)).toEqual(['top10', 'hhi']);
    const flat = concentration(Array.from({ length: 100 }, () => 1));
    expect(flat.hhi).toBeCloseTo(0.01, 12);
    expect(flat.top10Share).toBeCloseTo(0.1, 12);
    expect(flat.warnings).toEqual([]);
  });

  it('reads the signals of a large customer', () => {
    const b = bigCustomerSignals('A', 40, 400, 200, { netRecent: 60, netPrior: 100, grossRecent: 100, grossPrior: 100, discRecent: 8, discPrior: 2, activeDays90: 3, lateRecent: 20, latePrior: 5, wallet: 300 });
    expect(b).toMatchObject({ dependence: 0.2, shareOfWallet: 0.2, revenueChange: -0.4, signals: ['rising-discounts', 'slower-payment', 'going-own-way'] });
    // Falling volume with no purchase in 90 days is churn, not going their own way.
    expect(bigCustomerSignals('B', 1, 1, 1, { netRecent: 10, netPrior: 100, grossRecent: 0, grossPrior: 0, discRecent: 0, discPrior: 0, activeDays90: 0, lateRecent: null, latePrior: null, wallet: null }).signals).toEqual([]);
  });
});

describe('big-customer risk on the demo company', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  let files: DemoFiles;
  beforeAll(async () => {
    store = await tempStore();
    files = (await generateDemo({ customers: 1500, seed: 3, outDir: join(store.dir.dir, 'demo') })).files;
    await importDemoFiles(store.engine, files);
  }, 120_000);
  afterAll(async () => store.close());

  it('recomputes the shares and every large customer\'s signals from the files', async () => {
    const v = await computeValue(store.engine, { config: normalizeValueConfig({}) });
    const r = await bigCustomerRisk(store.engine, v.asOf);
    const profits = (await store.engine.query<{ profit: number }>('SELECT profit FROM customer_summary WHERE first_purchase IS NOT NULL')).map((x) => Number(x.profit)).filter((p) => p > 0).sort((a, b) => b - a);
    const sum = profits.reduce((a, b) => a + b, 0);
    expect(r.concentration.top10Share).toBeCloseTo(profits.slice(0, 10).reduce((a, b) => a + b, 0) / sum, 12);
    expect(r.concentration.hhi).toBeCloseTo(profits.reduce((a, p) => a + (p / sum) ** 2, 0), 12);
    expect(r.large.map((b) => b.profit)).toEqual(profits.slice(0, 10));
    const day = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const [y1, y2, d90] = [day(v.asOf, 365), day(v.asOf, 730), day(v.asOf, 90)];
    const lines = readCsvRecords(files.orders);
    const pays = readCsvRecords(files.payments);
    for (const b of r.large) {
      const e = { nr: 0, np: 0, gr: 0, gp: 0, dr: 0, dp: 0, active: false };
      for (const l of lines) {
        if (l.customer_id !== b.customerId) continue;
        const d = l.ordered_at.slice(0, 10);
        const amount = Number(l.quantity) * Number(l.unit_price);
        const sale = l.kind === 'sale';
        const net = amount - Number(l.discount || 0) * (sale ? 1 : -1);
        if (d > y1 && d <= v.asOf) (e.nr += net), sale && ((e.gr += amount), (e.dr += Number(l.discount || 0)));
        else if (d > y2 && d <= y1) (e.np += net), sale && ((e.gp += amount), (e.dp += Number(l.discount || 0)));
        if (sale && d > d90 && d <= v.asOf) e.active = true;
      }
      const late = (from: string, to: string) => {
        const xs = pays.filter((p) => p.customer_id === b.customerId && p.due_date && p.due_date > from && p.due_date <= to).map((p) => Math.max(0, (Date.parse(p.paid_at || v.asOf) - Date.parse(p.due_date)) / 86_400_000));
        return xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : null;
      };
      const x = bigCustomerSignals(b.customerId, b.profit, b.netRevenue, sum, { netRecent: e.nr, netPrior: e.np, grossRecent: e.gr, grossPrior: e.gp, discRecent: e.dr, discPrior: e.dp, activeDays90: e.active ? 1 : 0, lateRecent: late(y1, v.asOf), latePrior: late(y2, y1), wallet: null });
      expect(b.signals, b.customerId).toEqual(x.signals);
      for (const k of ['revenueChange', 'discountShareRecent', 'discountSharePrior', 'daysLateRecent', 'daysLatePrior', 'dependence'] as const) {
        if (x[k] === null) expect(b[k], `${b.customerId} ${k}`).toBeNull();
        else expect(b[k], `${b.customerId} ${k}`).toBeCloseTo(x[k]!, 6);
      }
    }
  });
});
