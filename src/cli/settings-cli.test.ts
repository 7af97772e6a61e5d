import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { readCsv } from '../test-support/csv.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempDir } from '../test-support/temp.js';

/**
 * Settings stay with the store (issue 13.9): `value --margin-rate 0.35`, then `report` and `migrate`, each shows
 * the same profit, and that profit is what an independent computation from the file gives: net revenue × 0.35
 * (no product costs, no service costs).
 */
const tmp = tempDir();
afterAll(() => tmp.cleanup());
const db = `${tmp.dir}/shop.duckdb`;
const cli = (...args: string[]) => runCli(['--db', db, ...args]);

let file: string;
let expectedNet = 0;
beforeAll(async () => {
  const lines = readFileSync(sharedData('online_retail', 'online_retail.csv'), 'utf8').split('\n').slice(0, 4001);
  file = tmp.file('retail-head.csv', lines.join('\n') + '\n');
  // Independently: net revenue of the lines with a customer id = Σ quantity × unit price, each exact duplicate
  // line (every column equal) counted once.
  const { header, rows } = readCsv(file);
  const [q, p, c] = ['Quantity', 'UnitPrice', 'CustomerID'].map((h) => header.indexOf(h));
  const seen = new Set<string>();
  for (const r of rows) {
    const key = JSON.stringify(r);
    if (r[c] === '' || seen.has(key)) continue;
    seen.add(key);
    expectedNet += Number(r[q]) * Number(r[p]);
  }
  const r = await cli('import', 'orders', file, '--preset', 'online-retail');
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('settings that stay with the store', () => {
  it('before any cost is known, the report says revenue and labels nothing profit', async () => {
    const out = `${tmp.dir}/revenue.html`;
    const r = await cli('report', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).profit.basis).toBe('revenue');
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/>Profit</);
    expect(html).toMatch(/Net revenue by customer decile/);
  }, 60_000);

  it('before any cost is known, segment create and show label nothing profit, in both languages (QA session 8, F15)', async () => {
    const made = await cli('segment', 'create', 'buyers', '--rule', 'revenue > 0');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/no costs are known, so no profit/);
    expect(made.stdout).not.toMatch(/profit \d/);
    const json = JSON.parse((await cli('segment', 'show', 'buyers', '--json')).stdout);
    expect(json.profitKnown).toBe(false);
    // What the segment's revenue is, independently: every buyer's net revenue (all have revenue > 0 here or not).
    expect(json.revenue).toBeGreaterThan(0);
    const zh = await cli('--lang', 'zh-CN', 'segment', 'show', 'buyers');
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/利润\s+—（没有成本数据/);
    expect(zh.stdout).not.toMatch(/利润最高的成员/);
    expect(zh.stdout).toMatch(/净收入最高的成员/);
  }, 60_000);

  it('value --margin-rate 0.35 saves it; report and migrate then show the same profit', async () => {
    const v = await cli('value', '--margin-rate', '0.35', '--json');
    expect(v.code, v.stderr).toBe(0);
    const value = JSON.parse(v.stdout);
    expect(value.savedSettings).toEqual(['margin-rate']);
    expect(value.basis).toBe('profit');
    expect(value.profit.profit).toBeCloseTo(expectedNet * 0.35, 6);

    const shown = await cli('config', 'show', '--json');
    expect(JSON.parse(shown.stdout)).toEqual({ 'margin-rate': 0.35 });

    const out = `${tmp.dir}/report.html`;
    const rep = await cli('report', '--out', out, '--json');
    expect(rep.code, rep.stderr).toBe(0);
    const report = JSON.parse(rep.stdout);
    expect(report.profit).toEqual({ basis: 'profit', value: value.profit.profit });
    expect(report.settings).toContainEqual({ key: 'margin-rate', value: 0.35, source: 'store' });
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(Math.round(value.profit.profit).toLocaleString('en-US'));
    expect(html).toMatch(/margin-rate 0\.35 \(saved in the store\)/);

    const m = await cli('migrate', '--from', '2010-12-01', '--to', value.asOf, '--json');
    expect(m.code, m.stderr).toBe(0);
    expect(JSON.parse(m.stdout).portfolio.to).toBe(value.profit.profit);
    const text = await cli('migrate', '--from', '2010-12-01', '--to', value.asOf);
    expect(text.stdout).toContain(`Portfolio profit: `);
    expect(text.stdout).toMatch(/margin-rate 0\.35 \(saved in the store\)/);

    // A later value without the flag uses the saved one, and says so.
    const again = await cli('value');
    expect(again.stdout).toMatch(/settings: margin-rate 0\.35 \(saved in the store\)/);
  }, 180_000);

  it('config set / unset: a later flag is used for its command only; bad values are refused clearly', async () => {
    expect((await cli('config', 'set', 'currency', 'gbp')).stdout).toMatch(/Saved currency = GBP/);
    const once = JSON.parse((await cli('value', '--margin-rate', '0.5', '--json')).stdout);
    expect(once.savedSettings).toEqual([]);
    expect(once.settings).toContainEqual({ key: 'margin-rate', value: 0.5, source: 'command' });
    expect(once.settings).toContainEqual({ key: 'currency', value: 'GBP', source: 'store' });
    expect(JSON.parse((await cli('config', 'show', '--json')).stdout)['margin-rate']).toBe(0.35);
    const bad = await cli('config', 'set', 'margin-rate', '1.5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/margin-rate: expected a number from -1 to 1/);
    const unknown = await cli('config', 'set', 'colour', 'red');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no setting "colour"[\s\S]*margin-rate/);
    expect((await cli('config', 'unset', 'margin-rate')).stdout).toMatch(/Forgot margin-rate/);
    const after = JSON.parse((await cli('value', '--json')).stdout);
    expect(after.basis).toBe('revenue');
  }, 120_000);
});
