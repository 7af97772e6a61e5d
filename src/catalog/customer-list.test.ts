import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo } from '../demo/index.js';
import type { Engine } from '../engine/engine.js';
import { createSegment, type ValueRun } from '../segment/index.js';
import { CUSTOMER_SORTS } from '../sql/customers.js';
import { tempStore } from '../test-support/temp.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { CUSTOMER_SORT_KEYS, countCustomers, customerListPage, isCustomerListOf, refreshCustomerList, type CustomerFilter } from './customer-list.js';

let store: Awaited<ReturnType<typeof tempStore>>;
let engine: Engine;
let run: ValueRun;
const config = normalizeValueConfig({});

beforeAll(async () => {
  store = await tempStore();
  engine = store.engine;
  const demo = await generateDemo({ customers: 400, seed: 11, outDir: join(store.dir.dir, 'demo') });
  await importDemoFiles(engine, demo.files);
  const v = await computeValue(engine, { config });
  run = { runId: v.runId, asOf: v.asOf };
  expect(await refreshCustomerList(engine, run)).toBe(true);
}, 120_000);
afterAll(async () => store?.close());

/** The same order computed independently: a plain sort of the value run's tables. */
async function direct(sort: keyof typeof CUSTOMER_SORTS, order: 'asc' | 'desc', where = 'TRUE', params: unknown[] = []): Promise<string[]> {
  const col = CUSTOMER_SORTS[sort].col;
  const expr = `${['good_score', 'long_term_value'].includes(col) ? 'v' : 's'}.${col}`;
  const rows = await engine.query<{ id: string }>(
    `SELECT s.customer_id AS id FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id WHERE ${where}
     ORDER BY ${expr} ${order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, s.customer_id ${order === 'desc' ? 'ASC' : 'DESC'}`,
    params as never,
  );
  return rows.map((r) => r.id);
}

async function all(sort: keyof typeof CUSTOMER_SORTS, order: 'asc' | 'desc', f: CustomerFilter = {}, pageSize = 37): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await customerListPage(engine, run, { ...f, sort, order, limit: pageSize, offset });
    out.push(...page.map((r) => r.customer_id));
    if (page.length < pageSize) return out;
  }
}

describe('customer list', () => {
  it('is built once per value run', async () => {
    expect(await isCustomerListOf(engine, run)).toBe(true);
    expect(await refreshCustomerList(engine, run)).toBe(false);
    expect(await isCustomerListOf(engine, { ...run, runId: run.runId + 1 })).toBe(false);
  });

  it('pages through every sort key in both orders exactly as a plain sort does (missing values last)', async () => {
    for (const sort of CUSTOMER_SORT_KEYS) {
      for (const order of ['desc', 'asc'] as const) expect(await all(sort, order), `${sort} ${order}`).toEqual(await direct(sort, order));
    }
  });

  it('filters by RFM segment, R×F cell, value quadrant, value-loyalty tier, rule and saved segment', async () => {
    const [{ segment }] = await engine.query<{ segment: string }>('SELECT segment FROM customer_value GROUP BY 1 ORDER BY count(*) DESC LIMIT 1');
    const cases: Array<[CustomerFilter, string, unknown[]]> = [
      [{ segment }, 'v.segment = $1', [segment]],
      [{ r: 2, f: 3 }, 'v.r = 2 AND v.f = 3', []],
      [{ r: 5 }, 'v.r = 5', []],
      [{ quadrant: 'II' }, "v.value_quadrant = 'II'", []],
      [{ tier: 'small_price_sensitive', segment }, "v.value_loyalty = 'small_price_sensitive' AND v.segment = $1", [segment]],
      [{ rule: 'profit > 100 and orders >= 2' }, 's.profit > 100 AND s.orders >= 2', []],
      [{ rule: 'country = "China"', quadrant: 'IV' }, "s.customer_id IN (SELECT customer_id FROM customers WHERE country = 'China') AND v.value_quadrant = 'IV'", []],
    ];
    for (const [f, where, params] of cases) {
      const expected = await direct('profit', 'desc', where, params);
      expect(expected.length, JSON.stringify(f)).toBeGreaterThan(0);
      expect(await all('profit', 'desc', f, 9), JSON.stringify(f)).toEqual(expected);
      expect(await countCustomers(engine, run, f)).toBe(expected.length);
      expect(await all('goodScore', 'asc', f, 50)).toEqual(await direct('goodScore', 'asc', where, params));
    }
    await createSegment(engine, 'big', 'revenue > 500', config);
    expect(await all('revenue', 'desc', { saved: 'big' })).toEqual(await direct('revenue', 'desc', 's.net_revenue > 500'));
    expect(await countCustomers(engine, run, {})).toBe((await direct('profit', 'desc')).length);
  });

  it('refuses filters that name nothing, and keeps rule values as parameters', async () => {
    await expect(countCustomers(engine, run, { segment: 'Everyone' })).rejects.toThrow(/segment "Everyone"/);
    await expect(countCustomers(engine, run, { r: 6 })).rejects.toThrow(/1 to 5/);
    await expect(countCustomers(engine, run, { tier: 'gold' })).rejects.toThrow(/tier/);
    await expect(countCustomers(engine, run, { rule: 'profit >' })).rejects.toThrow();
    expect(await countCustomers(engine, run, { rule: `country = "x' OR 1=1 --"` })).toBe(0);
  });

  it('carries figures only, no personal data', async () => {
    const [row] = await customerListPage(engine, run, { sort: 'profit', order: 'desc', limit: 1, offset: 0 });
    for (const k of ['name', 'email', 'phone', 'address', 'birth_date']) expect(row).not.toHaveProperty(k);
    expect(typeof row.last_purchase === 'string' || row.last_purchase === null).toBe(true);
  });
});
