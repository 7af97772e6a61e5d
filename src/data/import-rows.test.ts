import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { translateCore } from '../cli/i18n/index.js';
import { tempStore } from '../test-support/temp.js';
import { importFiles, type ImportOptions } from './import.js';

/**
 * Lines that are not records: the header again (files of several exports joined, each with its header, in the same
 * or another column order) and totals rows (合计, Total …) below a table of customers, products or leads. Through
 * the real import; every line is accounted for and the figures are checked against a computation over the rows.
 */
let store: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(async () => store.close());

const importOf = (entity: ImportOptions['entity'], name: string, content: string | Buffer, extra: Partial<ImportOptions> = {}) =>
  importFiles(store.engine, { entity, files: [store.dir.file(name, content)], append: true, ...extra });

const quarantine = (id: number) => store.engine.query<{ line: number; reason: string }>('SELECT line, reason FROM quarantine WHERE import_id = $1 ORDER BY line', [id]);

/** A reason shown to a zh-CN user: Chinese, and no English word of four letters or more outside quotes. */
function expectChinese(reason: string): void {
  const zh = translateCore(reason, 'zh-CN');
  expect(zh, reason).toMatch(/[\u4e00-\u9fff]/);
  expect(zh.replace(/“[^”]*”|"[^"]*"|--[\w-]+/g, ' ').match(/[A-Za-z]{4,}/g) ?? [], `${reason} → ${zh}`).toEqual([]);
}

describe('totals rows and repeated headers in keyed files', () => {
  it('quarantines a customers file\'s repeated header and its totals rows (合计, Total, Grand Total:), and loads a customer whose id is a totals word', async () => {
    const header = '客户编号,客户名称,手机号,累计消费金额,注册日期';
    const customers = Array.from({ length: 8 }, (_, i) => [`KH${String(i).padStart(3, '0')}`, `客户${i}`, `1380000000${i}`, String((i + 1) * 1000), `2023-01-0${i + 1}`]);
    // A customer truly called "Total" (its other values are text): a customer, not a totals row.
    customers.push(['Total', 'Total Foods Ltd', '13900000000', '10', '2023-02-01']);
    const lines = [header, ...customers.slice(0, 5).map((r) => r.join(',')), header, ...customers.slice(5).map((r) => r.join(',')), '合计,,,"45,010",', 'Total,,,45010,', 'Grand Total:,,,¥45010.00,', '小计,9 ,,,'];
    const r = await importOf('customers', 'cust_tot.csv', '\ufeff' + lines.join('\n') + '\n');
    const f = r.files[0];
    expect(r.rowsRead).toBe(lines.length - 1);
    expect(r.imported).toBe(customers.length);
    expect(r.quarantined).toBe(5);
    const stored = await store.engine.query<{ customer_id: string }>('SELECT customer_id FROM customers ORDER BY customer_id');
    expect(stored.map((c) => c.customer_id)).toEqual(customers.map((c) => c[0]).sort());
    const q = await quarantine(r.importId!);
    expect(q.map((x) => x.line)).toEqual([7, 12, 13, 14, 15]);
    expect(q[0].reason).toBe('a repeated header line (the column names again): not data');
    expect(q[1].reason).toBe('a totals row, not a record ("合计" in column "客户编号"; the other values are empty or numbers)');
    expect(q.slice(2).every((x) => x.reason.startsWith('a totals row, not a record'))).toBe(true);
    expect(f.reasons).toEqual([
      { reason: 'a totals row, not a record', count: 4 },
      { reason: 'a repeated header line (the column names again): not data', count: 1 },
    ]);
    for (const x of [...q.map((y) => y.reason), ...f.reasons.map((y) => y.reason)]) expectChinese(x);
  });

  it('does so for products (a totals row in the first column) and leads (in the key column), and in a GB18030 file', async () => {
    const products = ['product_id,name,unit_cost', 'P1,Tea,2.50', 'P2,Cup,1.25', 'product_id,name,unit_cost', 'P3,Pot,9', '总计,,12.75'];
    const p = await importOf('products', 'products.csv', products.join('\r\n') + '\r\n');
    expect([p.imported, p.quarantined]).toEqual([3, 2]);
    const cost = await store.engine.query<{ s: number }>('SELECT sum(unit_cost) AS s FROM products');
    expect(cost[0].s).toBeCloseTo(2.5 + 1.25 + 9, 9);

    // The key is the second column here; the totals word stands in it.
    const leads = ['来源,线索编号,预算', '展会,L1,1000', '官网,L2,2500', ',合计,3500'];
    const l = await importOf('leads', 'leads.csv', iconv.encode(leads.join('\r\n') + '\r\n', 'gb18030'));
    expect(l.files[0].encoding).toBe('gb18030');
    expect([l.imported, l.quarantined]).toEqual([2, 1]);
    expect((await quarantine(l.importId!))[0].reason).toBe('a totals row, not a record ("合计" in column "线索编号"; the other values are empty or numbers)');
  });
});

describe('a file of several exports joined, whose later header has the columns in another order', () => {
  /** Orders A0… in two halves; the second half's header swaps paid amount and discount (and moves the date). */
  function concatenated(n: number, quotedTail = false) {
    const first = ['订单号', '客户编号', '下单时间', '实付金额', '优惠金额'];
    const second = ['下单时间', '订单号', '客户编号', '优惠金额', '实付金额'];
    const rows: string[] = [first.join(',')];
    const paid = new Map<string, number>();
    const add = (c: string, a: number) => paid.set(c, Math.round(((paid.get(c) ?? 0) + a) * 100) / 100);
    for (let i = 0; i < n; i++) {
      const a = 200 + (i % 50) + 0.25;
      rows.push(`A${i},K${i % 7},2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00,${a},5.00`);
      add(`K${i % 7}`, a);
    }
    rows.push(second.join(','));
    for (let i = n; i < 2 * n; i++) {
      const a = 300 + (i % 40) + 0.5;
      // A quoted customer id with the delimiter in it, and one spanning two lines, among the reordered records.
      const c = quotedTail && i === n + 1 ? 'K,9' : quotedTail && i === n + 2 ? 'K\n10' : `K${i % 7}`;
      rows.push(`2024-02-${String((i % 28) + 1).padStart(2, '0')} 10:00:00,A${i},${c.includes(',') || c.includes('\n') ? `"${c}"` : c},5.00,${a}`);
      add(c, a);
    }
    // The first order again: the records after it are read by it.
    rows.push(first.join(','));
    rows.push(`A${2 * n},K0,2024-03-01 10:00:00,77.00,1.00`);
    add('K0', 77);
    return { text: rows.join('\n') + '\n', paid, lines: rows.length };
  }

  const perCustomer = async (id: number) =>
    new Map((await store.engine.query<{ c: string; s: number; d: number }>('SELECT customer_id AS c, round(sum(amount), 2) AS s, sum(discount) AS d FROM order_lines WHERE import_id = $1 GROUP BY 1', [id])).map((r) => [r.c, r.s]));

  it('reads the lines after it by its own order: every customer\'s paid amount equals the file\'s', async () => {
    const { text, paid } = concatenated(10, true);
    const r = await importOf('orders', 'concat.csv', text);
    const f = r.files[0];
    // Every physical line after the first header: a record, a quarantined line or a line merged into a record.
    expect(f.lines.data).toBe(text.split('\n').length - 2);
    expect(r.rowsRead + f.lines.merged).toBe(f.lines.data);
    expect(r.quarantined).toBe(2);
    expect(await perCustomer(r.importId!)).toEqual(paid);
    const [{ d }] = await store.engine.query<{ d: number }>('SELECT sum(discount) AS d FROM order_lines WHERE import_id = $1', [r.importId!]);
    expect(d).toBeCloseTo(20 * 5 + 1, 9);
    const q = await quarantine(r.importId!);
    expect(q.map((x) => x.line)).toEqual([12, 24]);
    expect(q.map((x) => x.reason)).toEqual(['a repeated header line with the columns in another order: the lines after it were read by its order', 'a repeated header line (the column names again): not data']);
    expect(f.notes).toContain('line 12 repeats the header with the columns in another order: the 10 records after it were read by that order');
    for (const s of [...q.map((x) => x.reason), ...f.notes.filter((n) => n.startsWith('line 12'))]) expectChinese(s);
  });

  it('does so in a GB18030 file and in a customers file', async () => {
    const { text, paid } = concatenated(6);
    const r = await importOf('orders', 'concat-gbk.csv', iconv.encode(text.replaceAll('\n', '\r\n'), 'gb18030'));
    expect(r.files[0].encoding).toBe('gb18030');
    expect(await perCustomer(r.importId!)).toEqual(paid);

    const c = await importOf('customers', 'people.csv', 'customer_id,name,city\nC1,Ann,Paris\ncity,customer_id,name\nLyon,C2,Bob\nNice,C3,Cyd\n');
    expect([c.imported, c.quarantined]).toEqual([3, 1]);
    const got = await store.engine.query<{ customer_id: string; name: string; city: string }>("SELECT customer_id, name, city FROM customers WHERE customer_id LIKE 'C%' ORDER BY 1");
    expect(got).toEqual([
      { customer_id: 'C1', name: 'Ann', city: 'Paris' },
      { customer_id: 'C2', name: 'Bob', city: 'Lyon' },
      { customer_id: 'C3', name: 'Cyd', city: 'Nice' },
    ]);
  });

  it('knows the header again behind a byte-order mark and in quotes (two exports joined with cat)', async () => {
    const text = '\ufefforder_id,customer_id,ordered_at,amount\nA1,c1,2024-01-01,10\n\ufeff"amount","order_id","customer_id","ordered_at"\n20,A2,c2,2024-01-02\n';
    const r = await importOf('orders', 'cat.csv', text);
    expect([r.imported, r.quarantined]).toEqual([2, 1]);
    expect(await perCustomer(r.importId!)).toEqual(new Map([['c1', 10], ['c2', 20]]));
  });

  it('refuses a file whose later header has other columns, naming the line and saying to split the file', async () => {
    const text = 'order_id,customer_id,ordered_at,amount\nA1,c1,2024-01-01,10\norder_id,ordered_at,customer_id,discount\nA2,2024-01-02,c2,5\n';
    const e = await importOf('orders', 'other.csv', text).then(
      () => null,
      (err: unknown) => err as { message: string; hint?: string },
    );
    expect(e?.message).toMatch(/line 3 holds 3 of the header's 4 column names but not the same columns/);
    expect(e?.hint).toBe('split the file before line 3 and import each part on its own (with --append)');
    expectChinese(e!.message.replace(/^.*other\.csv: /, ''));
    expectChinese(e!.hint!);
    const [{ n }] = await store.engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines');
    expect(n).toBe(0);
  });

  describe('in a file large enough for the scanner\'s helper thread (plain lines read ahead)', () => {
    let before: string | undefined;
    beforeAll(() => {
      before = process.env.CLIENTELE_SCAN_HELPER_BYTES;
      process.env.CLIENTELE_SCAN_HELPER_BYTES = '0';
    });
    afterAll(() => {
      if (before === undefined) delete process.env.CLIENTELE_SCAN_HELPER_BYTES;
      else process.env.CLIENTELE_SCAN_HELPER_BYTES = before;
    });
    it('finds the headers among the plain lines and loads the same figures', async () => {
      const { text, paid, lines } = concatenated(30_000);
      expect(text.length).toBeGreaterThan(2 << 20);
      const r = await importOf('orders', 'big-concat.csv', text);
      expect(r.rowsRead).toBe(lines - 1);
      expect(r.quarantined).toBe(2);
      expect(await perCustomer(r.importId!)).toEqual(paid);
    }, 60_000);
  });
});
