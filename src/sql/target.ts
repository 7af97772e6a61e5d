import type { Dialect } from './dialect.js';
import { sqlGroupMembers, type GroupBy } from './fit.js';

/**
 * Figures per group of customers in the stored value run: by RFM segment, value tier (current × long-term) or saved
 * segment. No parameters: the grouping is one of three fixed texts.
 */
export function sqlGroupFigures(d: Dialect, by: GroupBy): string {
  const from = `SELECT m.grp, s.*, v.long_term_value, v.p_alive FROM (${sqlGroupMembers(by)}) m JOIN customer_summary s ON s.customer_id = m.customer_id JOIN customer_value v ON v.customer_id = m.customer_id`;
  return `SELECT grp AS name, count(*) AS customers, sum(net_revenue) AS revenue, sum(profit) AS profit,
  avg(long_term_value) AS mean_clv, avg(p_alive) AS mean_p_alive,
  sum(revenue_recent) AS revenue_recent, sum(revenue_prior) AS revenue_prior,
  CASE WHEN sum(gross_revenue) > 0 THEN sum(discounts) / sum(gross_revenue) END AS discount_share,
  CASE WHEN sum(net_revenue) > 0 THEN sum(cost_to_serve) / sum(net_revenue) END AS service_share,
  avg(satisfaction) AS satisfaction,
  CASE WHEN sum(orders) > 0 THEN sum(net_revenue) / sum(orders) END AS order_value,
  ${d.sqlArgMax('top_category', 'top_category_revenue')} AS top_category
FROM (${from}) x GROUP BY grp ORDER BY grp`;
}

