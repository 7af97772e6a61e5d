/**
 * Overlapping exports (QA session 8, F6): a later file that repeats orders of an earlier one, one with a changed
 * remark (a column the import does not use) and one now refunded. Exact repeats are quarantined by the check; these
 * two are loaded or set apart as before, and the import now says what they mean for the totals, in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateCore } from '../cli/i18n/index.js';
import { tempStore } from '../test-support/temp.js';
import { importFiles } from './import.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
}, 60_000);
afterAll(async () => store.close());

const header = '订单号,买家ID,下单时间,实付金额,订单状态,备注';
const line = (i: number, status = '已收货', remark = '') => `P${i},B${i % 4},2024-03-${String(1 + i).padStart(2, '0')} 10:00:00,${100 + i},${status},${remark}`;

describe('overlapping exports', () => {
  it('warns about lines stored before that differ only in an unused column, and about refunds of orders stored as sales', async () => {
    const first = Array.from({ length: 10 }, (_, i) => line(i));
    const a = await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('ov1.csv', [header, ...first].join('\n') + '\n')] });
    expect(a.files[0].notes.filter((n) => n.startsWith('warning: ') && /earlier import/.test(n))).toEqual([]);
    // P5..P14: P6 refunded now, P7 with a remark, the others as before.
    const second = Array.from({ length: 10 }, (_, k) => k + 5).map((i) => (i === 6 ? line(i, '退款成功') : i === 7 ? line(i, '已收货', '买家改地址') : line(i)));
    const b = await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('ov2.csv', [header, ...second].join('\n') + '\n')], append: true });
    const notes = b.files[0].notes;
    const near = notes.find((n) => /are equal to lines an earlier import stored/.test(n));
    expect(near, notes.join('\n')).toMatch(/^warning: 1 lines \(1 orders, e\.g\. P7\) .* differ only in columns not used \(备注\)/);
    const refunded = notes.find((n) => /closed or refunded in full are stored as sales/.test(n));
    expect(refunded, notes.join('\n')).toMatch(/^warning: 1 orders \(e\.g\. P6\)/);
    // What the store holds is what it held: the warning changes nothing (P7 twice, P6 still a sale).
    const [t] = await store.engine.query<{ p7: number; p6: number }>("SELECT count(*) FILTER (WHERE order_id = 'P7') AS p7, count(*) FILTER (WHERE order_id = 'P6' AND kind = 'sale') AS p6 FROM order_lines");
    expect([Number(t.p7), Number(t.p6)]).toEqual([2, 1]);
    for (const n of [near!, refunded!]) {
      const zh = translateCore(n, 'zh-CN');
      expect(zh).toMatch(/^警告：/);
      expect(zh.replace(/clientele imports(?: remove \d+)?|P\d+|备注/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    }
  }, 60_000);
});
