/**
 * Order lines priced once, for every per-customer figure that comes from them: the value run reads these either
 * straight from order_lines (any as-of date) or from the customer_facts rollup built by the same text (src/sql/facts.ts),
 * so the two paths cannot drift apart. Pure text builders.
 *
 * Conventions (DESIGN.md §3):
 * - `amount` is the line's value before discount (quantity × unit price); `discount` is subtracted for sales and
 *   added back for returns and cancellations (they refund the discounted price).
 * - Returns, cancellations and adjustments carry negative amounts: net = amount − signed discount.
 * - Known cost of goods per line: quantity × products.unit_cost, else net × (1 − products.margin_rate). A line with
 *   neither is `uncosted`: the value run applies the configured margin rate to it (assumed) or counts it at zero
 *   cost. Adjustments carry no cost of goods.
 */
import type { Dialect } from './dialect.js';

/** `CAST(ordered_at AS DATE)`, the day every line figure is counted on. */
export function sqlLineDay(d: Dialect, alias = 'l'): string {
  return `CAST(${alias}.ordered_at AS ${d.type('date')})`;
}

/** The signed discount of a line: given for sales, given back on returns, cancellations and adjustments. */
export function sqlSignedDiscount(alias = 'l'): string {
  return `CASE WHEN ${alias}.kind = 'sale' THEN COALESCE(${alias}.discount, 0) ELSE -COALESCE(${alias}.discount, 0) END`;
}

/**
 * Customers' order lines with their day, net, category and cost of goods, as a relation (usable after FROM).
 * `where` adds conditions on `l` (order_lines) and `p` (products).
 */
export function sqlPricedLines(d: Dialect, where: readonly string[] = []): string {
  const disc = sqlSignedDiscount();
  const net = `(l.amount - ${disc})`;
  return `(SELECT l.customer_id, l.order_id, ${sqlLineDay(d)} AS day, l.kind, l.amount, ${disc} AS discount,
    COALESCE(l.category, p.category) AS category, ${net} AS net,
    CASE WHEN l.kind = 'adjustment' THEN 0
      WHEN p.unit_cost IS NOT NULL THEN l.quantity * p.unit_cost
      WHEN p.margin_rate IS NOT NULL THEN ${net} * (1 - p.margin_rate)
      ELSE 0 END AS cogs_known,
    CASE WHEN l.kind <> 'adjustment' AND p.unit_cost IS NULL AND p.margin_rate IS NULL THEN ${net} ELSE 0 END AS uncosted
  FROM order_lines l LEFT JOIN products p ON p.product_id = l.product_id
  WHERE ${['l.customer_id IS NOT NULL', ...where].join(' AND ')})`;
}

/** The line figures of a customer, as aggregates over `sqlPricedLines` rows, in this order. */
export const LINE_FIGURES = [
  'first_purchase', 'last_purchase', 'orders', 'purchase_days', 'lines', 'gross_revenue', 'returns', 'cancellations',
  'adjustments', 'discounts', 'net_revenue', 'revenue_recent', 'revenue_prior', 'cogs_known', 'uncosted',
] as const;

/**
 * `SELECT customer_id, <LINE_FIGURES> FROM <priced> GROUP BY customer_id`. The growth windows start at the
 * date expressions `recentFrom` and `priorFrom` (the recent one runs to the end of the lines given).
 */
export function sqlLineAggregates(d: Dialect, priced: string, recentFrom: string, priorFrom: string): string {
  return `SELECT customer_id,
    min(CASE WHEN kind = 'sale' THEN day END) AS first_purchase,
    max(CASE WHEN kind = 'sale' THEN day END) AS last_purchase,
    ${d.sqlCountDistinctWhere('order_id', "kind = 'sale'")} AS orders,
    ${d.sqlCountDistinctWhere('day', "kind = 'sale'")} AS purchase_days,
    count(*) AS lines,
    sum(CASE WHEN kind = 'sale' THEN amount ELSE 0 END) AS gross_revenue,
    sum(CASE WHEN kind = 'return' THEN amount ELSE 0 END) AS returns,
    sum(CASE WHEN kind = 'cancel' THEN amount ELSE 0 END) AS cancellations,
    sum(CASE WHEN kind = 'adjustment' THEN amount ELSE 0 END) AS adjustments,
    sum(discount) AS discounts,
    sum(net) AS net_revenue,
    sum(CASE WHEN day >= ${recentFrom} THEN net ELSE 0 END) AS revenue_recent,
    sum(CASE WHEN day >= ${priorFrom} AND day < ${recentFrom} THEN net ELSE 0 END) AS revenue_prior,
    COALESCE(sum(cogs_known), 0) AS cogs_known,
    sum(uncosted) AS uncosted
  FROM ${priced} x GROUP BY customer_id`;
}

/**
 * Net revenue per (customer, category) of customers' categorised lines; `where` as in `sqlPricedLines`. A scan of
 * its own, not a second reader of the priced lines: a relation read twice is materialised, which costs more.
 */
export function sqlCategoryNets(d: Dialect, where: readonly string[] = []): string {
  return `SELECT l.customer_id, COALESCE(l.category, p.category) AS category, sum(l.amount - ${sqlSignedDiscount()}) AS net
  FROM order_lines l LEFT JOIN products p ON p.product_id = l.product_id
  WHERE ${['l.customer_id IS NOT NULL', 'COALESCE(l.category, p.category) IS NOT NULL', ...where].join(' AND ')}
  GROUP BY l.customer_id, COALESCE(l.category, p.category)`;
}

/** Per customer from (customer_id, category, net) rows: how many categories, the top one (ties: name) and the total. */
export function sqlCategoryMixAggregates(d: Dialect, nets: string): string {
  return `SELECT customer_id, count(*) AS categories,
    ${d.sqlArgMinBy('category', ['-net', 'category'])} AS top_category,
    max(net) AS top_category_revenue,
    sum(net) AS categorized_revenue
  FROM ${nets} c GROUP BY customer_id`;
}
