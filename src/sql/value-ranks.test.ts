import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore } from '../test-support/temp.js';
import { DEFAULT_WEIGHTS } from '../value/config.js';
import { RFM_SEGMENTS } from '../value/rfm.js';
import { CRITERION_KEYS, sqlInsertCustomerValue, type CriterionKey } from './value.js';

// R and loyalty come from counts per value (sqlValueRanks): they must be the windows' ranks to the bit, ties and all.
describe('value ranks from counts per value', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    store = await tempStore();
  });
  afterAll(async () => store.close());

  const known = Object.fromEntries(CRITERION_KEYS.map((k) => [k, true])) as Record<CriterionKey, boolean>;

  type Row = { id: string; buyer: boolean; recency: number | null; orders: number; days: number; tenure: number | null };
  async function check(rows: Row[], allBuyers = false) {
    const e = store.engine;
    await e.run('DELETE FROM customer_value_rows');
    await e.run('DELETE FROM customer_summary');
    const lit = (v: number | null) => (v === null ? 'NULL' : String(v));
    const values = rows.map((r) =>
      `('${r.id}', ${r.buyer ? "DATE '2024-01-01'" : 'NULL'}, ${r.orders}, ${r.days}, 0, 0, 0, 0, 0, 0, ${r.orders * 10 + r.days}, 0, 0, 0, 0, 0, ${(r.days * 7) % 5}, 0, 0, 0, 0, 0, ${lit(r.tenure)}, ${lit(r.recency)}, 0, 0, 0, 0, 0, 1)`);
    await e.run(
      `INSERT INTO customer_summary (customer_id, first_purchase, orders, purchase_days, lines, gross_revenue, returns, cancellations, adjustments,
         discounts, net_revenue, revenue_recent, revenue_prior, cogs, cogs_assumed_revenue, uncosted_revenue, gross_margin, cost_to_serve,
         bad_debt, payments, late_payments, profit, tenure_days, recency_days, categories, categorized_revenue, off_core_revenue, surveys,
         referrals, run_id)
       VALUES ${values.join(', ')}`,
    );
    await e.run(
      sqlInsertCustomerValue(e.dialect, {
        segments: RFM_SEGMENTS,
        lostAfterDays: null,
        horizonYears: 3,
        oneTimeGapDays: 365,
        clv: null,
        profitKnown: false,
        costToServeKnown: false,
        criteria: { weights: DEFAULT_WEIGHTS, known, lateScaleDays: 30, referralCap: 5, favouredIndustries: [], creditRatings: {} },
        flags: { badDebtMin: 0, chronicLateMinPayments: 2, chronicLateShare: 0.5, smallRevenue: 0, offCoreShare: 0.5 },
        cuts: { currentValue: { quantile: 0.5 }, longTermValue: { quantile: 0.5 }, loyalty: { quantile: 0.5 }, satisfaction: { value: 4 } },
        runId: 1,
        allBuyers,
      }),
    );
    const got = await e.query('SELECT customer_id, r, loyalty FROM customer_value_rows ORDER BY customer_id');
    const want = await e.query(`SELECT s.customer_id, b.r, COALESCE(b.loyalty, 0.0) AS loyalty FROM customer_summary s LEFT JOIN (
        SELECT customer_id, ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS r,
          (percent_rank() OVER (ORDER BY purchase_days) + percent_rank() OVER (ORDER BY tenure_days)
            + percent_rank() OVER (ORDER BY recency_days DESC)) / 3.0 AS loyalty
        FROM customer_summary WHERE first_purchase IS NOT NULL) b ON b.customer_id = s.customer_id ORDER BY s.customer_id`);
    const rows_ = (xs: typeof got) => xs.map((x) => `${String(x.customer_id)} ${String(x.r)} ${String(x.loyalty)}`).join('\n');
    expect(rows_(got)).toBe(rows_(want));
    return (await e.query('SELECT * FROM customer_value_rows ORDER BY customer_id')).map((x) => JSON.stringify(x, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
  }

  it('matches ntile and percent_rank for 0 to 13 buyers, all tied or all distinct, with non-buyers beside them', async () => {
    for (let n = 0; n <= 13; n++) {
      for (const tied of [true, false]) {
        const rows: Row[] = Array.from({ length: n }, (_, i) => ({
          id: `c${(i * 7) % n}-${i}`, buyer: true, recency: tied ? 5 : n - i, orders: tied ? 1 : i, days: tied ? 1 : i % 3, tenure: tied ? 10 : i * 2,
        }));
        rows.push({ id: 'z-none', buyer: false, recency: null, orders: 0, days: 0, tenure: null });
        expect(await check(rows)).toHaveLength(n + 1);
      }
    }
  });

  it('matches them on many buyers with few values (tie groups across quintile boundaries) and a buyer without tenure', async () => {
    let seed = 7;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
    const rows: Row[] = Array.from({ length: 2003 }, (_, i) => ({
      id: `c${rnd(100000)}-${i}`, buyer: rnd(10) > 0, recency: rnd(40), orders: 1 + rnd(4), days: 1 + rnd(3), tenure: rnd(300),
    }));
    rows.push({ id: 'c-null', buyer: true, recency: 3, orders: 1, days: 1, tenure: null });
    expect(await check(rows)).toHaveLength(2004);
    // Every customer a buyer: the ranks over everyone taken over the buyers' rows (allBuyers) are the same.
    const buyers = rows.map((r) => ({ ...r, buyer: true }));
    expect(await check(buyers, true)).toEqual(await check(buyers, false));
  });
});
