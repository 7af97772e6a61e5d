/**
 * The members' attributes a segment's fit with the company (门当户对) is judged on, from the stored value run:
 * per group, the mean place of its members among all buyers (mid-distribution rank, 0..1, 0.5 = like the base)
 * on order value, discount share and service taken (the mean of its places on orders and on cost to serve), and counts per main category, region, channel and type.
 * The same figures for the company's most profitable customers (top 20% by profit, profit > 0: kind 'best') and
 * for all buyers (kind 'base') let the fit be inferred when the company has no profile. No parameters.
 */
export type GroupBy = 'rfm' | 'saved' | 'tier';

/** (grp, customer_id) for each way of grouping. */
export function sqlGroupMembers(by: GroupBy): string {
  if (by === 'saved') return `SELECT m.name AS grp, m.customer_id FROM segment_members m`;
  const col = by === 'rfm' ? 'v.segment' : 'v.value_quadrant';
  return `SELECT ${col} AS grp, v.customer_id FROM customer_value v JOIN customer_summary s ON s.customer_id = v.customer_id WHERE s.first_purchase IS NOT NULL AND ${col} IS NOT NULL`;
}

/** One customer's place among the others on `expr`; NULLs are ranked apart and stay NULL. */
const midRank = (expr: string) =>
  `CASE WHEN ${expr} IS NOT NULL THEN (percent_rank() OVER (PARTITION BY ${expr} IS NULL ORDER BY ${expr}) + cume_dist() OVER (PARTITION BY ${expr} IS NULL ORDER BY ${expr})) / 2 END`;

const BUYERS = `SELECT s.customer_id, s.profit, s.orders, s.cost_to_serve AS service, s.type, lower(s.top_category) AS category,
    CASE WHEN s.orders > 0 THEN s.net_revenue / s.orders END AS aov,
    CASE WHEN s.gross_revenue > 0 THEN s.discounts / s.gross_revenue END AS disc,
    lower(coalesce(c.region, c.country)) AS region, lower(c.channel) AS channel
  FROM customer_summary s LEFT JOIN customers c ON c.customer_id = s.customer_id WHERE s.first_purchase IS NOT NULL`;

const RANKED = `SELECT *, ${midRank('aov')} AS p_aov, ${midRank('disc')} AS p_disc, (${midRank('service')} + ${midRank('orders')}) / 2 AS p_service,
    profit > 0 AND cume_dist() OVER (ORDER BY profit DESC) <= 0.2 AS best
  FROM b`;

/** kind ('group' | 'best' | 'base'), name, customers, mean places and mean raw figures. */
export function sqlFitPositions(by: GroupBy): string {
  const agg = `count(*) AS customers, avg(p_aov) AS p_aov, avg(p_disc) AS p_disc, avg(p_service) AS p_service,
    avg(aov) AS aov, CASE WHEN sum(CASE WHEN disc IS NOT NULL THEN 1 END) > 0 THEN avg(disc) END AS disc, avg(service) AS service, avg(orders) AS orders`;
  return `WITH b AS (${BUYERS}), r AS (${RANKED}), m AS (${sqlGroupMembers(by)})
SELECT 'group' AS kind, m.grp AS name, ${agg} FROM m JOIN r ON r.customer_id = m.customer_id GROUP BY m.grp
UNION ALL SELECT 'best' AS kind, NULL AS name, ${agg} FROM r WHERE best
UNION ALL SELECT 'base' AS kind, NULL AS name, ${agg} FROM r`;
}

/** kind, name, dim ('category' | 'region' | 'channel' | 'type'), val (lower case, NULL when unknown), n. */
export function sqlFitShares(by: GroupBy): string {
  const dims = (from: string, kind: string, name: string) =>
    ['category', 'region', 'channel', 'type']
      .map((dim) => `SELECT '${kind}' AS kind, ${name} AS name, '${dim}' AS dim, ${dim} AS val, count(*) AS n FROM ${from} GROUP BY ${name === 'NULL' ? '' : `${name}, `}${dim}`)
      .join('\nUNION ALL ');
  return `WITH b AS (${BUYERS}), r AS (${RANKED}), m AS (${sqlGroupMembers(by)}), g AS (SELECT m.grp, r.* FROM m JOIN r ON r.customer_id = m.customer_id),
  t AS (SELECT * FROM r WHERE best)
${dims('g', 'group', 'grp')}
UNION ALL ${dims('t', 'best', 'NULL')}
UNION ALL ${dims('r', 'base', 'NULL')}`;
}

/** Buyers, those with a single order, and distinct last-purchase days: whether RFM's F and R mean anything here. */
export function sqlBasisCheck(): string {
  return `SELECT count(*) AS buyers, count(*) FILTER (WHERE orders <= 1) AS single, count(DISTINCT last_purchase) AS last_days
FROM customer_summary WHERE first_purchase IS NOT NULL`;
}

/**
 * (key, shown): how each main category, region or country and channel is spelt in the data, keyed by its lowercase
 * (the fit matches them in lowercase), so that a profile's names are shown as the data spells them. No parameters.
 */
export function sqlFitDisplayNames(): string {
  return `SELECT lower(v) AS key, min(v) AS shown FROM (
    SELECT top_category AS v FROM customer_summary
    UNION ALL SELECT coalesce(region, country) FROM customers
    UNION ALL SELECT channel FROM customers) x
  WHERE v IS NOT NULL GROUP BY lower(v)`;
}
