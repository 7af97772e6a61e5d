/**
 * Portfolio read-outs over customer_summary and customer_value: totals, whale curve, RFM and matrix cells. Pure text.
 * They read customer_value_rows (classes as codes) rather than the customer_value view, and name codes after grouping.
 */
import type { Dialect } from './dialect.js';
import { CODED_COLUMNS, LONG_TERM_SOURCE_CODES, sqlCode, sqlDecode } from './value-codes.js';

export function sqlPortfolioTotals(): string {
  return `SELECT count(*) AS customers,
    sum(CASE WHEN first_purchase IS NOT NULL THEN 1 ELSE 0 END) AS buyers,
    sum(CASE WHEN lines = 0 THEN 1 ELSE 0 END) AS without_orders,
    sum(CASE WHEN lines > 0 AND first_purchase IS NULL THEN 1 ELSE 0 END) AS only_returns,
    sum(CASE WHEN derived THEN 1 ELSE 0 END) AS placeholders,
    COALESCE(sum(orders), 0) AS orders, COALESCE(sum(lines), 0) AS lines,
    COALESCE(sum(gross_revenue), 0) AS gross_revenue, COALESCE(sum(returns), 0) AS returns,
    COALESCE(sum(cancellations), 0) AS cancellations, COALESCE(sum(adjustments), 0) AS adjustments,
    COALESCE(sum(discounts), 0) AS discounts, COALESCE(sum(net_revenue), 0) AS net_revenue,
    COALESCE(sum(cogs), 0) AS cogs, COALESCE(sum(cogs_assumed_revenue), 0) AS cogs_assumed_revenue,
    COALESCE(sum(uncosted_revenue), 0) AS uncosted_revenue, COALESCE(sum(gross_margin), 0) AS gross_margin,
    COALESCE(sum(cost_to_serve), 0) AS cost_to_serve, COALESCE(sum(bad_debt), 0) AS bad_debt,
    COALESCE(sum(profit), 0) AS profit,
    sum(CASE WHEN profit < 0 THEN 1 ELSE 0 END) AS loss_making,
    COALESCE(sum(CASE WHEN profit < 0 THEN profit ELSE 0 END), 0) AS loss,
    COALESCE(sum(CASE WHEN profit > 0 THEN profit ELSE 0 END), 0) AS positive_profit,
    sum(CASE WHEN profit > 0 THEN 1 ELSE 0 END) AS profitable
  FROM customer_summary`;
}

/**
 * Customers ranked by profit, descending (ties in any order: tied rows add the same value). `n` customers: the
 * point at p% of customers is the cumulative profit of the first ceil(p·n/100) customers, for p = 0..100. Rows: kind 'point' (key = p),
 * 'decile' (key = 1..10, customers in decile d have rank r with floor((r − 1)·10/n) = d − 1), 'peak' (key = rank).
 */
export function sqlWhale(_d: Dialect, n: number): string {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`sqlWhale requires a positive customer count, got ${n}`);
  const ks = new Map<number, number[]>();
  for (let p = 1; p <= 100; p++) {
    const k = Math.floor((p * n + 99) / 100);
    ks.set(k, [...(ks.get(k) ?? []), p]);
  }
  const pointCase = [...ks.entries()].map(([k]) => k).join(', ');
  // No tiebreak by customer id: rows tied on profit carry the same value, so every cumulative sum, decile sum and the
  // peak are the same whichever order ties take, and a sort on profit alone is cheaper than one that also compares ids.
  return `WITH ranked AS (
  SELECT profit, row_number() OVER (ORDER BY profit DESC) AS rank,
    sum(profit) OVER (ORDER BY profit DESC ROWS UNBOUNDED PRECEDING) AS cum
  FROM customer_summary
)
SELECT 'point' AS kind, rank AS key, cum AS value, 0 AS customers FROM ranked WHERE rank IN (${pointCase})
UNION ALL
SELECT 'decile', CAST(floor((rank - 1) * 10.0 / ${n}) AS BIGINT) + 1 AS d, sum(profit), count(*) FROM ranked GROUP BY d
UNION ALL
SELECT * FROM (SELECT 'peak', rank, cum, 0 FROM ranked ORDER BY cum DESC, rank LIMIT 1) peak`;
}

/** Counts, revenue and profit per value of a customer_value column (a segment or a matrix cell). */
export function sqlCells(column: 'segment' | 'value_quadrant' | 'value_loyalty' | 'satisfaction_loyalty'): string {
  return `SELECT v.${column} AS cell, count(*) AS customers, sum(s.net_revenue) AS revenue, sum(s.profit) AS profit,
    sum(v.current_value) AS current_value, sum(v.long_term_value) AS long_term_value
  FROM customer_value v JOIN customer_summary s ON s.customer_id = v.customer_id
  WHERE v.${column} IS NOT NULL GROUP BY v.${column} ORDER BY v.${column}`;
}

/** The columns of customer_value whose cells `sqlAllCells` counts. */
export type CellColumn = 'segment' | 'value_quadrant' | 'value_loyalty' | 'satisfaction_loyalty';

/**
 * `sqlCells` for every cell column in one pass over the join (one grouping set per column): rows carry the
 * column's name in `matrix`. Rows whose cell is NULL (customers in no cell) are the caller's to drop.
 */
export function sqlAllCells(): string {
  const cols: readonly CellColumn[] = ['segment', 'value_quadrant', 'value_loyalty', 'satisfaction_loyalty'];
  // Grouped by code, named after grouping: four names per matrix instead of one per customer.
  return `SELECT matrix, CASE matrix ${cols.map((c) => `WHEN '${c}' THEN ${sqlDecode('code', CODED_COLUMNS[c])}`).join(' ')} END AS cell,
    customers, revenue, profit, current_value, long_term_value
  FROM (
    SELECT CASE ${cols.map((c) => `WHEN GROUPING(v.${c}) = 0 THEN '${c}'`).join(' ')} END AS matrix,
      COALESCE(${cols.map((c) => `v.${c}`).join(', ')}) AS code, count(*) AS customers, sum(s.net_revenue) AS revenue, sum(s.profit) AS profit,
      sum(v.current_value) AS current_value, sum(v.long_term_value) AS long_term_value
    FROM customer_value_rows v JOIN customer_summary s ON s.customer_id = v.customer_id
    GROUP BY GROUPING SETS (${cols.map((c) => `(v.${c})`).join(', ')})
  ) coded ORDER BY matrix, cell`;
}

export function sqlRfmGrid(): string {
  return `SELECT r, f, count(*) AS customers FROM customer_value_rows WHERE r IS NOT NULL GROUP BY r, f ORDER BY r, f`;
}

export function sqlCriteriaOverview(): string {
  return `SELECT avg(good_score) AS avg_score,
    sum(CASE WHEN flag_loss_making THEN 1 ELSE 0 END) AS loss_making,
    sum(CASE WHEN flag_costs_more_than_brings THEN 1 ELSE 0 END) AS costs_more_than_brings,
    sum(CASE WHEN flag_bad_debt THEN 1 ELSE 0 END) AS bad_debt,
    sum(CASE WHEN flag_chronic_late THEN 1 ELSE 0 END) AS chronic_late,
    sum(CASE WHEN flag_off_strategy THEN 1 ELSE 0 END) AS off_strategy,
    sum(CASE WHEN flag_loss_making OR flag_costs_more_than_brings OR flag_bad_debt OR flag_chronic_late OR flag_off_strategy THEN 1 ELSE 0 END) AS flagged,
    sum(CASE WHEN long_term_source = ${sqlCode(LONG_TERM_SOURCE_CODES, 'clv_predictions')} THEN 1 ELSE 0 END) AS clv,
    sum(CASE WHEN long_term_source = ${sqlCode(LONG_TERM_SOURCE_CODES, 'proxy')} THEN 1 ELSE 0 END) AS proxy
  FROM customer_value_rows`;
}

/** The best-scored customers (ids only). */
export function sqlTopScored(limit: number): string {
  return `SELECT customer_id, good_score FROM customer_value_rows WHERE good_score IS NOT NULL ORDER BY good_score DESC, customer_id LIMIT ${Math.max(0, Math.floor(limit))}`;
}
