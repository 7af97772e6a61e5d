import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { tempDir } from '../test-support/temp.js';

const tmp = tempDir();
const db = `${tmp.dir}/v.duckdb`;
afterAll(() => tmp.cleanup());

beforeAll(async () => {
  const customers = tmp.file('c.csv', 'customer_id,name,email\nc1,Jane Private,jane@example.com\nc2,Joe,joe@example.com\nc3,Never Bought,nb@example.com\n');
  const orders = tmp.file('o.csv', 'order_id,customer_id,ordered_at,quantity,unit_price\nA1,c1,2024-01-01,2,50\nA2,c1,2024-03-01,1,50\nA3,c2,2024-02-01,1,30\nA4,,2024-02-02,1,5\n');
  expect((await runCli(['--db', db, 'import', 'customers', customers])).code).toBe(0);
  expect((await runCli(['--db', db, 'import', 'orders', orders])).code).toBe(0);
});

describe('clientele value', () => {
  it('prints one JSON object with the portfolio, whale, RFM and matrices', async () => {
    const r = await runCli(['--db', db, 'value', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['asOf', 'customers', 'revenue', 'profit', 'whale', 'rfm', 'matrices', 'criteria', 'assumed', 'basis']));
    expect(out.asOf).toBe('2024-03-01');
    expect(out.customers).toMatchObject({ total: 3, buyers: 2, withoutOrders: 1 });
    expect(out.revenue.net).toBe(180);
    expect(out.revenue.unattributed).toEqual({ lines: 1, net: 5 });
    expect(out.basis).toBe('revenue');
    expect(out.whale.curve).toHaveLength(101);
    expect(out.whale.deciles).toHaveLength(10);
    expect(out.whale.top20Share).toBe(150 / 180); // ceil(0.6) = 1 customer: c1
    expect(r.stdout).not.toMatch(/Jane|jane@/);
  });

  it('reads a config file, and flags override it; assumed figures say so', async () => {
    const cfg = tmp.file('cfg.json', JSON.stringify({ marginRate: 0.25, costPerOrder: 1 }));
    const out = JSON.parse((await runCli(['--db', db, 'value', '--config', cfg, '--cost-per-order', '2', '--json'])).stdout);
    expect(out.basis).toBe('profit');
    expect(out.assumed).toMatchObject({ costOfGoods: true, costToServe: true });
    expect(out.profit.profit).toBeCloseTo(0.25 * 180 - 2 * 3, 9); // 3 orders at 2 each
    const text = await runCli(['--db', db, 'value', '--config', cfg]);
    expect(text.stdout).toMatch(/Whale curve \(profit\)/);
    expect(text.stdout).toMatch(/assumed/);
  });

  it('explains one customer', async () => {
    const r = await runCli(['--db', db, 'customer', 'c1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const x = JSON.parse(r.stdout);
    expect(Object.keys(x)).toEqual(expect.arrayContaining(['customerId', 'figures', 'rfm', 'matrices', 'criteria', 'flags', 'goodScore']));
    expect(x.figures).toMatchObject({ orders: 2, netRevenue: 150, firstPurchase: '2024-01-01', lastPurchase: '2024-03-01' });
    expect(r.stdout).not.toMatch(/Jane|jane@/);
    const text = await runCli(['--db', db, 'customer', 'c3']);
    expect(text.stdout).toMatch(/No Purchase/);
  });

  it('fails with usage and not-found exit codes', async () => {
    expect((await runCli(['--db', db, 'customer', 'zz'])).code).toBe(5);
    const bad = await runCli(['--db', db, 'value', '--as-of', '2024-13-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--as-of 2024-13-01/);
    expect((await runCli(['--db', db, 'value', '--margin-rate', 'lots'])).code).toBe(2);
    const cfg = tmp.file('bad.json', '{"marginRate": 7}');
    const r = await runCli(['--db', db, 'value', '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/marginRate/);
    // A store with no order lines (made by a command that may create one) has no as-of date: not found.
    expect((await runCli(['--db', `${tmp.dir}/empty.duckdb`, 'config', 'show'])).code).toBe(0);
    expect((await runCli(['--db', `${tmp.dir}/empty.duckdb`, 'value'])).code).toBe(5);
  });

  it('refuses to read a store that does not exist, and leaves no file there', async () => {
    const path = `${tmp.dir}/typo.duckdb`;
    for (const args of [['value'], ['segment', 'list'], ['churn'], ['report', '--out', `${tmp.dir}/r.html`]]) {
      const r = await runCli(['--db', path, ...args]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(`there is no store at ${path}`);
      expect(existsSync(path)).toBe(false);
    }
    const zh = await runCli(['--db', path, 'value', '--lang', 'zh-CN']);
    expect(zh.stderr).toContain('处没有数据库');
  });

  it('says what is wrong with an --out path instead of calling it a bug', async () => {
    const missing = await runCli(['--db', db, 'report', '--out', `${tmp.dir}/no/such/folder/r.html`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/there is no such file or folder/);
    expect(missing.stderr).not.toMatch(/internal error|bug/);
    const folder = await runCli(['--db', db, 'report', '--out', tmp.dir, '--lang', 'zh-CN']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('是文件夹，不是文件');
  });
});
