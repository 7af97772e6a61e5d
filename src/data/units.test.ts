import { describe, expect, it } from 'vitest';
import { unitScale } from './units.js';

describe('unitScale', () => {
  it.each([
    ['合同金额(万元)', 1e4, '(万元)'],
    ['年收入（万元）', 1e4, '(万元)'],
    ['数量(万)', 1e4, '(万)'],
    ['金额（千元）', 1e3, '(千元)'],
    ['销售额(亿元)', 1e8, '(亿元)'],
    ['Sales (百万)', 1e6, '(百万)'],
    ['金额(单位:万元)', 1e4, '(单位:万元)'],
    ['Revenue (in millions)', 1e6, '(in millions)'],
    ['Sales ($000)', 1e3, '($000)'],
    ['Amount (000s)', 1e3, '(000s)'],
    ['Amount (in $000s)', 1e3, '(in $000s)'],
    ['Amount (k)', 1e3, '(k)'],
    ['Income (USD k)', 1e3, '(USD k)'],
    ['Amount (thousands)', 1e3, '(thousands)'],
    ['Umsatz (TEUR)', 1e3, '(TEUR)'],
    ['Umsatz (Tsd. €)', 1e3, '(Tsd. €)'],
    ['Sales (€m)', 1e6, '(€m)'],
    ['Amount ($m)', 1e6, '($m)'],
    ['Amount (mio. EUR)', 1e6, '(mio. EUR)'],
    ['合同金额/万元', 1e4, '万元'],
    ['Revenue in thousands', 1e3, 'in thousands'],
  ])('%s is × %d', (column, factor, unit) => {
    expect(unitScale(column)).toEqual({ factor, unit });
  });

  it.each([['单价(元)'], ['Price [USD]'], ['Length (m)'], ['Qty (M)'], ['Weight (kg)'], ['Tenure (months)'], ['单价'], ['Amount'], ['Monthly Charges ($)'], ['mm']])('%s multiplies nothing', (column) => {
    expect(unitScale(column)).toBeNull();
  });
});
