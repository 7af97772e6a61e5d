/**
 * Exports that write an order's status on one of its lines only (Shopify's Financial Status is on an order's first
 * line, blank on the others; QA session 8, F1): the other lines take their order's status, so the lines of voided,
 * pending and refunded orders are not loaded as sales. Files generated here in Shopify's layout; every figure is
 * checked against a computation over the generated lines, by the lean import and by the exact one.
 */
import { describe, expect, it } from 'vitest';
import { CLOSED_ORDER, ORDER_STATUS_ELSEWHERE, REFUNDED_ORDER, UNKNOWN_STATUS } from '../sql/import.js';
import { storePerTest } from '../test-support/store-per-test.js';
import { translateCore } from '../cli/i18n/index.js';

const s = storePerTest();
const { run, rows } = s;
const cents = (x: number) => Math.round(x * 100);

function rng(seed: number) {
  let v = seed;
  return () => ((v = (v * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** Shopify's statuses, and whether the order's lines are sales. `stolen goods` is no status we know. */
const STATUSES: ReadonlyArray<readonly [string, 'sale' | 'closed' | 'refunded' | 'unknown']> = [
  ['paid', 'sale'], ['authorized', 'sale'], ['partially_refunded', 'sale'], ['pending', 'closed'], ['voided', 'closed'],
  ['refunded', 'refunded'], ['stolen goods', 'unknown'],
];

interface Line { order: string; customer: string; q: number; p: number; status: string; given: boolean; cls: 'sale' | 'closed' | 'refunded' | 'unknown' | 'none' }

/**
 * `orders` orders of 1–4 lines each; the status on the first line only, except every 7th order (on its last line)
 * and every 11th (on no line: such an order has no status, and its lines load as sales, as before). Every 5th
 * order's lines are split in two runs further down the file.
 */
function shopify(orders: number, seed: number): { text: string; lines: Line[] } {
  const r = rng(seed);
  const head: Line[] = [];
  const tail: Line[] = [];
  for (let n = 0; n < orders; n++) {
    const [status, cls] = STATUSES[Math.floor(r() * STATUSES.length)];
    const k = 1 + Math.floor(r() * 4);
    const on = n % 11 === 0 ? -1 : n % 7 === 0 ? k - 1 : 0;
    for (let i = 0; i < k; i++) {
      const line: Line = { order: `#${1000 + n}`, customer: `c${n % 37}@example.com`, q: 1 + Math.floor(r() * 3), p: Math.floor(100 + r() * 9900) / 100, status, given: i === on, cls: on < 0 ? 'none' : cls };
      (n % 5 === 0 && i > 0 ? tail : head).push(line);
    }
  }
  const lines = [...head, ...tail];
  const text = ['Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price', ...lines.map((l, i) => [l.order, l.customer, l.given ? l.status : '', `2024-05-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00 +0800`, l.q, 'Thing', l.p.toFixed(2)].join(','))].join('\n') + '\n';
  return { text, lines };
}

describe("an order's status written on one of its lines", () => {
  it.each([true, false])('is the status of its other lines (lean %s): only the lines of paid orders are sales', async (lean) => {
    const { text, lines } = shopify(400, 7);
    const f = (await run('orders', 'shopify.csv', text, { lean })).files[0];
    const sale = lines.filter((l) => l.cls === 'sale' || l.cls === 'none');
    expect(f.rowsRead).toBe(lines.length);
    expect(f.imported).toBe(sale.length);
    expect(f.quarantined).toBe(lines.length - sale.length);
    const [{ t, n }] = await rows<{ t: number; n: number }>("SELECT sum(amount) AS t, count(DISTINCT order_id) AS n FROM order_lines WHERE kind = 'sale'");
    expect(cents(t)).toBe(cents(sale.reduce((a, l) => a + l.q * l.p, 0)));
    expect(Number(n)).toBe(new Set(sale.map((l) => l.order)).size);
    // Each line not loaded is quarantined with its own order's status as the reason.
    const quarantined = await rows<{ line: number; reason: string }>('SELECT line, reason FROM quarantine ORDER BY line');
    expect(quarantined.length).toBe(lines.length - sale.length);
    const want = { closed: CLOSED_ORDER, refunded: REFUNDED_ORDER, unknown: UNKNOWN_STATUS } as const;
    for (const q of quarantined) {
      const l = lines[q.line - 2];
      expect(l.cls).not.toBe('sale');
      const tail = `${want[l.cls as keyof typeof want]}`;
      expect(q.reason).toBe(l.given ? `"${l.status}" ${tail}` : `"${l.status}" ${ORDER_STATUS_ELSEWHERE} ${tail}`);
    }
  });

  it('gives the reasons in Chinese too, and groups them in the report', async () => {
    const text = 'Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem price\n#1,a@x.com,voided,2024-05-01,1,10.00\n#1,a@x.com,,2024-05-01,2,5.00\n#1,a@x.com,,2024-05-01,1,3.00\n#2,b@x.com,paid,2024-05-02,1,7.00\n#2,b@x.com,,2024-05-02,1,8.00\n';
    const f = (await run('orders', 'small.csv', text)).files[0];
    expect(f.imported).toBe(2);
    expect(f.reasons).toEqual([
      { reason: `value ${ORDER_STATUS_ELSEWHERE} ${CLOSED_ORDER}`, count: 2 },
      { reason: `value ${CLOSED_ORDER}`, count: 1 },
    ]);
    const [q] = await rows<{ reason: string }>('SELECT reason FROM quarantine WHERE line = 3');
    const zh = translateCore(q.reason, 'zh-CN');
    expect(zh).toBe('"voided"（其订单在另一行上的状态；此行没有状态）是已关闭或未付款的订单：不计为销售');
    expect(translateCore(`value ${ORDER_STATUS_ELSEWHERE} ${UNKNOWN_STATUS}`, 'zh-CN')).toMatch(/^值（其订单在另一行上的状态；此行没有状态）不是可识别的订单状态/);
  });

  it('leaves a kind column (sale, return) and a file without order ids as they were', async () => {
    // A kind column is no status: a blank kind is a sale or a return by the line's sign, whatever its order's other lines say.
    const text = 'order_id,customer_id,date,kind,quantity,unit_price\nA,c1,2024-05-01,return,-1,10\nA,c1,2024-05-01,,2,5\n';
    const f = (await run('orders', 'kinds.csv', text)).files[0];
    expect(f.imported).toBe(2);
    expect(await rows('SELECT kind, amount FROM order_lines ORDER BY line_no')).toEqual([{ kind: 'return', amount: -10 }, { kind: 'sale', amount: 10 }]);
  });
});
