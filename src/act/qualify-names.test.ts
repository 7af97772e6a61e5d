import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALIFY } from './qualify-config.js';
import { keyOf, type Lead } from './lead-rows.js';
import { qualifyAll } from './qualify.js';
import { storePerTest } from '../test-support/store-per-test.js';
import { qualifyLeads } from './qualify.js';

// QA session 9, D3: a Chinese bank's leads file names balance 存款余额(元) and default 是否违约; they are kept as
// attributes under those names, and the money check read only the English ones (no data for every lead).
const lead = (id: string, attrs: Record<string, string>): Lead => ({
  leadId: id, name: null, email: null, phone: null, company: null, source: null, referredBy: null,
  values: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [keyOf(k), v])),
});

describe('the money check reads lead attributes named in Chinese as the English ones', () => {
  it.each([
    ['存款余额(元)', '是否违约', '是', '否'],
    ['余额', '违约', '是', '否'],
    ['账户余额', '是否违约', 'yes', 'no'],
    ['Account Balance', 'Credit Default', 'Y', 'N'],
    ['帳戶餘額', '是否違約', '是', '否'],
  ])('%s / %s', (balance, dflt, yes, no) => {
    const s = qualifyAll([lead('a', { [balance]: '-5', [dflt]: no }), lead('b', { [balance]: '120', [dflt]: yes }), lead('c', { [balance]: '300', [dflt]: no })], DEFAULT_QUALIFY);
    expect(s.results.map((r) => [r.checks.money.status, r.checks.money.field])).toEqual([['fail', 'balance'], ['fail', 'default'], ['pass', 'balance']]);
    expect(s.checks.money['no-data']).toBe(0);
  });

  it('multiplies a figure by its unit note (万元), and knows a lead without the value from a file without the column', () => {
    const s = qualifyAll([lead('a', { '年收入(万元)': '1.5' }), lead('b', { '年收入(万元)': '' })], DEFAULT_QUALIFY);
    expect(s.results[0].checks.money).toMatchObject({ status: 'fail', field: 'income', value: 15000 });
    expect(s.results[1].checks.money.status).toBe('unknown');
    expect(qualifyAll([lead('c', { 年龄: '40' })], DEFAULT_QUALIFY).checks.money['no-data']).toBe(1);
  });

  it('a configured name finds the column with its notes ("存款余额" reads 存款余额(元)), and the English key still wins', () => {
    const cfg = { ...DEFAULT_QUALIFY, money: { ...DEFAULT_QUALIFY.money, fields: [{ field: '存款余额', min: 100 }] } };
    expect(qualifyAll([lead('a', { '存款余额(元)': '50' })], cfg).results[0].checks.money).toMatchObject({ status: 'fail', value: 50 });
    const both = qualifyAll([lead('a', { balance: '10', 余额: '-10' })], DEFAULT_QUALIFY);
    expect(both.results[0].checks.money).toMatchObject({ status: 'pass', value: 10 });
  });
});

describe('a Chinese bank leads file, imported and qualified', () => {
  const t = storePerTest();
  it('counts the money check as the English file does, checked against the rows', async () => {
    // Balance, default (是/否) and 登记日期: 40 leads, the figures drawn by a fixed rule.
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: `L${i}`, balance: ((i * 37) % 23) * 100 - 700, dflt: i % 11 === 3 ? '是' : '否', day: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}` }));
    const csv = ['线索编号,存款余额(元),是否违约,来源渠道,登记日期', ...rows.map((r) => `${r.id},${r.balance},${r.dflt},电话营销,${r.day}`)].join('\n');
    await t.run('leads', 'leads_zh.csv', csv);
    const fail = rows.filter((r) => r.balance < 0 || r.dflt === '是').length;
    const s = await qualifyLeads(t.engine, DEFAULT_QUALIFY);
    expect(s.checks.money).toEqual({ pass: 40 - fail, fail, unknown: 0, 'no-data': 0 });
    expect(fail).toBeGreaterThan(5);
    const created = await t.rows<{ n: number }>("SELECT count(*) AS n FROM leads WHERE created_at = DATE '2024-05-01'");
    expect(Number(created[0].n)).toBe(rows.filter((r) => r.day === '2024-05-01').length);
  });
});
