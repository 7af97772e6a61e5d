import { describe, expect, it } from 'vitest';
import { ENTITIES } from './entities.js';
import { matchColumns, normalizeColumnName, parseMapOptions } from './mapping.js';

const fieldOf = (m: ReturnType<typeof matchColumns>, column: string) => m.matches.find((x) => x.column === column)?.field;

describe('matchColumns', () => {
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

  it('normalises names', () => {
    expect(normalizeColumnName('Customer_ID')).toBe(normalizeColumnName('customer id'));
    expect(normalizeColumnName('客户 编号')).toBe('客户编号');
  });

  it('parses --map options', () => {
    expect(parseMapOptions(['customer_id=Client No', 'amount=a=b'])).toEqual({ customer_id: 'Client No', amount: 'a=b' });
    expect(() => parseMapOptions(['customer_id'])).toThrow(/field=Column/);
  });
});
