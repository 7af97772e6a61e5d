/**
 * Service costs, payments and surveys of customers the store does not have (QA session 9, W1): loaded (a later
 * import of those customers makes them count), and said, with their figures and the ids that differ from a stored
 * customer's only in case. Checked against sums over the generated rows.
 */
import { describe, expect, it } from 'vitest';
import { storePerTest } from '../test-support/store-per-test.js';
import { translateCore } from '../cli/i18n/index.js';

const s = storePerTest({ append: true });
const { run } = s;

describe('rows of customers the store does not have', () => {
  it('load, and the import says how many, their figures, and which match a customer if case is ignored', async () => {
    await run('orders', 'orders.csv', 'order_id,customer_id,ordered_at,product_id,quantity,unit_price\n' + [1, 2, 3, 4].map((i) => `O${i},C${i},2024-0${i}-10,P1,1,100`).join('\n') + '\n');
    const costs = [['C1', 10], ['c2', 20], ['C9', 30], [' C3', 40]] as const;
    const sc = (await run('service-costs', 'service_costs.csv', 'customer_id,at,kind,cost\n' + costs.map(([c, x]) => `${c},2024-02-01,call,${x}`).join('\n') + '\n')).files[0];
    expect(sc.imported).toBe(4);
    const unknownCost = costs.filter(([c]) => !['C1', 'C2', 'C3', 'C4'].includes(c.trim())).reduce((a, [, x]) => a + x, 0);
    const w = sc.notes.find((n) => n.startsWith('warning: 2 rows name 2 customers the store does not have'));
    expect(w).toBeDefined();
    expect(w).toContain(`cost ${unknownCost}`);
    expect(w).toContain('1 of the ids match a stored customer when case is ignored (c2 → C2)');
    expect(translateCore(w!, 'zh-CN')).toMatch(/^警告：2 行属于 2 位数据库中没有的客户/);

    const pay = (await run('payments', 'payments.csv', 'customer_id,invoice_id,amount,due_date,paid_at,written_off\nC1,I1,100,2024-02-01,2024-02-01,0\nC9,I9,500,2024-02-01,,500\nc4,I4,100,2024-02-01,,100\n')).files[0];
    const pw = pay.notes.find((n) => n.startsWith('warning:'));
    expect(pw).toContain('2 rows name 2 customers');
    expect(pw).toContain('amount 600, written_off 600');
    // Every customer known: nothing said.
    const ok = (await run('surveys', 'surveys.csv', 'customer_id,at,satisfaction\nC1,2024-03-01,4\nC2,2024-03-01,5\n')).files[0];
    expect(ok.notes.some((n) => n.includes('the store does not have'))).toBe(false);
  });
});
