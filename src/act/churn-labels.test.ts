/**
 * churn --learn's drivers as people read them (zh-CN finding 25): a customer field by its Chinese name, an
 * attribute by the header the file wrote (not its snake-case key), and numbers written out (never 1.98e+3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { factorText, featureLabel, plainFigure } from './churn-labels.js';
import { learnChurn } from './churn-learn.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
}, 60_000);
afterAll(async () => store.close());

describe('churn driver labels', () => {
  it('writes figures out to three significant digits', () => {
    expect(plainFigure(1980.4)).toBe('1,980');
    expect(plainFigure(1_234_567)).toBe('1,230,000');
    expect(plainFigure(0.4951)).toBe('0.495');
    expect(plainFigure(29.94)).toBe('29.9');
    expect(plainFigure(0.000123456)).toBe('0.000123');
    expect(plainFigure(0)).toBe('0');
    for (const n of [1e-9, 3.3e7, 9.99e20, 123.456]) expect(plainFigure(n)).not.toMatch(/e/);
  });

  it('names a customer field by its Chinese name, an attribute by its header', () => {
    expect(featureLabel('gender')).toEqual({ en: 'gender', zh: '性别' });
    expect(featureLabel('marital_status').zh).toBe('婚姻状况');
    expect(featureLabel('total_charges_($)', new Map([['total_charges_($)', 'Total Charges ($)']]))).toEqual({ en: 'Total Charges ($)', zh: 'Total Charges ($)' });
    expect(featureLabel('log_recency_days').zh).toBe('距上次购买天数（对数）');
  });

  it('learns with drivers named by headers and labels, with plain numbers', async () => {
    // Churn follows the total charge (thousands: its standard deviation is in the thousands) and the gender.
    const lines = ['Subscriber ID,Gender,Tenure (months),Total Charges ($),Churn'];
    for (let i = 0; i < 240; i++) {
      const churn = i % 3 === 0;
      const total = churn ? 6000 + (i % 17) * 150 : 500 + (i % 23) * 90;
      lines.push(`S${i},${i % 2 ? 'Male' : 'Female'},${(i % 40) + 1},${total},${churn ? 'Yes' : 'No'}`);
    }
    await importFiles(store.engine, { entity: 'customers', files: [store.dir.file('subs.csv', lines.join('\n') + '\n')], map: { customer_id: 'Subscriber ID' } });
    const r = await learnChurn(store.engine);
    const text = r.drivers.map((d) => `${d.en}\n${d.zh}`).join('\n');
    expect(text).toContain('Total Charges ($)');
    expect(text).not.toMatch(/total_charges|tenure_\(months\)/);
    expect(text).not.toMatch(/\de[+-]\d/);
    const charges = r.drivers.find((d) => d.feature === 'total_charges_($)')!;
    // The standard deviation of the column, computed here independently, written out.
    const vals = lines.slice(1).map((l) => Number(l.split(',')[3]));
    expect(charges.zh).toMatch(/每增加一个标准差 [\d,]+，/);
    const shown = Number(/标准差 ([\d,.]+)/.exec(charges.zh)![1].replace(/,/g, ''));
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
    const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length);
    expect(Math.abs(shown - sd) / sd).toBeLessThan(0.15); // the model's sd is of its training split
    expect(r.scored.flatMap((s) => s.factors).join(' ')).not.toMatch(/total_charges/);
    const gender = r.drivers.find((d) => d.feature.startsWith('gender='));
    if (gender) expect(gender.zh).toMatch(/^性别 为/);
    // Each customer's factors in Chinese name the built-in field by its Chinese name, the file's header as written.
    const factors = r.scored.flatMap((s) => s.factors);
    const zh = factors.map((x) => factorText(x, 'zh-CN'));
    expect(zh.filter((x) => /^gender\b/.test(x))).toEqual([]);
    expect(factors.map((x) => factorText(x, 'en'))).toEqual(factors);
  }, 60_000);

  it('names the stored factors in Chinese by field, keeping headers and values', () => {
    expect(factorText('gender=Male +0.52', 'zh-CN')).toBe('性别=Male +0.52');
    expect(factorText('log_orders +0.31', 'zh-CN')).toBe('订单数（对数） +0.31');
    expect(factorText('Total Charges ($) +1.20', 'zh-CN')).toBe('Total Charges ($) +1.20');
    expect(factorText('contract_type=Two year +0.40', 'zh-CN')).toBe('contract_type=Two year +0.40');
  });
});
