/**
 * Big-customer risk (大客户风险): how concentrated profit is, and the signals of each large customer over the last
 * year against the year before. Pure text builders; parameters are bound.
 */
import type { Dialect } from './dialect.js';
import { sqlPricedLines } from './lines.js';

/** Every buyer's profit and revenue in the stored run, largest profit first (ties by id). */
export const sqlProfits = (): string => `SELECT customer_id, profit, net_revenue, recency_days FROM customer_summary WHERE first_purchase IS NOT NULL ORDER BY profit DESC, customer_id`;

/**
 * Per customer in $1 (JSON rows {id}), with $2 the as-of date: net revenue, gross amount and discounts in the last 365
 * days and the 365 before, sale days in the last 90, and the mean days late of invoices due in each year.
 */
export function sqlBigCustomerSignals(d: Dialect): string {
  const day = (n: number) => `CAST($2 AS DATE) - INTERVAL ${n} DAY`;
  const recent = `day > ${day(365)} AND day <= CAST($2 AS DATE)`;
  const prior = `day > ${day(730)} AND day <= ${day(365)}`;
  const late = `greatest(0, ${d.sqlDaysBetween('p.due_date', `coalesce(p.paid_at, CAST($2 AS DATE))`)})`;
  return `WITH ids AS (SELECT id FROM ${d.sqlJsonRows('$1', [['id', 'text']])} x),
l AS (SELECT pl.* FROM ${sqlPricedLines(d, [`l.customer_id IN (SELECT id FROM ids)`])} pl),
a AS (SELECT customer_id,
    sum(CASE WHEN ${recent} THEN net ELSE 0 END) AS net_recent, sum(CASE WHEN ${prior} THEN net ELSE 0 END) AS net_prior,
    sum(CASE WHEN ${recent} AND kind = 'sale' THEN amount ELSE 0 END) AS gross_recent, sum(CASE WHEN ${prior} AND kind = 'sale' THEN amount ELSE 0 END) AS gross_prior,
    sum(CASE WHEN ${recent} AND kind = 'sale' THEN discount ELSE 0 END) AS disc_recent, sum(CASE WHEN ${prior} AND kind = 'sale' THEN discount ELSE 0 END) AS disc_prior,
    count(DISTINCT CASE WHEN kind = 'sale' AND day > ${day(90)} AND day <= CAST($2 AS DATE) THEN day END) AS active_days_90
  FROM l GROUP BY customer_id),
p AS (SELECT p.customer_id,
    avg(CASE WHEN p.due_date > ${day(365)} AND p.due_date <= CAST($2 AS DATE) THEN ${late} END) AS late_recent,
    avg(CASE WHEN p.due_date > ${day(730)} AND p.due_date <= ${day(365)} THEN ${late} END) AS late_prior
  FROM payments p WHERE p.customer_id IN (SELECT id FROM ids) AND p.due_date IS NOT NULL GROUP BY p.customer_id)
SELECT ids.id AS customer_id, a.net_recent, a.net_prior, a.gross_recent, a.gross_prior, a.disc_recent, a.disc_prior, a.active_days_90, p.late_recent, p.late_prior,
  ${d.sqlJsonText('c.attributes', 'wallet')} AS wallet
FROM ids LEFT JOIN a ON a.customer_id = ids.id LEFT JOIN p ON p.customer_id = ids.id LEFT JOIN customers c ON c.customer_id = ids.id`;
}
