/**
 * Values whose meaning the column or the file decides, not the value alone: units that multiply (万元, in
 * thousands), decimal commas beside thousands dots, ids an Excel round-trip rewrote, consent and opt-out flags,
 * order statuses, Excel serial dates. Every expected figure is computed here from the file's own numbers.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../errors.js';
import { storePerTest } from '../test-support/store-per-test.js';
import { tempStore } from '../test-support/temp.js';
import { importFiles } from './import.js';
import { describeMatch } from './mapping.js';
import { UNKNOWN_STATUS } from '../sql/import.js';
import { segmentMembersTable } from '../export/index.js';
import { createSegment, segmentMembers } from '../segment/index.js';
import { normalizeValueConfig } from '../value/index.js';

const s = storePerTest();
const { run, rows } = s;
const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

describe('a unit that multiplies', () => {
  it('reads 合同金额(万元) as ten-thousands of yuan, and says so', async () => {
    const amounts = [12.5, 3, 0.8, 1.1];
    const csv = ['合同号,客户编号,签约日期,合同金额(万元)', ...amounts.map((a, i) => `HT${i},KH${i % 2},2023-0${i + 1}-01,${a}`)].join('\n') + '\n';
    const r = await run('orders', 'wan.csv', csv);
    const m = r.files[0].matched.find((x) => x.field === 'amount')!;
    expect(m.scale).toEqual({ factor: 10000, unit: '(万元)' });
    expect(describeMatch(m)).toContain('× 10,000');
    expect(describeMatch(m, 'zh-CN')).toContain('乘以 10,000');
    const got = await rows<{ amount: number }>('SELECT amount FROM order_lines ORDER BY ordered_at');
    expect(got.map((g) => g.amount)).toEqual(amounts.map((a) => Math.round(a * 10000 * 1e6) / 1e6));
    expect(got[3].amount).toBe(11000); // not 11000.000000000002
  });

  it('scales customers’ income and annual revenue (年收入(万元), Annual Revenue (in millions)), and leaves 单价(元) as written', async () => {
    await run('customers', 'cust.csv', '会员编号,年收入(万元),Annual Revenue (in millions)\nM1,12.5,2.25\nM2,30,0.5\n');
    expect(await rows('SELECT customer_id, income, annual_revenue FROM customers ORDER BY 1')).toEqual([
      { customer_id: 'M1', income: 125000, annual_revenue: 2250000 },
      { customer_id: 'M2', income: 300000, annual_revenue: 500000 },
    ]);
    await run('orders', 'yuan.csv', '订单号,客户编号,下单时间,数量,单价(元)\nA1,M1,2023-01-01,2,3.5\n');
    expect(await rows('SELECT unit_price, amount FROM order_lines')).toEqual([{ unit_price: 3.5, amount: 7 }]);
  });

  it('scales the same in the lean import (plain values loaded from its copy) as when every record is checked', async () => {
    const csv = ['order_id,customer_id,ordered_at,Amount (in thousands)', ...Array.from({ length: 40 }, (_, i) => `A${i},c${i % 7},2023-01-${String(1 + (i % 28)).padStart(2, '0')},${(i * 1.1).toFixed(1)}`)].join('\n') + '\n';
    const amounts: number[][] = [];
    for (const lean of [true, false]) {
      const s = await tempStore();
      try {
        await importFiles(s.engine, { entity: 'orders', files: [s.dir.file('k.csv', csv)], lean });
        amounts.push((await s.engine.query<{ amount: number }>('SELECT amount FROM order_lines ORDER BY line_no')).map((r) => r.amount));
      } finally {
        await s.close();
      }
    }
    expect(amounts[0]).toEqual(amounts[1]);
    expect(amounts[0]).toEqual(Array.from({ length: 40 }, (_, i) => Math.round(Number((i * 1.1).toFixed(1)) * 1000 * 1e6) / 1e6));
  });

  it('applies the unit to a column given with --map too, and quarantines a scaled figure beyond the plausible magnitude', async () => {
    const r = await run('orders', 'k.csv', 'ref,who,when,Sales ($000)\nA1,c1,2023-01-01,1.5\nA2,c2,2023-01-02,2e12\n', { map: { order_id: 'ref', customer_id: 'who', ordered_at: 'when', amount: 'Sales ($000)' } });
    expect(r.files[0]).toMatchObject({ imported: 1, quarantined: 1 });
    expect(await rows('SELECT amount FROM order_lines')).toEqual([{ amount: 1500 }]);
  });
});

describe('decimal commas and thousands dots, decided per column from the whole column', () => {
  it('reads 1.500 as 1500 in a file whose prices are written 2,50 (a column of whole numbers follows the file)', async () => {
    const q = [['1.500', 1500], ['2.000', 2000], ['12', 12]] as const;
    const p = [['2,50', 2.5], ['0,99', 0.99], ['12,99', 12.99]] as const;
    const csv = ['Order No;Customer ID;Order Date;Quantity;Unit Price', ...q.map((x, i) => `B${i};K${i};0${i + 1}.03.2023;${x[0]};${p[i][0]}`)].join('\n') + '\n';
    const r = await run('orders', 'eu.csv', csv);
    const got = await rows<{ quantity: number; unit_price: number; amount: number }>('SELECT quantity, unit_price, amount FROM order_lines ORDER BY order_id');
    expect(got.map((g) => g.quantity)).toEqual(q.map((x) => x[1]));
    const gross = got.reduce((a, g) => a + g.amount, 0);
    expect(close(gross, q.reduce((a, x, i) => a + x[1] * p[i][1], 0))).toBe(true); // 3,750 + 1,980 + 155.88
    expect(r.files[0].notes.some((n) => n.includes('"Quantity"') && n.includes('decimal commas'))).toBe(true);
  });

  it('reads one column the same way throughout: 1.250 and 1.250,00 are both 1250 beside 2,50', async () => {
    await run('orders', 'amb.csv', 'Order No;Customer ID;Order Date;Quantity;Unit Price\nB1;K1;01.03.2023;1;2,50\nB2;K2;02.03.2023;2;1.250\nB3;K3;03.03.2023;3;1.250,00\nB4;K4;04.03.2023;1;1,500\n');
    expect((await rows<{ unit_price: number }>('SELECT unit_price FROM order_lines ORDER BY order_id')).map((x) => x.unit_price)).toEqual([2.5, 1250, 1250, 1.5]);
  });

  it('keeps 1.500 as 1.5 in a file that writes decimal points, and 1,500 as 1500', async () => {
    await run('orders', 'en.csv', 'order_id,customer_id,ordered_at,quantity,unit_price\nA1,c1,2023-01-01,2,1.500\nA2,c2,2023-01-02,1,"1,500"\nA3,c3,2023-01-03,1,2.50\n');
    expect((await rows<{ unit_price: number }>('SELECT unit_price FROM order_lines ORDER BY order_id')).map((x) => x.unit_price)).toEqual([1.5, 1500, 2.5]);
  });

  it('decides on the whole column, not the first and last records only', async () => {
    // 5,000 lines of whole prices: the sample (first and last 2,000) shows 1.500 but no decimal comma; the middle does.
    const lines = ['order_id;customer_id;ordered_at;quantity;unit_price'];
    for (let i = 0; i < 5000; i++) lines.push(`A${i};c${i % 50};2023-01-01;1;${i === 2500 ? '3,25' : i === 10 ? '1.500' : '7'}`);
    await run('orders', 'mid.csv', lines.join('\n') + '\n');
    expect(await rows("SELECT order_id, unit_price FROM order_lines WHERE order_id IN ('A10', 'A2500') ORDER BY 1")).toEqual([
      { order_id: 'A10', unit_price: 1500 },
      { order_id: 'A2500', unit_price: 3.25 },
    ]);
  });

  it('warns when one column writes decimals both ways and a value like 1.500 stays in doubt', async () => {
    const r = await run('orders', 'mixed.csv', 'order_id;customer_id;ordered_at;quantity;unit_price\nA1;c1;2023-01-01;1;2,50\nA2;c2;2023-01-02;1;3.25\nA3;c3;2023-01-03;1;1.500\n');
    expect(r.files[0].notes.some((n) => n.startsWith('warning: column "unit_price" writes decimals both'))).toBe(true);
  });
});

describe('ids an Excel round-trip rewrote', () => {
  it('reads 1.7850E+04, 17850.0 and full-width １７８５０ as 17850, but not 1.78501E+04', async () => {
    const csv = 'InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n1001,17850,2023-01-05,2,3.50\n1002,1.7850E+04,2023-01-06,1,10.00\n1003,17850.0,2023-01-07,1,12.50\n1004,１７８５０,2023-01-08,1,5.00\n1005,1.78501E+04,2023-01-09,1,1.00\n1006,1.785e4,2023-01-10,1,1.00\n';
    const r = await run('orders', 'ids.csv', csv);
    expect(r.files[0].derived.customers).toBe(2);
    expect(await rows('SELECT customer_id, count(*)::INT AS n FROM order_lines GROUP BY 1 ORDER BY 1')).toEqual([
      { customer_id: '1.78501E+04', n: 1 },
      { customer_id: '17850', n: 5 },
    ]);
  });
});

describe('opt-out and consent flags', () => {
  it('matches 是否退订 (GBK, 是/否) to opt_out', async () => {
    const csv = iconv.encode('会员编号,姓名,是否退订\nM1,张三,是\nM2,李四,否\nM3,王五,Y\nM4,赵六,0\n', 'gbk');
    const r = await run('customers', 'cn.csv', csv);
    expect(r.files[0].matched.find((m) => m.field === 'opt_out')?.column).toBe('是否退订');
    expect(await rows('SELECT customer_id, opt_out FROM customers ORDER BY 1')).toEqual([
      { customer_id: 'M1', opt_out: true },
      { customer_id: 'M2', opt_out: false },
      { customer_id: 'M3', opt_out: true },
      { customer_id: 'M4', opt_out: false },
    ]);
  });

  it('leaves the customers who unsubscribed (是否退订 = 是) or gave no consent out of a segment export, and counts them', async () => {
    await run('customers', 'm.csv', iconv.encode('会员编号,手机,是否退订\nM1,13900000001,是\nM2,13900000002,否\nM3,13900000003,是\nM4,13900000004,否\n', 'gbk'));
    await run('orders', 'o.csv', '订单号,会员编号,下单时间,实付金额\nX1,M1,2024-01-01,10\nX2,M2,2024-01-02,11\nX3,M3,2024-01-03,12\nX4,M4,2024-01-04,13\n');
    const config = normalizeValueConfig({});
    await createSegment(s.engine, 'all', 'revenue > 0', config);
    const t = segmentMembersTable(await segmentMembers(s.engine, 'all', config));
    expect(t.rows.map((r) => r[0]).sort()).toEqual(['M2', 'M4']);
    expect(t.optedOut).toBe(2);
  });

  it.each([['unsubscribed'], ['do_not_contact'], ['opted_out'], ['不接收推送'], ['拒收营销'], ['Is Unsubscribed']])('matches %s to opt_out', async (header) => {
    await run('customers', 'o.csv', `customer_id,${header}\nc1,true\nc2,false\n`);
    expect(await rows('SELECT customer_id, opt_out FROM customers ORDER BY 1')).toEqual([
      { customer_id: 'c1', opt_out: true },
      { customer_id: 'c2', opt_out: false },
    ]);
  });

  it.each([['marketing_consent'], ['Accepts Marketing'], ['同意营销'], ['是否接收营销']])('reads a consent column (%s) inverted, and says so', async (header) => {
    const r = await run('customers', 'c.csv', `customer_id,${header}\nc1,yes\nc2,no\nc3,是\nc4,\n`);
    const m = r.files[0].matched.find((x) => x.field === 'opt_out')!;
    expect(m.inverted).toBe(true);
    expect(describeMatch(m)).toContain('read inverted');
    expect(await rows('SELECT customer_id, opt_out FROM customers ORDER BY 1')).toEqual([
      { customer_id: 'c1', opt_out: false },
      { customer_id: 'c2', opt_out: true },
      { customer_id: 'c3', opt_out: false },
      { customer_id: 'c4', opt_out: null },
    ]);
  });
});

describe('order statuses', () => {
  const taobao = (statuses: readonly string[]) =>
    ['订单编号,客户ID,下单时间,商品名称,购买数量,商品单价,买家实际支付金额,订单状态', ...statuses.map((s, i) => `T${i},C${i % 3},2024-01-${String(1 + i).padStart(2, '0')},商品,1,${10 + i},${10 + i},${s}`)].join('\n') + '\n';

  it('counts only completed Taobao orders as sales; closed, unpaid and refunded ones are set apart with their reason', async () => {
    const statuses = ['交易成功', '交易关闭', '退款成功', '交易成功', '等待买家付款', '交易成功', '卖家已发货'];
    const r = await run('orders', 'tb.csv', iconv.encode(taobao(statuses), 'gb18030'));
    const f = r.files[0];
    expect(f.matched.find((m) => m.field === 'kind')?.column).toBe('订单状态');
    const sales = statuses.map((s, i) => (['交易成功', '卖家已发货'].includes(s) ? 10 + i : 0)).reduce((a, b) => a + b, 0);
    const [{ n, total }] = await rows<{ n: number; total: number }>("SELECT count(*)::INT AS n, sum(amount) AS total FROM order_lines WHERE kind = 'sale'");
    expect(n).toBe(4);
    expect(total).toBe(sales);
    expect(f.reasons).toEqual([
      { reason: 'value is an order closed or never paid: not a sale', count: 2 },
      { reason: 'value is an order refunded in full: not a sale', count: 1 },
    ]);
    expect(f.rowsRead).toBe(f.imported + f.quarantined);
  });

  it('works the same with --map kind=订单状态', async () => {
    const r = await run('orders', 'tb2.csv', taobao(['交易成功', '交易关闭']).replace('订单状态', '状态2'), { map: { kind: '状态2' } });
    expect(r.files[0]).toMatchObject({ imported: 1, quarantined: 1 });
  });

  it('reads English statuses in an Order Status column (completed, cancelled, refunded, pending)', async () => {
    const csv = 'Order ID,Customer ID,Order Date,Total,Order Status\nW1,c1,2024-01-01,10,completed\nW2,c1,2024-01-02,20,Cancelled\nW3,c2,2024-01-03,30,refunded\nW4,c2,2024-01-04,40,pending\nW5,c3,2024-01-05,50,Shipped\nW6,c3,2024-01-06,60,on hold\nW7,c3,2024-01-07,70,with the elves\n';
    const r = await run('orders', 'woo.csv', csv);
    expect(await rows('SELECT order_id, kind, amount FROM order_lines ORDER BY 1')).toEqual([
      { order_id: 'W1', kind: 'sale', amount: 10 },
      { order_id: 'W5', kind: 'sale', amount: 50 },
    ]);
    // on hold: awaiting payment (WooCommerce), not revenue yet.
    expect(r.files[0].quarantined).toBe(5);
    expect(r.files[0].reasons.map((x) => x.reason)).toContain(`value ${UNKNOWN_STATUS}`);
  });

  it('keeps cancel and return lines of a kind column (not a status) as lines that reverse a sale', async () => {
    await run('orders', 'kind.csv', 'order_id,customer_id,ordered_at,amount,kind\nA1,c1,2024-01-01,10,sale\nA2,c1,2024-01-02,4,cancelled\nA3,c1,2024-01-03,3,refunded\n');
    expect(await rows('SELECT kind, amount FROM order_lines ORDER BY order_id')).toEqual([
      { kind: 'sale', amount: 10 },
      { kind: 'cancel', amount: -4 },
      { kind: 'return', amount: -3 },
    ]);
  });
});

describe('Excel serial dates', () => {
  it('reads a column of 5-digit serials as dates (1900 system; the fraction is the time), and says so', async () => {
    const r = await run('orders', 'serial.csv', 'InvoiceNo,CustomerID,InvoiceDate,Amount\nA1,K1,44927,10\nA2,K2,44928.5,10\nA3,K3,45000,10\n');
    expect(r.files[0].dateFormats[0]).toMatchObject({ column: 'InvoiceDate', format: 'Excel serial day numbers (1900 date system)', how: 'detected' });
    const got = await rows<{ at: string }>('SELECT CAST(ordered_at AS VARCHAR) AS at FROM order_lines ORDER BY order_id');
    // Independent: day 25569 is 1970-01-01.
    const iso = (s: number) => new Date((s - 25569) * 86400000).toISOString().replace('T', ' ').replace('.000Z', '');
    expect(got.map((g) => g.at)).toEqual([44927, 44928.5, 45000].map(iso));
    expect(got[0].at).toBe('2023-01-01 00:00:00');
  });

  it('reads them with --date-format excel, alone or among other formats', async () => {
    await run('orders', 's2.csv', 'InvoiceNo,CustomerID,InvoiceDate,Amount\nA1,K1,2023-01-01,10\nA2,K2,44928.5,10\n', { dateFormat: 'excel | iso' });
    expect((await rows<{ at: string }>('SELECT CAST(ordered_at AS VARCHAR) AS at FROM order_lines ORDER BY order_id')).map((g) => g.at)).toEqual(['2023-01-01 00:00:00', '2023-01-02 12:00:00']);
  });

  it('does not take 5-digit numbers outside plausible dates, or a column mixing them with others, for serials', async () => {
    await expect(run('orders', 's3.csv', 'InvoiceNo,CustomerID,InvoiceDate,Amount\nA1,K1,99999,10\nA2,K2,44928,10\n')).rejects.toThrow(ImportError);
  });
});
