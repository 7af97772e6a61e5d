/**
 * Where good customers come from: per acquisition channel (customers.channel) the customers it brought, their profit
 * in their first 12 months and their long-term value; per lead source (leads.source) leads, closed and won. Pure text.
 */
import type { Dialect } from './dialect.js';
import { sqlPricedLines } from './lines.js';

/**
 * $1 as-of date, $2 margin rate for uncosted lines (NULL: no cost). Per channel: customers, those acquired at least 12
 * months before as-of (mature), the sum of their first-12-month profit (net − cost of goods − cost to serve, from
 * the first purchase), and mean long-term value and total profit to date over all its customers.
 */
export function sqlChannelValue(d: Dialect, firstYear: string | null = null): string {
  const date = d.type('date');
  return `WITH c AS (SELECT s.customer_id, coalesce(nullif(trim(cu.channel), ''), '(unknown)') AS channel, s.first_purchase, s.profit, v.long_term_value,
    s.first_purchase <= CAST($1 AS ${date}) - INTERVAL 365 DAY AS mature
  FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id LEFT JOIN customers cu ON cu.customer_id = s.customer_id
  WHERE s.first_purchase IS NOT NULL),
g AS (${
    // `firstYear`: a table or subquery (customer_id, margin) computed where the lines are (a ClickHouse store's
    // cluster), with the margin rate $2 already applied there ($2 stays named so both texts take the same first
    // parameters).
    firstYear
      ? `SELECT c.customer_id, y.margin FROM c JOIN ${firstYear} y ON y.customer_id = c.customer_id WHERE c.mature AND (CAST($2 AS DOUBLE) IS NULL OR TRUE)`
      : `SELECT c.customer_id, sum(l.net - l.cogs_known - CASE WHEN $2 IS NULL THEN 0 ELSE l.uncosted * (1 - $2) END) AS margin
  FROM c JOIN ${sqlPricedLines(d)} l ON l.customer_id = c.customer_id AND l.day >= c.first_purchase AND l.day < c.first_purchase + INTERVAL 365 DAY
  WHERE c.mature GROUP BY c.customer_id`
  }),
sc AS (SELECT c.customer_id, sum(x.cost) AS cost FROM c JOIN service_costs x ON x.customer_id = c.customer_id AND CAST(x.at AS ${date}) >= c.first_purchase AND CAST(x.at AS ${date}) < c.first_purchase + INTERVAL 365 DAY
  WHERE c.mature GROUP BY c.customer_id)
SELECT c.channel, count(*) AS customers, count(*) FILTER (WHERE c.mature) AS mature,
  sum(CASE WHEN c.mature THEN coalesce(g.margin, 0) - coalesce(sc.cost, 0) END) AS profit12,
  avg(c.long_term_value) AS mean_clv, sum(c.profit) AS profit
FROM c LEFT JOIN g ON g.customer_id = c.customer_id LEFT JOIN sc ON sc.customer_id = c.customer_id
GROUP BY c.channel ORDER BY c.channel`;
}

/** Per lead source: leads, closed (outcome known), won. */
export const sqlLeadSources = (): string => `SELECT coalesce(nullif(trim(source), ''), '(unknown)') AS source, count(*) AS leads,
  count(outcome) AS closed, count(*) FILTER (WHERE outcome) AS won
FROM leads GROUP BY 1 ORDER BY 1`;
