/**
 * customer_facts against the lines themselves: a value run from the facts must store exactly the summary a run over
 * every order line stores, after a first import, after an incremental one, after new product costs, after an import
 * is discarded, and with another growth window.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoFiles } from '../demo/index.js';
import type { Engine } from '../engine/engine.js';
import { discardImport } from '../engine/store.js';
import { tempStore } from '../test-support/temp.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { currentFacts } from './facts.js';
import { importFiles } from './import.js';

type Store = Awaited<ReturnType<typeof tempStore>>;

const NUMERIC = [
  'orders', 'purchase_days', 'lines', 'gross_revenue', 'returns', 'cancellations', 'adjustments', 'discounts', 'net_revenue',
  'revenue_recent', 'revenue_prior', 'cogs', 'cogs_assumed_revenue', 'uncosted_revenue', 'gross_margin', 'cost_to_serve', 'bad_debt',
  'profit', 'tenure_days', 'recency_days', 'span_days', 'categories', 'top_category_revenue', 'categorized_revenue', 'off_core_revenue',
];

/** The stored summary, keyed by customer. */
async function summary(engine: Engine): Promise<Map<string, Record<string, unknown>>> {
  const rows = await engine.query<Record<string, unknown>>(
    `SELECT customer_id, CAST(first_purchase AS VARCHAR) AS first_purchase, CAST(last_purchase AS VARCHAR) AS last_purchase, top_category, ${NUMERIC.join(', ')} FROM customer_summary`,
  );
  return new Map(rows.map((r) => [String(r.customer_id), r]));
}

/** Runs value from the facts and from every line, and lists every figure on which the two summaries differ. */
async function compareWithLines(engine: Engine, config = normalizeValueConfig({ marginRate: 0.35 })): Promise<{ customers: number; differences: string[] }> {
  await computeValue(engine, { config, force: true });
  const fromFacts = await summary(engine);
  await computeValue(engine, { config, force: true, fromLines: true });
  const fromLines = await summary(engine);
  const differences: string[] = [];
  if (fromFacts.size !== fromLines.size) differences.push(`customers: ${fromFacts.size} from facts, ${fromLines.size} from lines`);
  for (const [id, l] of fromLines) {
    const f = fromFacts.get(id);
    if (!f) {
      differences.push(`${id}: missing from the facts`);
      continue;
    }
    for (const k of ['first_purchase', 'last_purchase', 'top_category']) if (f[k] !== l[k]) differences.push(`${id}.${k}: ${f[k]} vs ${l[k]}`);
    for (const k of NUMERIC) {
      const a = f[k] === null ? null : Number(f[k]);
      const b = l[k] === null ? null : Number(l[k]);
      if ((a === null) !== (b === null) || (a !== null && b !== null && Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(b)))) differences.push(`${id}.${k}: ${a} vs ${b}`);
    }
  }
  return { customers: fromLines.size, differences: differences.slice(0, 20) };
}

async function factsRows(engine: Engine): Promise<string[]> {
  const rows = await engine.query<Record<string, unknown>>('SELECT * FROM customer_facts ORDER BY customer_id');
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : String(v)]))));
}

describe('customer facts on the demo company', () => {
  let store: Store;
  let files: DemoFiles;
  beforeAll(async () => {
    store = await tempStore();
    const demo = await generateDemo({ customers: 800, seed: 3, outDir: join(store.dir.dir, 'demo') });
    files = demo.files;
    for (const entity of ['customers', 'products', 'service-costs', 'payments', 'surveys'] as const) await importFiles(store.engine, { entity, files: [files[entity]] });
  });
  afterAll(async () => store.close());

  it('an import of order lines builds them, and a value run from them stores the summary the lines give', async () => {
    const r = await importFiles(store.engine, { entity: 'orders', files: [files.orders] });
    // The products import before it built empty facts, so the order lines add every buyer to them.
    expect(r.facts.mode).toBe('incremental');
    expect(r.facts.customers).toBeGreaterThan(700);
    const { customers, differences } = await compareWithLines(store.engine);
    expect(customers).toBe(800);
    expect(differences).toEqual([]);
  });

  it('with another growth window, the windows move and still agree', async () => {
    const config = normalizeValueConfig({ marginRate: 0.35, criteria: { growthWindowDays: 90 } });
    expect((await compareWithLines(store.engine, config)).differences).toEqual([]);
    const [{ w }] = await store.engine.query<{ w: number }>('SELECT window_days AS w FROM facts_state');
    expect(w).toBe(90);
  });

  it('new product costs rebuild them', async () => {
    const before = await factsRows(store.engine);
    const costs = store.dir.file('costs.csv', 'product_id,unit_cost\n' + (await store.engine.query<{ p: string }>('SELECT product_id AS p FROM products ORDER BY p LIMIT 40')).map((x) => `${x.p},1.25`).join('\n') + '\n');
    const r = await importFiles(store.engine, { entity: 'products', files: [costs] });
    expect(r.facts.mode).toBe('full');
    expect(await factsRows(store.engine)).not.toEqual(before);
    expect((await compareWithLines(store.engine)).differences).toEqual([]);
  });
});

describe('customer facts kept up to date by imports', () => {
  let store: Store;
  beforeAll(async () => {
    store = await tempStore();
  });
  afterAll(async () => store.close());

  // A: three sales and a return over two files; B: a sale in each file, the second moving the last order day;
  // C: only in the second file. One guest line.
  const first = `order_id,customer_id,ordered_at,product_id,category,quantity,unit_price,discount,kind
o1,A,2024-01-10,P1,Tea,10,10,0,sale
o2,A,2024-06-01,P2,Tea,2,50,10,sale
o3,B,2024-03-01,P3,Gadgets,5,20,0,sale
o4,,2024-03-02,P1,Tea,1,10,0,sale
`;
  const second = `order_id,customer_id,ordered_at,product_id,category,quantity,unit_price,discount,kind
o5,A,2024-12-01,P1,Tea,5,10,0,sale
r1,A,2024-12-05,P1,Tea,-1,10,0,return
o6,B,2025-02-01,P3,Gadgets,1,20,0,sale
o7,C,2025-01-20,P2,Tea,1,20,0,sale
`;

  it('refreshes only the customers an import touched, and moves everyone’s windows with the last order day', async () => {
    const e = store.engine;
    const a = await importFiles(e, { entity: 'orders', files: [store.dir.file('first.csv', first)] });
    expect(a.facts).toEqual({ mode: 'full', customers: 2 });
    const b = await importFiles(e, { entity: 'orders', files: [store.dir.file('second.csv', second)] });
    expect(b.facts).toEqual({ mode: 'incremental', customers: 3 });
    const incremental = await factsRows(e);
    // By hand, as of 2025-02-01 with 365-day windows (recent from 2024-02-03, prior from 2023-02-04):
    // A: orders o1, o2, o5; days 3; net 100 + (100 − 10) + 50 − 10 = 230; recent 90 + 50 − 10 = 130, prior 100.
    const [fa] = await e.query<Record<string, number>>("SELECT orders, purchase_days, lines, net_revenue, revenue_recent, revenue_prior, categories FROM customer_facts WHERE customer_id = 'A'");
    expect(fa).toEqual({ orders: 3, purchase_days: 3, lines: 4, net_revenue: 230, revenue_recent: 130, revenue_prior: 100, categories: 1 });
    const [state] = await e.query<{ as_of: string; unattributed_lines: number; unattributed_net: number }>('SELECT CAST(as_of AS VARCHAR) AS as_of, unattributed_lines, unattributed_net FROM facts_state');
    expect(state).toEqual({ as_of: '2025-02-01', unattributed_lines: 1, unattributed_net: 10 });
    // The same facts as a build from scratch.
    await e.run('DELETE FROM facts_state');
    await e.transaction(() => currentFacts(e, 365));
    expect(await factsRows(e)).toEqual(incremental);
  });

  it('an import that loads nothing leaves them alone', async () => {
    const again = await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('second.csv', second)] });
    expect(again.facts.mode).toBe('none');
  });

  it('a discarded import makes the next value run rebuild them, and it agrees with the lines', async () => {
    const e = store.engine;
    const [{ id }] = await e.query<{ id: number }>("SELECT max(import_id) AS id FROM imports WHERE entity = 'orders'");
    await discardImport(e, id);
    const r = await computeValue(e, { config: normalizeValueConfig({}), force: true });
    expect(r.asOf).toBe('2024-06-01');
    const [fa] = await e.query<Record<string, number>>("SELECT orders, net_revenue FROM customer_facts WHERE customer_id = 'A'");
    expect(fa).toEqual({ orders: 2, net_revenue: 190 });
    expect((await compareWithLines(e)).differences).toEqual([]);
  });
});
