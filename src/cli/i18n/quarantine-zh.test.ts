/**
 * Quarantine reasons stay in English in the store (they are data), and read in Chinese for a zh-CN user: files
 * made to produce each kind of reason are imported, and every stored reason — as each row carries it, and in the
 * summary form of `clientele quarantine` (the value replaced by "value") — must translate with no English left.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, type ImportOptions } from '../../data/import.js';
import { tempStore } from '../../test-support/temp.js';
import { translateCore } from './index.js';
import { leftovers } from './zh-leftovers.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
}, 60_000);
afterAll(async () => store.close());

const load = (entity: ImportOptions['entity'], name: string, content: string | Buffer) => importFiles(store.engine, { entity, files: [store.dir.file(name, content)], append: true });

describe('quarantine reasons in 简体中文', () => {
  it('translates every kind of reason the importer stores, and never shows a number in exponent notation', async () => {
    const h = 'InvoiceNo,CustomerID,InvoiceDate,Description,Quantity,UnitPrice,Kind,Note';
    const rows = [
      '1001,17850,2023-01-05,A,2,3.50,sale,n',
      '1002,17850,2023-01-05,A,2,3.50,n', // too few fields
      '1003,17850,2023-01-05,A,2,3.50,sale,n,extra', // too many fields
      '1004,17850,2023-01-05,A\x00B,2,3.50,sale,n', // NUL
      '1005,17850,2999-01-05,A,2,3.50,sale,n', // implausible date
      '1006,17850,2023-01-05,A,NaN,3.50,sale,n',
      '1007,17850,2023-01-05,A,2,1e20,sale,n', // magnitude
      '1008,17850,2023-02-30,A,2,3.50,sale,n', // not a date
      '1009,17850,2023-01-05,A,2,3.50,gift,n', // not a kind
      '1010,17850,2023-01-05,A,abc,3.50,sale,n',
      '1011,17850,2023-01-05,A,2,,sale,n', // no price
      '1012,17850,2023-01-05,A,0,3.50,sale,n', // zero quantity
      '1013,17850,2023-01-05,A,2,-3.50,sale,n', // negative price
      '1014,17850,2023-01-05,A,2,3.50,sale,n',
      '1014,17850,2023-01-05,A,2,3.50,sale,n', // duplicate
      '1015,17850,2023-01-05,"A"x,2,3.50,sale,n', // text after a closing quote
      '1016,17850,2023-01-05,"A,2,3.50,sale,n', // a quote never closed
      '1017,17850,2023-01-05,A,2,3.50,sale,n',
    ];
    const report = await load('orders', 'reasons.csv', `${h}\n${rows.join('\n')}\n`);
    // The import report's summary groups them (the value and the parenthesis left out).
    const summary = report.files.flatMap((f) => f.reasons.map((r) => r.reason));
    expect(summary.some((r) => /TOO MANY COLUMNS$/.test(r))).toBe(true);
    // Dates in several styles, with a format given (the reason names it), and lines in two encodings.
    await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('dates.csv', 'order_id,customer_id,ordered_at,amount\nD1,c1,2024/01/05 10:00,5\nD2,c1,05.01.2024,5\nD3,c1,someday,5\n')], append: true, dateFormat: 'YYYY/MM/DD HH:mm|YYYY.MM.DD' });
    await load('orders', 'mixed.csv', Buffer.concat([iconv.encode('订单号,客户编号,日期,金额\nE1,王芳,2024-03-01,10\nE2,李雷,2024-03-02,11\nE3,张伟,2024-03-03,12\n', 'gb18030'), Buffer.from('E4,周杰伦,2024-03-04,13\n', 'utf8')]));
    await load('customers', 'c.csv', 'customer_id,birth_date,income,email\nK1,1985-03-12,12,a@b.c\nK2,不详,x,b@c.d\n,1990-01-01,3,c@d.e\n');
    await load('payments', 'p.csv', 'customer_id,invoice_id,amount,due_date,paid_at,written_off\nK1,I1,10,2024-01-01,2024-01-05,20\n');
    await load('surveys', 's.csv', 'customer_id,answered_at,satisfaction,nps\nK1,2024-01-01,,\nK1,2024-01-02,9,\n');

    const stored = await store.engine.query<{ reason: string }>(
      `SELECT reason FROM quarantine UNION SELECT regexp_replace(regexp_replace(reason, '^"[^"]*" is', 'value is'), 'of line [0-9]+$', 'of an earlier line') FROM quarantine
       UNION SELECT reason FROM import_warnings UNION SELECT regexp_replace(reason, '^"[^"]*" is', 'value is') FROM import_warnings`,
    );
    const reasons = [...stored.map((r) => r.reason), ...summary];
    // Each kind is there, so that the test sees it.
    for (const kind of [/TOO MANY/, /MISSING COLUMNS/, /NUL byte/, /plausible dates/, /finite/, /magnitude/, /not a date/, /not a kind/, /not a number/, /closing quote/, /not closed/, /duplicate/, /mixes encodings/, /must not be negative/, /quantity is zero/, /written_off/, /satisfaction or nps/]) {
      expect(reasons.some((r) => kind.test(r)), String(kind)).toBe(true);
    }
    const bad: string[] = [];
    for (const r of reasons) {
      const zh = translateCore(r, 'zh-CN');
      const quoted = [...r.matchAll(/"([^"]*)"/g)].map((m) => m[0]);
      bad.push(...leftovers(zh.replace(/“[^”]*”|"[^"]*"/g, ' '), [], quoted).map((l) => `${r}  →  ${l}`));
      expect(zh, r).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.replace(/"[^"]*"/g, ""), r).not.toMatch(/\de[+-]?\d/);
    }
    expect(bad).toEqual([]);
    // The date formats a reason names are in the notation --date-format takes, not strftime's.
    const dateReason = reasons.find((r) => r.includes('%'));
    if (dateReason) expect(translateCore(dateReason, 'zh-CN')).not.toMatch(/%[A-Za-z]/);
    // The store keeps them in English.
    expect(reasons.some((r) => /[\u4e00-\u9fff]/.test(r.replace(/"[^"]*"/g, '')))).toBe(false);
  }, 120_000);
});
