import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../test-support/csv.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempDir, tempStore } from '../test-support/temp.js';
import type { EntityName } from './entities.js';
import { importFiles, type FileImportReport } from './import.js';

/**
 * Files in the shapes real exports have, imported with no options at all (no --map, --encoding, --delimiter,
 * --date-format). Each checks the mapping and reconciles the figures with a computation in plain JavaScript.
 */
let store: Awaited<ReturnType<typeof tempStore>>;
const files = tempDir('clientele-headers-');
beforeAll(async () => {
  store = await tempStore();
});
afterAll(async () => {
  await store.close();
  files.cleanup();
});

const mapped = (f: FileImportReport) => Object.fromEntries(f.matched.map((m) => [m.field, m.column]));
const field = (v: string, d: string) => (v.includes(d) || v.includes('"') ? `"${v.replaceAll('"', '""')}"` : v);

describe('the GB18030 shop file of issue #13 (Online Retail, first 60,000 lines, Chinese headers, ";", YYYY/MM/DD HH:mm)', () => {
  it('imports with no options: every column matched, revenue equal to an independent computation', async () => {
    const { header, rows } = readCsv(sharedData('online_retail', 'online_retail.csv'));
    expect(header).toEqual(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']);
    const lines = rows.slice(0, 60_000).map((r) => {
      const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):00$/.exec(r[4]);
      if (!m) throw new Error(`unexpected date ${r[4]}`);
      return [r[0], r[1], r[2], r[3], `${m[1]}/${m[2]}/${m[3]} ${m[4]}:${m[5]}`, r[5], r[6], r[7]];
    });
    const text = ['发票号;商品编码;商品描述;数量;日期;单价;客户编号;国家', ...lines.map((l) => l.map((v) => field(v, ';')).join(';'))].join('\r\n') + '\r\n';
    const path = files.file('shop-gb18030.csv', iconv.encode(text, 'gb18030'));

    const r = await importFiles(store.engine, { entity: 'orders', files: [path] });
    const f = r.files[0];
    expect(f).toMatchObject({ encoding: 'gb18030', delimiter: ';', header: true });
    expect(mapped(f)).toEqual({ order_id: '发票号', product_id: '商品编码', product_name: '商品描述', quantity: '数量', ordered_at: '日期', unit_price: '单价', customer_id: '客户编号', country: '国家' });
    expect(f.unmatched).toEqual([]);
    expect(f.dateFormats.map((d) => d.format)).toEqual(['YYYY/MM/DD HH:mm']);

    // Independently: a line is kept unless its price is negative (a bad-debt adjustment) or it repeats an earlier
    // line in every column; net revenue is quantity × price over the kept lines (cancellations are negative).
    const seen = new Set<string>();
    let kept = 0;
    let revenue = 0;
    for (const l of lines) {
      const key = l.join('\u0001');
      if (Number(l[5]) < 0 || seen.has(key)) continue;
      seen.add(key);
      kept++;
      revenue += Number(l[3]) * Number(l[5]);
    }
    expect(r.rowsRead).toBe(60_000);
    expect(r.imported).toBe(kept);
    expect(r.imported + r.quarantined).toBe(60_000);
    // The figures (whole-record duplicates): 59,387 loaded + 613 quarantined.
    expect(kept).toBe(59_387);
    expect([r.imported, r.quarantined]).toEqual([59_387, 613]);
    const [s] = await store.engine.query<{ revenue: number; n: number }>(`SELECT sum(amount) AS revenue, count(*) AS n FROM order_lines WHERE import_id = ${r.importId}`);
    expect(s.n).toBe(kept);
    expect(s.revenue).toBeCloseTo(revenue, 2);
  });
});

/** Synthetic customers and order lines, the same in every style; `amount` is what the line was paid. */
function company(n: number) {
  const customers = Array.from({ length: n }, (_, i) => ({ id: `C${1000 + i}`, name: `客户${i}`, phone: `1380000${String(i).padStart(4, '0')}`, city: ['上海', '北京', '广州'][i % 3], since: new Date(Date.UTC(2021, i % 12, 1 + (i % 28))) }));
  const lines = Array.from({ length: n * 4 }, (_, i) => {
    const qty = 1 + (i % 5);
    const price = 10 + (i % 7) * 2.5;
    return { order: `SO${5000 + Math.floor(i / 2)}`, customer: customers[i % n].id, at: new Date(Date.UTC(2024, i % 12, 13 + (i % 15), 8 + (i % 10), i % 60)), sku: `SKU-${i % 9}`, product: `商品${i % 9}`, qty, price, amount: Math.round(qty * price * 0.9 * 100) / 100 };
  });
  return { customers, lines };
}
const p2 = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date, sep: string) => `${d.getUTCFullYear()}${sep}${p2(d.getUTCMonth() + 1)}${sep}${p2(d.getUTCDate())}`;
const hm = (d: Date) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;

interface Style {
  readonly label: string;
  readonly encoding: 'utf8' | 'gb18030';
  readonly delimiter: string;
  readonly customers: Record<string, (c: ReturnType<typeof company>['customers'][number]) => string>;
  readonly orders: Record<string, (l: ReturnType<typeof company>['lines'][number]) => string>;
  /** field → column, the mapping each file must get. */
  readonly expect: { readonly customers: Record<string, string>; readonly orders: Record<string, string> };
}

const STYLES: readonly Style[] = [
  {
    label: 'a Chinese e-commerce export (Taobao/Youzan style, simplified, UTF-8 with BOM)',
    encoding: 'utf8',
    delimiter: ',',
    customers: { 会员ID: (c) => c.id, 买家昵称: (c) => c.name, 手机号: (c) => c.phone, 城市: (c) => c.city, '注册时间': (c) => `${ymd(c.since, '-')} 10:00:00`, 会员等级: () => '普通会员', 备注: () => '' },
    orders: {
      订单编号: (l) => l.order, 买家会员名: (l) => l.customer, 买家昵称: (l) => `昵称${l.customer}`, 下单时间: (l) => `${ymd(l.at, '-')} ${hm(l.at)}:00`, 付款时间: (l) => `${ymd(l.at, '-')} ${hm(l.at)}:30`,
      商品编码: (l) => l.sku, 商品名称: (l) => l.product, 购买数量: (l) => String(l.qty), '单价(元)': (l) => l.price.toFixed(2), '商品总价(元)': (l) => (l.qty * l.price).toFixed(2), '实付金额(元)': (l) => l.amount.toFixed(2), 店铺名称: () => '旗舰店', 订单状态: () => '交易成功',
    },
    expect: {
      customers: { customer_id: '会员ID', name: '买家昵称', phone: '手机号', type: '会员等级', city: '城市', signup_date: '注册时间' },
      orders: { order_id: '订单编号', customer_id: '买家会员名', ordered_at: '下单时间', product_id: '商品编码', product_name: '商品名称', quantity: '购买数量', unit_price: '单价(元)', amount: '实付金额(元)', channel: '店铺名称', kind: '订单状态' },
    },
  },
  {
    label: 'a traditional-Chinese CRM export (Big5-era names, GB18030 bytes, tab-separated, YYYY/MM/DD)',
    encoding: 'gb18030',
    delimiter: '\t',
    customers: { 客戶編號: (c) => c.id, 客戶名稱: (c) => c.name, 手機號碼: (c) => c.phone, 縣市: (c) => c.city, 建檔日期: (c) => ymd(c.since, '/'), 客戶類別: () => '一般', 負責業務: () => '王小明' },
    orders: { 訂單編號: (l) => l.order, 客戶編號: (l) => l.customer, 訂單日期: (l) => ymd(l.at, '/'), 產品編號: (l) => l.sku, 產品名稱: (l) => l.product, 數量: (l) => String(l.qty), 單價: (l) => l.price.toFixed(2), 金額: (l) => l.amount.toFixed(2), 銷售通路: () => '門市' },
    expect: {
      customers: { customer_id: '客戶編號', name: '客戶名稱', phone: '手機號碼', type: '客戶類別', city: '縣市', signup_date: '建檔日期' },
      orders: { order_id: '訂單編號', customer_id: '客戶編號', ordered_at: '訂單日期', product_id: '產品編號', product_name: '產品名稱', quantity: '數量', unit_price: '單價', amount: '金額', channel: '銷售通路' },
    },
  },
  {
    label: 'an English ERP export (SAP style, ";", DD.MM.YYYY)',
    encoding: 'utf8',
    delimiter: ';',
    customers: { 'Customer No.': (c) => c.id, 'Name 1': (c) => c.name, Telephone: (c) => c.phone, City: (c) => c.city, 'Created On': (c) => ymd(c.since, '-'), 'Account Group': () => 'KUNA' },
    orders: {
      'Sales Document': (l) => l.order, 'Sold-To Party': (l) => l.customer, 'Document Date': (l) => `${p2(l.at.getUTCDate())}.${p2(l.at.getUTCMonth() + 1)}.${l.at.getUTCFullYear()}`, Material: (l) => l.sku, 'Material Description': (l) => l.product,
      'Order Quantity': (l) => String(l.qty), 'Net Price': (l) => l.price.toFixed(2), 'Net Value': (l) => l.amount.toFixed(2), 'Currency': () => 'CNY',
    },
    expect: {
      customers: { customer_id: 'Customer No.', name: 'Name 1', phone: 'Telephone', city: 'City', signup_date: 'Created On' },
      orders: { order_id: 'Sales Document', customer_id: 'Sold-To Party', ordered_at: 'Document Date', product_id: 'Material', product_name: 'Material Description', quantity: 'Order Quantity', unit_price: 'Net Price', amount: 'Net Value' },
    },
  },
];

describe('header sets in the styles of real exports load with no --map', () => {
  const { customers, lines } = company(40);
  for (const [i, style] of STYLES.entries()) {
    it(style.label, async () => {
      const write = (name: string, cols: Record<string, (x: never) => string>, rows: readonly unknown[]) => {
        const text = [Object.keys(cols).join(style.delimiter), ...rows.map((r) => Object.values(cols).map((f) => field(f(r as never), style.delimiter)).join(style.delimiter))].join('\n') + '\n';
        return files.file(`${i}-${name}.csv`, style.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from('\uFEFF' + text, 'utf8'));
      };
      const importOne = async (entity: EntityName, path: string, n: number) => {
        // Each style is another made-up company in the same test store: --append says so (one store, one company).
        const r = await importFiles(store.engine, { entity, files: [path], append: true });
        expect(r, `${entity}: ${JSON.stringify(r.files[0].reasons)}`).toMatchObject({ rowsRead: n, quarantined: 0 });
        return r;
      };
      const c = await importOne('customers', write('customers', style.customers, customers), customers.length);
      expect(mapped(c.files[0])).toEqual(style.expect.customers);
      const o = await importOne('orders', write('orders', style.orders, lines), lines.length);
      expect(mapped(o.files[0])).toEqual(style.expect.orders);
      const [s] = await store.engine.query<{ n: number; amount: number; qty: number; customers: number }>(
        `SELECT count(*) AS n, sum(amount) AS amount, sum(quantity) AS qty, count(DISTINCT customer_id) AS customers FROM order_lines WHERE import_id = ${o.importId}`,
      );
      expect(s.n).toBe(lines.length);
      expect(s.amount).toBeCloseTo(lines.reduce((a, l) => a + l.amount, 0), 2);
      expect(s.qty).toBe(lines.reduce((a, l) => a + l.qty, 0));
      expect(s.customers).toBe(customers.length);
    });
  }
});
