/**
 * A keyed file with fewer columns than the one before it (a finance export of customer ids and incomes) updates the
 * fields it has and keeps the others (QA session 9, D2); an empty value in a column it has still clears the field;
 * undoing the import brings the stored rows back as they were.
 */
import { describe, expect, it } from 'vitest';
import { removeImport } from './remove.js';
import { storePerTest } from '../test-support/store-per-test.js';
import { translateCore } from '../cli/i18n/index.js';

const s = storePerTest({ append: true });
const { run, rows } = s;
// Kidhome is kept as an attribute (the update file has none: the stored ones stay; QA session 9b, F5 crashed on them).
const full = 'customer_id,name,email,phone,city,gender,income,vip_level,Kidhome\nK001,Wang Wei,ww@x.cn,13800000001,Beijing,M,120000,gold,1\nK002,Li Na,ln@x.cn,13800000002,Shanghai,F,90000,silver,0\n';
const stored = () => rows('SELECT customer_id, name, email, phone, city, gender, income, CAST(attributes AS VARCHAR) AS attributes FROM customers ORDER BY customer_id');

describe('a customers file with fewer columns', () => {
  it('updates the fields it has and keeps the others, and says which it kept', async () => {
    await run('customers', 'full.csv', full);
    const before = await stored();
    expect((before[0] as { attributes: string }).attributes).toContain('Kidhome');
    const r = (await run('customers', 'income.csv', 'customer_id,name,income\nK001,Wang Wei,150000\nK003,Zhao Lei,70000\n')).files[0];
    expect(r.updated).toBe(1);
    const after = await stored();
    // K001: the income changed, every other field as stored (the attributes too: the file has no column for one).
    expect(after[0]).toEqual({ ...(before[0] as object), income: 150000 });
    expect(after[1]).toEqual(before[1]);
    expect(after[2]).toMatchObject({ customer_id: 'K003', name: 'Zhao Lei', email: null, income: 70000 });
    const note = r.notes.find((n) => n.startsWith('the 1 row that replaces a stored one keeps the stored'));
    expect(note).toBe('the 1 row that replaces a stored one keeps the stored email, phone, type, city, gender (the file has no column for them)'); // vip_level is the type
    expect(translateCore(note!, 'zh-CN')).toMatch(/^替换已有记录的 1 行保留了原有的/);
    // Undone, the stored rows are as they were before the second file.
    await removeImport(s.engine, r.importId!);
    expect(await stored()).toEqual(before);
  });

  it('clears a field whose column it has, left empty', async () => {
    await run('customers', 'full.csv', full);
    await run('customers', 'moved.csv', 'customer_id,city,phone\nK002,,13900000002\n');
    expect((await stored())[1]).toMatchObject({ customer_id: 'K002', city: null, phone: '13900000002', email: 'ln@x.cn', income: 90000 });
  });
});
