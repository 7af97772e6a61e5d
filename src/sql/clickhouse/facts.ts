/**
 * Customer facts on ClickHouse: the same figures, by the same conventions, as src/sql/lines.ts and
 * src/sql/facts.ts build on DuckDB (one row per customer: FACTS_COLUMNS), written for ClickHouse 18.16 and later.
 * Run on each shard over its local tables: a customer's lines are all on one shard (tables.ts), so each shard's
 * rows are complete and the shards' results are simply put together. Pure text builders.
 *
 * Differences from the DuckDB text, each giving the same value:
 * - CASE WHEN … END → if()/multiIf(); a NULL condition takes the else branch in both.
 * - count(DISTINCT x) FILTER (WHERE c) → uniqExactIf(x, c) on non-NULL x.
 * - COALESCE(l.category, p.category) → ifNull; the LEFT JOIN fills unmatched products with NULL (join_use_nulls).
 * - one JOIN per SELECT (18.16 has no more): the priced lines, the category nets and the final row are nested.
 *
 * $1 as-of, $2 first day of the recent growth window, $3 of the prior one (YYYY-MM-DD).
 */
import { quoteIdent } from './dialect.js';

/** Priced lines of customers up to the as-of day, as a subquery (see sqlPricedLines in src/sql/lines.ts). */
export function sqlPricedLinesCH(lines: string, products: string): string {
  const disc = `if(l.kind = 'sale', ifNull(l.discount, 0), -ifNull(l.discount, 0))`;
  const net = `(l.amount - ${disc})`;
  // Aliases differ from every column name: ClickHouse aliases are visible in the whole SELECT, so an alias named
  // customer_id would replace l.customer_id in the WHERE clause.
  return `(SELECT assumeNotNull(l.customer_id) AS cust, l.order_id AS oid, toDate(l.ordered_at) AS day, l.kind AS knd,
    l.amount AS amt, ${disc} AS disc, ifNull(l.category, p.category) AS cat, ${net} AS net,
    multiIf(l.kind = 'adjustment', 0, isNotNull(p.unit_cost), l.quantity * p.unit_cost, isNotNull(p.margin_rate), ${net} * (1 - p.margin_rate), 0) AS cogs_known,
    if(l.kind != 'adjustment' AND isNull(p.unit_cost) AND isNull(p.margin_rate), ${net}, 0) AS uncosted
  FROM ${quoteIdent(lines)} AS l LEFT JOIN ${quoteIdent(products)} AS p ON p.product_id = ifNull(l.product_id, '')
  WHERE isNotNull(l.customer_id) AND toDate(l.ordered_at) <= toDate($1))`;
}

/** FACTS_COLUMNS per customer, from `lines` (a shard's local order lines) and `products` (its full copy). */
export function sqlCustomerFactsCH(lines: string, products: string): string {
  const priced = sqlPricedLinesCH(lines, products);
  const sale = `ifNull(knd = 'sale', 0)`;
  return `SELECT a.customer_id AS customer_id, first_purchase, last_purchase, orders, purchase_days, lines, gross_revenue, returns,
    cancellations, adjustments, discounts, net_revenue, revenue_recent, revenue_prior, cogs_known, uncosted,
    ifNull(m.categories, 0) AS categories, m.top_category AS top_category, m.top_category_revenue AS top_category_revenue,
    ifNull(m.categorized_revenue, 0) AS categorized_revenue
FROM (
  SELECT cust AS customer_id,
    min(if(${sale}, day, NULL)) AS first_purchase,
    max(if(${sale}, day, NULL)) AS last_purchase,
    toInt64(uniqExactIf(oid, ${sale} AND isNotNull(oid))) AS orders,
    toInt64(uniqExactIf(day, ${sale})) AS purchase_days,
    toInt64(count()) AS lines,
    sum(if(${sale}, amt, 0)) AS gross_revenue,
    sum(if(ifNull(knd = 'return', 0), amt, 0)) AS returns,
    sum(if(ifNull(knd = 'cancel', 0), amt, 0)) AS cancellations,
    sum(if(ifNull(knd = 'adjustment', 0), amt, 0)) AS adjustments,
    sum(disc) AS discounts,
    sum(net) AS net_revenue,
    sum(if(day >= toDate($2), net, 0)) AS revenue_recent,
    sum(if(day >= toDate($3) AND day < toDate($2), net, 0)) AS revenue_prior,
    ifNull(sum(cogs_known), 0) AS cogs_known,
    sum(uncosted) AS uncosted
  FROM ${priced} AS x GROUP BY cust
) AS a
LEFT JOIN (
  SELECT customer_id, toInt64(count()) AS categories,
    argMin(category, tuple(-cnet, category)) AS top_category,
    max(cnet) AS top_category_revenue,
    sum(cnet) AS categorized_revenue
  FROM (
    SELECT cust AS customer_id, assumeNotNull(cat) AS category, sum(net) AS cnet FROM ${priced} AS y
    WHERE isNotNull(cat) GROUP BY cust, cat
  ) AS c GROUP BY customer_id
) AS m ON m.customer_id = a.customer_id`;
}

/** (customer_id, category, net) of customers' categorised lines: customer_category_facts (sqlCategoryNets in src/sql/lines.ts). $1 as-of. */
export function sqlCategoryFactsCH(lines: string, products: string): string {
  return `SELECT customer_id, category, cnet AS net FROM (SELECT cust AS customer_id, assumeNotNull(cat) AS category, sum(net) AS cnet
  FROM ${sqlPricedLinesCH(lines, products)} AS y WHERE isNotNull(cat) GROUP BY cust, cat)`;
}
