import type { Dialect } from './dialect.js';

/**
 * Everyone in a referral relation — customers and leads who were referred or who referred someone — with who
 * referred them (trimmed, NULL when empty), their revenue and profit in the value run ($1 run id; leads have none)
 * and, for leads, the outcome. Ordered by kind and id, so the graph is built the same way every run.
 */
export function sqlReferralNodes(d: Dialect): string {
  const text = d.type('text');
  const ref = (col: string) => `NULLIF(trim(CAST(${col} AS ${text})), '')`;
  return `WITH referrers AS (
  SELECT ${ref('referred_by')} AS id FROM customers WHERE ${ref('referred_by')} IS NOT NULL
  UNION SELECT ${ref('referred_by')} FROM leads WHERE ${ref('referred_by')} IS NOT NULL
)
SELECT 'customer' AS kind, c.customer_id AS id, c.name, ${ref('c.referred_by')} AS referred_by,
  COALESCE(s.net_revenue, 0) AS revenue, COALESCE(s.profit, 0) AS profit, CAST(NULL AS ${d.type('boolean')}) AS won
FROM customers c LEFT JOIN customer_summary s ON s.customer_id = c.customer_id AND s.run_id = $1
WHERE ${ref('c.referred_by')} IS NOT NULL OR c.customer_id IN (SELECT id FROM referrers)
UNION ALL
SELECT 'lead', l.lead_id, l.name, ${ref('l.referred_by')}, 0, 0, l.outcome
FROM leads l
WHERE ${ref('l.referred_by')} IS NOT NULL OR l.lead_id IN (SELECT id FROM referrers)
ORDER BY kind, id`;
}
