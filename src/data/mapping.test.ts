import { describe, expect, it } from 'vitest';
import { ENTITIES } from './entities.js';
import { describeMatch, describeSuggestion, matchColumns, normalizeColumnName, parseMapOptions } from './mapping.js';

const fieldOf = (m: ReturnType<typeof matchColumns>, column: string) => m.matches.find((x) => x.column === column)?.field;

describe('matchColumns', () => {
  it('matches the subscriber, patient, guest and 用户 ids of other trades to the customer id', () => {
    for (const name of ['Subscriber ID', 'Patient ID', 'Guest ID', 'Policyholder ID', '用户号', '订户编号']) {
      const m = matchColumns(ENTITIES.customers, [name, 'Gender', 'Tenure (months)']);
      expect(fieldOf(m, name)).toBe('customer_id');
    }
  });

  it('matches common English names of order lines', () => {
    const m = matchColumns(ENTITIES.orders, ['Invoice No', 'Customer ID', 'Order Date', 'SKU', 'Qty', 'Unit Price', 'Notes']);
    expect(fieldOf(m, 'Invoice No')).toBe('order_id');
    expect(fieldOf(m, 'Customer ID')).toBe('customer_id');
    expect(fieldOf(m, 'Order Date')).toBe('ordered_at');
    expect(fieldOf(m, 'SKU')).toBe('product_id');
    expect(fieldOf(m, 'Qty')).toBe('quantity');
    expect(fieldOf(m, 'Unit Price')).toBe('unit_price');
    expect(m.unmatched).toEqual(['Notes']);
    expect(m.missing).toContain('amount');
  });

  it('matches Chinese column names', () => {
    const m = matchColumns(ENTITIES.orders, ['订单号', '客户编号', '日期', '数量', '单价', '商品编号']);
    expect(m.matches.map((x) => x.field).sort()).toEqual(['customer_id', 'order_id', 'ordered_at', 'product_id', 'quantity', 'unit_price']);
    expect(m.unmatched).toEqual([]);
  });

  it('lets --map win over everything, and one column serve one field', () => {
    const m = matchColumns(ENTITIES.customers, ['id', 'Client No'], { customer_id: 'Client No' });
    expect(m.matches.find((x) => x.field === 'customer_id')).toEqual({ field: 'customer_id', column: 'Client No', via: 'map' });
    expect(m.unmatched).toEqual(['id']);
  });

  it('says what is wrong with a bad --map', () => {
    expect(() => matchColumns(ENTITIES.customers, ['a'], { nope: 'a' })).toThrow(/has no field "nope"/);
    expect(() => matchColumns(ENTITIES.customers, ['a'], { customer_id: 'b' })).toThrow(/no column "b".*/);
  });

  it('reads # as "no", and gives a field no name matched the one column whose name holds one of its names', () => {
    const m = matchColumns(ENTITIES.orders, ['Order #', 'Cust #', 'Date of Sale', 'Item#', 'Units', 'Price Each']);
    expect(fieldOf(m, 'Order #')).toBe('order_id');
    expect(fieldOf(m, 'Cust #')).toBe('customer_id');
    expect(fieldOf(m, 'Item#')).toBe('product_id');
    expect(fieldOf(m, 'Date of Sale')).toBe('ordered_at');
    expect(describeMatch(m.matches.find((x) => x.column === 'Date of Sale')!)).toBe('ordered_at ← Date of Sale (as "date")');
    // Traditional characters fold first: 訂購日期 holds 日期 (and is in the dictionary since); 發貨日期 only holds it.
    expect(fieldOf(matchColumns(ENTITIES.orders, ['單號', '發貨日期', '金額']), '發貨日期')).toBe('ordered_at');
    // Two columns that could serve: none is guessed, and the import says what is missing.
    const two = matchColumns(ENTITIES.orders, ['Order #', 'Ship Date', 'Due Date', 'Amount']);
    expect(fieldOf(two, 'Ship Date')).toBeUndefined();
    expect(two.missing).toContain('ordered_at');
    // A field the dictionary matched is never taken again by a similar name.
    const named = matchColumns(ENTITIES.orders, ['Order Date', 'Delivery Date', 'Amount']);
    expect(fieldOf(named, 'Order Date')).toBe('ordered_at');
    expect(fieldOf(named, 'Delivery Date')).toBeUndefined();
  });

  it('normalises names', () => {
    expect(normalizeColumnName('Customer_ID')).toBe(normalizeColumnName('customer id'));
    expect(normalizeColumnName('客户 编号')).toBe('客户编号');
  });

  it('parses --map options', () => {
    expect(parseMapOptions(['customer_id=Client No', 'amount=a=b'])).toEqual({ customer_id: 'Client No', amount: 'a=b' });
    expect(() => parseMapOptions(['customer_id'])).toThrow(/field=Column/);
  });
});

describe('matching names as real exports write them', () => {
  it('reads full-width letters, spaces, case and units or notes in brackets', () => {
    expect(normalizeColumnName('ＣＵＳＴＯＭＥＲ　ＩＤ')).toBe('customerid');
    const m = matchColumns(ENTITIES.orders, ['订单编号', '下单时间', '单价(元)', '金额（RMB）', 'Qty [pcs]', '客戶編號']);
    expect(m.matches.map((x) => [x.field, x.column])).toEqual([
      ['order_id', '订单编号'],
      ['customer_id', '客戶編號'],
      ['ordered_at', '下单时间'],
      ['quantity', 'Qty [pcs]'],
      ['unit_price', '单价(元)'],
      ['amount', '金额（RMB）'],
    ]);
    expect(m.matches.find((x) => x.field === 'unit_price')).toEqual({ field: 'unit_price', column: '单价(元)', via: 'alias', alias: '单价', ignored: '(元)' });
    expect(fieldOf(matchColumns(ENTITIES.orders, ['Price [USD]']), 'Price [USD]')).toBe('unit_price');
  });

  it('resolves several names of one field by the order of preference, and says which were not used', () => {
    // A Taobao-style export: the paid amount is the line's revenue; the list total and the buyer's nickname are not.
    const m = matchColumns(ENTITIES.orders, ['订单编号', '买家会员名', '买家昵称', '商品总价', '实付金额', '付款时间', '下单时间', '单价', '购买数量', '商品编码', '商品名称']);
    expect(fieldOf(m, '实付金额')).toBe('amount');
    expect(fieldOf(m, '单价')).toBe('unit_price');
    expect(fieldOf(m, '下单时间')).toBe('ordered_at');
    expect(fieldOf(m, '买家会员名')).toBe('customer_id');
    expect(m.unmatched).toEqual(['买家昵称', '商品总价', '付款时间']);
    expect(m.suggestions).toEqual([
      { column: '买家昵称', field: 'customer_id', reason: 'also-names', took: '买家会员名' },
      { column: '商品总价', field: 'amount', reason: 'also-names', took: '实付金额' },
      { column: '付款时间', field: 'ordered_at', reason: 'also-names', took: '下单时间' },
    ]);
    expect(describeMatch(m.matches.find((x) => x.field === 'amount')!)).toBe('amount ← 实付金额');
    const t = matchColumns(ENTITIES.orders, ['客戶編號', '单价(元)', 'Qty']);
    expect(t.matches.map((m) => describeMatch(m))).toEqual(['customer_id ← 客戶編號 (as "客户编号")', 'quantity ← Qty', 'unit_price ← 单价(元) (as "单价", "(元)" set aside)']);
    expect(describeMatch(t.matches[2], 'zh-CN')).toBe('unit_price ← 单价(元)（按“单价”识别，忽略“(元)”）');
  });

  it('suggests the nearest field for an unmatched name only where it is clear', () => {
    const m = matchColumns(ENTITIES.customers, ['Custmer ID', '收货人手机号码', '备用字段1', 'Notes']);
    expect(m.suggestions).toEqual([
      { column: 'Custmer ID', field: 'customer_id', reason: 'similar' },
      { column: '收货人手机号码', field: 'phone', reason: 'similar' },
    ]);
    expect(describeSuggestion(m.suggestions[0])).toBe('column "Custmer ID" was not matched; it may be customer_id: --map customer_id="Custmer ID"');
  });

  it('matches a 100,000-column header in linear time', () => {
    const columns = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    columns[77_777] = '客户编号';
    const t = performance.now();
    const m = matchColumns(ENTITIES.customers, columns);
    expect(performance.now() - t).toBeLessThan(2_000);
    expect(fieldOf(m, '客户编号')).toBe('customer_id');
    expect(m.unmatched).toHaveLength(99_999);
  });
});

describe("the names issue #13 lists", () => {
  it.each([
    ['orders', '商品编码', 'product_id'],
    ['orders', '商品编号', 'product_id'],
    ['orders', '货号', 'product_id'],
    ['orders', 'SKU', 'product_id'],
    ['orders', '物料编码', 'product_id'],
    ['orders', '商品名称', 'product_name'],
    ['orders', '品名', 'product_name'],
    ['orders', '订单编号', 'order_id'],
    ['orders', '下单时间', 'ordered_at'],
    ['orders', '付款时间', 'ordered_at'],
    ['orders', '实付金额', 'amount'],
    ['orders', '单价', 'unit_price'],
    ['orders', '会员ID', 'customer_id'],
    ['orders', '买家昵称', 'customer_id'],
    ['customers', '买家昵称', 'name'],
    ['customers', '手机号', 'phone'],
    ['customers', '客戶編號', 'customer_id'],
    ['orders', '發票號碼', 'order_id'],
    ['payments', '發票號碼', 'invoice_id'],
    ['orders', 'Invoice No', 'order_id'],
    ['customers', 'Cust. No.', 'customer_id'],
    ['orders', 'Qty', 'quantity'],
  ] as const)('%s: %s → %s', (entity, column, field) => {
    expect(fieldOf(matchColumns(ENTITIES[entity], [column]), column)).toBe(field);
  });
});
