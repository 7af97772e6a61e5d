import { describe, expect, it } from 'vitest';
import { ENTITIES } from './entities.js';
import { matchColumns } from './mapping.js';

// QA session 9, D6 and D3: names of accounts-receivable and leads exports that were only suggested.
describe('column names of an accounts-receivable export and of a Chinese leads file', () => {
  it('reads 开票金额 as the amount and 坏账核销 as the write-off, leaving 已收金额/未收金额 unmatched', () => {
    const m = matchColumns(ENTITIES.payments, ['客户编号', '发票号', '开票金额', '已收金额', '未收金额', '到期日', '收款日期', '坏账核销']);
    const by = Object.fromEntries(m.matches.map((x) => [x.field, x.column]));
    expect(by).toMatchObject({ customer_id: '客户编号', invoice_id: '发票号', amount: '开票金额', due_date: '到期日', paid_at: '收款日期', written_off: '坏账核销' });
    expect(m.unmatched).toEqual(['已收金额', '未收金额']);
    expect(matchColumns(ENTITIES.payments, ['開票金額', '壞帳核銷']).matches.map((x) => x.field)).toEqual(['amount', 'written_off']);
  });

  it('reads 登记日期 as a lead\'s created date', () => {
    for (const name of ['登记日期', '登記日期', '登记时间', 'Registration Date']) {
      expect(matchColumns(ENTITIES.leads, ['线索编号', name]).matches.find((x) => x.column === name)?.field).toBe('created_at');
    }
  });
});
