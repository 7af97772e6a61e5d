/**
 * Shop platforms' own order exports, made here in their layouts (JD, 拼多多, WooCommerce, Shopify, Magento), imported
 * for real: who the customer is, which column is a line's amount, and which statuses are sales. Every figure is
 * checked against a computation over the generated rows (QA session 8: F3, F10, F11, F12, F19).
 */
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PARTIAL_REFUND, UNKNOWN_STATUS } from '../sql/import.js';
import { storePerTest } from '../test-support/store-per-test.js';
import { ENTITIES } from './entities.js';
import { matchColumns } from './mapping.js';
import { translateCore } from '../cli/i18n/index.js';

const s = storePerTest({ append: true });
const { run, rows } = s;
const csvLine = (cells: ReadonlyArray<string | number>) => cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(',');
const cents = (x: number) => Math.round(x * 100);

/** A small seeded generator, so each file is the same on every run. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/**
 * Revenue per customer of the stored sale lines, by the customer's email where the customer is known by it (its id is
 * then a surrogate, data/customer-key.ts), else by id.
 */
async function storedByCustomer(): Promise<Record<string, number>> {
  const got = await rows<{ c: string; t: number }>("SELECT COALESCE(c.email, l.customer_id) AS c, sum(l.amount) AS t FROM order_lines l LEFT JOIN customers c ON c.customer_id = l.customer_id AND l.customer_id LIKE 'E%' WHERE l.kind = 'sale' GROUP BY 1");
  return Object.fromEntries(got.map((g) => [g.c, cents(g.t)]));
}
function expectedByCustomer(lines: ReadonlyArray<{ customer: string; amount: number; sale: boolean }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of lines) if (l.sale) out[l.customer] = (out[l.customer] ?? 0) + l.amount;
  return Object.fromEntries(Object.entries(out).map(([c, t]) => [c, cents(t)]));
}

describe('the buyer columns of Chinese shops, in both spellings of 账/帐', () => {
  it.each(['下单帐号', '下单账号', '买家帐号', '买家账号', '会员帐号', '会员账号', '客户帐号', '用户帐号', '买家会员名', '下单用户', '买家帐户', '客戶帳號'])('%s is the customer id', (h) => {
    const m = matchColumns(ENTITIES.orders, ['订单号', h, '下单时间', '应付金额']);
    expect(m.matches.find((x) => x.column === h)?.field).toBe('customer_id');
  });

  it("reads a JD export (GBK, 下单帐号) with its customers, and JD's statuses: 等待出库/等待收货/完成 are paid", async () => {
    const statuses = ['完成', '已取消', '等待出库', '等待收货', '删除', '退款成功', '已完成', '等待确认收货'];
    const paid = new Set(['完成', '等待出库', '等待收货', '已完成', '等待确认收货']);
    const r0 = rng(3);
    const lines = Array.from({ length: 40 }, (_, i) => {
      const q = 1 + Math.floor(r0() * 3);
      const p = 50 + Math.floor(r0() * 5000) / 100;
      return { id: `2${String(i).padStart(11, '0')}`, customer: `jd_user${i % 6}`, q, p, status: statuses[i % statuses.length], amount: q * p };
    });
    const text = ['订单号,下单帐号,商品名称,订购数量,京东价,应付金额,订单状态,下单时间', ...lines.map((l, i) => csvLine([l.id, l.customer, `商品${i}`, l.q, l.p.toFixed(2), l.amount.toFixed(2), l.status, `2024-03-${String(1 + (i % 28)).padStart(2, '0')} 10:15:22`]))].join('\r\n') + '\r\n';
    const f = (await run('orders', 'jd.csv', iconv.encode(text, 'gbk'))).files[0];
    expect(f.matched.find((m) => m.field === 'customer_id')?.column).toBe('下单帐号');
    const sales = lines.filter((l) => paid.has(l.status));
    expect(f.imported).toBe(sales.length);
    expect(f.rowsRead).toBe(f.imported + f.quarantined);
    expect(await storedByCustomer()).toEqual(expectedByCustomer(lines.map((l) => ({ ...l, sale: paid.has(l.status) }))));
    expect(f.notes.some((n) => /no customer id/.test(n))).toBe(false);
  });
});

describe('an order file without a customer id', () => {
  it('names the column that may be the customer id in the note on unattributed lines, in both languages', async () => {
    const f = (await run('orders', 'acct.csv', 'Order No,Custmer Number,Order Date,Amount\n1,u1,2024-01-01,10\n2,u2,2024-01-02,12\n')).files[0];
    const note = f.notes.find((n) => n.startsWith('2 lines have no customer id'));
    expect(note).toBe('2 lines have no customer id: loaded as unattributed sales (they count in totals, not in any customer\'s figures); column "Custmer Number" may be it: --map customer_id="Custmer Number"');
    expect(translateCore(note!, 'zh-CN')).toContain('列“Custmer Number”可能就是客户编号');
  });
});

describe("an order file's ID, email and Status columns", () => {
  /** Magento 2's sales-order grid: one row per order, ID its own id, the customer known by email. */
  const magento = () => {
    const statuses = ['Complete', 'Closed', 'Canceled', 'Processing', 'Pending', 'Suspected Fraud', 'On Hold', 'pending_payment'];
    const paid = new Set(['Complete', 'Processing']);
    const orders = Array.from({ length: 24 }, (_, i) => ({ id: `00000${1000 + i}`, customer: `b${i % 5}@x.com`, amount: 100 + i * 7.5, status: statuses[i % statuses.length] }));
    const text =
      ['ID,Purchase Point,Purchase Date,Bill-to Name,Grand Total (Base),Grand Total (Purchased),Status,Customer Email', ...orders.map((o, i) => csvLine([o.id, 'Main Website', `Mar ${1 + i}, 2024 ${1 + (i % 12)}:15:22 ${i % 2 ? 'AM' : 'PM'}`, `Bob ${i % 5}`, `$${o.amount.toFixed(2)}`, `$${o.amount.toFixed(2)}`, o.status, o.customer]))].join('\n') + '\n';
    return { text, orders, paid };
  };

  it('takes a bare ID for the order, the email for the customer and Status for the order status, and says so', async () => {
    const { text, orders, paid } = magento();
    const f = (await run('orders', 'magento.csv', text)).files[0];
    const col = (field: string) => f.matched.find((m) => m.field === field)?.column;
    expect([col('order_id'), col('customer_id'), col('kind')]).toEqual(['ID', 'Customer Email', 'Status']);
    expect(f.notes.some((n) => n.includes('customers are known by their email ("Customer Email")'))).toBe(true);
    expect(await storedByCustomer()).toEqual(expectedByCustomer(orders.map((o) => ({ ...o, sale: paid.has(o.status) }))));
    const [{ n }] = await rows<{ n: number }>('SELECT count(*)::INT AS n FROM customers');
    expect(n).toBe(new Set(orders.filter((o) => paid.has(o.status)).map((o) => o.customer)).size);
    // Magento's Closed is a credit memo: refunded in full; the rest not paid.
    const reasons = Object.fromEntries(f.reasons.map((x) => [x.reason, x.count]));
    expect(reasons['value is an order refunded in full: not a sale']).toBe(orders.filter((o) => o.status === 'Closed').length);
    expect(reasons['value is an order closed or never paid: not a sale']).toBe(orders.filter((o) => ['Canceled', 'Pending', 'Suspected Fraud', 'pending_payment', 'On Hold'].includes(o.status)).length);
  });

  it('keeps a customer id column before an email, and a bare id out of the customer', () => {
    const m = matchColumns(ENTITIES.orders, ['Id', 'Customer ID', 'Email', 'Date', 'Total']);
    expect(m.matches.find((x) => x.field === 'customer_id')?.column).toBe('Customer ID');
    expect(m.matches.find((x) => x.field === 'order_id')?.column).toBe('Id');
    expect(m.suggestions.some((s) => s.reason === 'email-key')).toBe(false);
    expect(matchColumns(ENTITIES.orders, ['ID', '日期', '金额', '状态']).matches.map((x) => [x.field, x.column])).toEqual([['order_id', 'ID'], ['ordered_at', '日期'], ['amount', '金额'], ['kind', '状态']]);
  });
});

describe('order statuses as platforms write them', () => {
  // Independent of the code's word lists: what each platform's status means.
  const SALE = ['wc-completed', 'WC-Processing', 'completed', 'processing', 'authorized', 'paid', 'partially_paid', 'Complete', 'Processing', '已发货，待收货', '已发货, 待收货', '待发货', '已签收', '等待出库', '等待收货', '完成', 'Partially Paid'];
  const NOT = ['on-hold', 'wc-on-hold', 'On Hold', 'Canceled', 'Cancelled', 'wc-cancelled', 'voided', 'Suspected Fraud', 'Pending', 'pending_payment', 'wc-pending', '未发货，退款成功', 'Closed', 'refunded', 'wc-refunded'];

  it('loads paid statuses as sales and sets the rest apart, however they are cased, prefixed or punctuated', async () => {
    const all = [...SALE, ...NOT, 'with the elves'];
    const text = ['Order ID,Customer ID,Order Date,Amount,Order Status', ...all.map((s, i) => csvLine([`S${i}`, `c${i % 4}`, '2024-05-01', 10 + i, s]))].join('\n') + '\n';
    const f = (await run('orders', 'statuses.csv', text)).files[0];
    const loaded = await rows<{ order_id: string }>("SELECT order_id FROM order_lines WHERE kind = 'sale' ORDER BY order_id");
    expect(new Set(loaded.map((l) => l.order_id))).toEqual(new Set(SALE.map((_, i) => `S${i}`)));
    expect(f.quarantined).toBe(NOT.length + 1);
    const [q] = await rows<{ reason: string }>(`SELECT reason FROM quarantine WHERE line = ${all.length + 1}`);
    expect(q.reason).toBe(`"with the elves" ${UNKNOWN_STATUS}`);
  });

  it("loads a partly refunded Shopify order's lines as sales, with a warning that names its status", async () => {
    const text = 'Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem price,Total,Id\n#1,a@x.com,partially_refunded,2024-05-01,2,10.00,25.00,9001\n#1,a@x.com,partially_refunded,2024-05-01,1,5.00,,\n';
    const f = (await run('orders', 'partial.csv', text)).files[0];
    expect(f.imported).toBe(2);
    expect(f.warnings).toEqual([{ reason: `value ${PARTIAL_REFUND}`, count: 2 }]);
    const [{ t }] = await rows<{ t: number }>('SELECT sum(amount) AS t FROM order_lines');
    expect(t).toBe(25);
  });
});

describe("an order's total repeated on each item row", () => {
  const woo = () => {
    const r = rng(9);
    const rowsOut: string[] = ['Order Number,Order Status,Order Date,Customer Email,Item Name,Quantity,Item Cost,Order Total Amount'];
    const lines: Array<{ customer: string; amount: number; sale: boolean }> = [];
    for (let n = 0; n < 12; n++) {
      const items = Array.from({ length: 1 + (n % 3) }, () => ({ q: 1 + Math.floor(r() * 4), p: Math.floor(100 + r() * 9000) / 100 }));
      const total = items.reduce((a, it) => a + it.q * it.p, 0) + 4.99; // shipping: in the order's total only
      const customer = `c${n % 4}@x.com`;
      for (const it of items) {
        rowsOut.push(csvLine([3000 + n, 'wc-completed', `2024-04-${String(1 + n).padStart(2, '0')} 10:00`, customer, 'Thing', it.q, it.p.toFixed(2), total.toFixed(2)]));
        lines.push({ customer, amount: it.q * it.p, sale: true });
      }
    }
    return { text: rowsOut.join('\n') + '\n', lines };
  };

  it("takes WooCommerce's Item Cost as the unit price and leaves the order total out, and says so", async () => {
    const { text, lines } = woo();
    const f = (await run('orders', 'woo.csv', text)).files[0];
    expect(f.matched.find((m) => m.field === 'unit_price')?.column).toBe('Item Cost');
    expect(f.matched.some((m) => m.field === 'amount')).toBe(false);
    expect(f.notes.some((n) => n.startsWith('column "Order Total Amount" is an order\'s total'))).toBe(true);
    expect(await storedByCustomer()).toEqual(expectedByCustomer(lines));
  });

  it('uses an order total where the lines have no price (or the user maps it), and warns when it repeats on the lines of an order', async () => {
    const { text } = woo();
    const multi = 12 - Math.ceil(12 / 3); // orders n with n % 3 > 0 have several lines
    for (const [file, extra] of [[text.replace(',Item Cost,', ',Cost Note,'), {}], [text, { map: { amount: 'Order Total Amount' } }]] as const) {
      await s.store.engine.run('DELETE FROM order_lines');
      const f = (await run('orders', 'woo.csv', file, extra)).files[0];
      expect(f.matched.find((m) => m.field === 'amount')?.column).toBe('Order Total Amount');
      expect(f.notes.find((n) => n.startsWith('warning:') && n.includes('"Order Total Amount"'))).toContain(`${multi} orders have the same`);
    }
  });

  it('keeps a Shopify export keyed by Name, its lines priced by Lineitem price, not by the Total of the first row', async () => {
    const text = 'Name,Email,Financial Status,Subtotal,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Id\n#1001,a@x.com,paid,31.00,36.00,2024-05-01,1,A,11.00,SKU-A,5001\n#1001,a@x.com,paid,,,2024-05-01,2,B,10.00,SKU-B,\n#1002,b@x.com,authorized,7.00,12.00,2024-05-02,1,C,7.00,SKU-C,5002\n';
    const f = (await run('orders', 'shopify.csv', text)).files[0];
    const col = (field: string) => f.matched.find((m) => m.field === field)?.column;
    expect([col('order_id'), col('customer_id'), col('quantity'), col('unit_price'), col('product_id'), col('amount')]).toEqual(['Name', 'Email', 'Lineitem quantity', 'Lineitem price', 'Lineitem sku', undefined]);
    // Customers known by their email are stored under a surrogate: E and the first 16 hex digits of the email's MD5.
    const [a, b] = ['a@x.com', 'b@x.com'].map((e) => 'E' + createHash('md5').update(e).digest('hex').slice(0, 16));
    expect(await rows('SELECT order_id, customer_id, amount FROM order_lines ORDER BY line_no')).toEqual([
      { order_id: '#1001', customer_id: a, amount: 11 },
      { order_id: '#1001', customer_id: a, amount: 20 },
      { order_id: '#1002', customer_id: b, amount: 7 },
    ]);
    expect(await rows('SELECT customer_id, email FROM customers ORDER BY email')).toEqual([{ customer_id: a, email: 'a@x.com' }, { customer_id: b, email: 'b@x.com' }]);
  });
});

describe("ids with Excel's and Shopify's leading apostrophe", () => {
  it("are the same customers as without it, and keep their leading zeros ('00123 is 00123)", async () => {
    await run('customers', 'shop_customers.csv', "Customer ID,First Name,Email,Phone\n'7000000001,F1,u1@x.com,'+15550000001\n'00123,F2,u2@x.com,'0044 20 7946 0958\nO'Neil,F3,u3@x.com,555-0101\n");
    expect(await rows('SELECT customer_id, phone FROM customers ORDER BY 1')).toEqual([
      { customer_id: '00123', phone: '0044 20 7946 0958' },
      { customer_id: '7000000001', phone: '+15550000001' },
      { customer_id: "O'Neil", phone: '555-0101' },
    ]);
    // Into a store with no order lines: the lean import, whose scanner must set these ids apart.
    const f = (await run('orders', 'o.csv', "order_id,customer_id,order_date,amount\nA,7000000001,2024-01-01,10\nB,'7000000001,2024-01-02,5\nC,'00123,2024-01-03,7\nD,00123,2024-01-04,1\n")).files[0];
    expect(f.derived).toMatchObject({ customers: 0 });
    expect(await storedByCustomer()).toEqual({ '7000000001': 1500, '00123': 800 });
  });
});
