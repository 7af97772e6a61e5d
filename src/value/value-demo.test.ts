/**
 * The demo company: every matrix and criterion is populated, and every customer's profit is recomputed here in
 * plain JavaScript from the demo's CSV files (net revenue, cost of goods from the product file, cost to serve,
 * bad debt), independently of the SQL.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo, type DemoFiles } from '../demo/index.js';
import { readCsvRecords } from '../test-support/csv.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from './config.js';
import { computeValue, type ValueReport } from './portfolio.js';

interface Expected {
  net: number;
  cogs: number;
  costToServe: number;
  badDebt: number;
  orders: Set<string>;
  days: Set<string>;
}

function independent(files: DemoFiles, asOf: string): Map<string, Expected> {
  const products = new Map(readCsvRecords(files.products).map((p) => [p.product_id, p]));
  const out = new Map<string, Expected>();
  const get = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { net: 0, cogs: 0, costToServe: 0, badDebt: 0, orders: new Set(), days: new Set() }));
    return e;
  };
  for (const l of readCsvRecords(files.orders)) {
    const day = l.ordered_at.slice(0, 10);
    if (!l.customer_id || day > asOf) continue;
    const e = get(l.customer_id);
    const qty = Number(l.quantity);
    const amount = qty * Number(l.unit_price);
    const discount = Number(l.discount || 0) * (l.kind === 'sale' ? 1 : -1);
    const net = amount - discount;
    e.net += net;
    const p = products.get(l.product_id);
    if (p?.unit_cost) e.cogs += qty * Number(p.unit_cost);
    else if (p?.margin_rate) e.cogs += net * (1 - Number(p.margin_rate));
    if (l.kind === 'sale') e.orders.add(l.order_id), e.days.add(day);
  }
  for (const s of readCsvRecords(files['service-costs'])) if (s.at <= asOf) get(s.customer_id).costToServe += Number(s.cost);
  for (const p of readCsvRecords(files.payments)) if ((p.due_date || p.paid_at) <= asOf) get(p.customer_id).badDebt += Number(p.written_off || 0);
  return out;
}

let store: Awaited<ReturnType<typeof tempStore>>;
let files: DemoFiles;
let report: ValueReport;
const config = normalizeValueConfig({ b2b: { favouredIndustries: ['software', 'finance'] } });

beforeAll(async () => {
  store = await tempStore();
  files = (await generateDemo({ customers: 1500, seed: 23, outDir: join(store.dir.dir, 'demo') })).files;
  await importDemoFiles(store.engine, files);
  report = await computeValue(store.engine, { config });
});
afterAll(async () => store.close());

describe('value on the demo company', () => {
  it('recomputes every customer’s profit from the files: net − cost of goods − cost to serve − bad debt', async () => {
    const expected = independent(files, report.asOf);
    const rows = await store.engine.query<Record<string, number | string>>(
      'SELECT customer_id, net_revenue, cogs, cost_to_serve, bad_debt, profit, orders, purchase_days FROM customer_summary',
    );
    expect(rows.length).toBe(1500);
    let checked = 0;
    for (const r of rows) {
      const e = expected.get(String(r.customer_id)) ?? { net: 0, cogs: 0, costToServe: 0, badDebt: 0, orders: new Set(), days: new Set() };
      const id = String(r.customer_id);
      expect(Number(r.net_revenue), id).toBeCloseTo(e.net, 4);
      expect(Number(r.cogs), id).toBeCloseTo(e.cogs, 4);
      expect(Number(r.cost_to_serve), id).toBeCloseTo(e.costToServe, 4);
      expect(Number(r.bad_debt), id).toBeCloseTo(e.badDebt, 4);
      expect(Number(r.profit), id).toBeCloseTo(e.net - e.cogs - e.costToServe - e.badDebt, 4);
      expect([Number(r.orders), Number(r.purchase_days)], id).toEqual([e.orders.size, e.days.size]);
      checked++;
    }
    expect(checked).toBe(1500);
    // The portfolio's totals are those customers' sums.
    const total = [...expected.values()].reduce((a, e) => a + e.net - e.cogs - e.costToServe - e.badDebt, 0);
    expect(report.profit.profit).toBeCloseTo(total, 3);
  });

  it('populates every cell of every value matrix', () => {
    for (const [name, m] of Object.entries(report.matrices)) {
      expect(m.available, name).toBe(true);
      expect(m.cells.length, name).toBe(4);
      for (const c of m.cells) expect(c.customers, `${name} ${c.cell}`).toBeGreaterThan(0);
    }
  });

  it('scores every good-customer criterion and raises every bad-customer flag for someone', () => {
    expect(report.criteria.scored).toHaveLength(12);
    expect(report.criteria.notScored.filter((n) => !n.criterion.startsWith('B2B: '))).toEqual([]);
    for (const [flag, n] of Object.entries(report.criteria.flags)) expect(n, flag).toBeGreaterThan(0);
    expect(report.sources).toMatchObject({ costOfGoods: 'products', costToServe: 'service_costs' });
    expect(report.basis).toBe('profit');
  });

  it('puts every customer in exactly one RFM segment, with the named R×F segments present', () => {
    expect(report.rfm.segments.reduce((a, s) => a + s.customers, 0)).toBe(report.customers.total);
    for (const name of ['Champions', 'Loyal', 'At Risk', 'Hibernating']) expect(report.rfm.segments.find((s) => s.segment === name)?.customers, name).toBeGreaterThan(0);
  });
});
