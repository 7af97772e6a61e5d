/**
 * The line figures a cluster store's commands read from the cluster (src/engine/clickhouse/cluster-lines.ts), in
 * ClickHouse SQL runnable on 18.16: the same values, by the same conventions, as the DuckDB text named beside each.
 * Queries without a JOIN go through the Distributed table; queries with one run on each shard over its local
 * tables (every shard holds a full copy of the products) and the caller adds the shards' rows together.
 * Pure text builders.
 */
import { quoteIdent } from './dialect.js';
import { sqlPricedLinesCH as sqlPricedLinesCHRef } from './facts.js';

const signedDiscount = `if(kind = 'sale', ifNull(discount, 0), -ifNull(discount, 0))`;

/** The last order day (sqlLastTransactionDate) and the line count; `n` 0 when there are no lines. */
export function sqlLastDayCH(lines: string): string {
  return `SELECT toString(max(toDate(ordered_at))) AS day, toInt64(count()) AS n FROM ${quoteIdent(lines)}`;
}

/** 1 when any line has a discount (sqlDataAvailability's discounted_lines). */
export function sqlDiscountedCH(lines: string): string {
  return `SELECT toInt64(count()) AS n FROM (SELECT 1 FROM ${quoteIdent(lines)} WHERE isNotNull(discount) AND discount != 0 LIMIT 1)`;
}

/** Lines without a customer as of $1, and their net (sqlUnattributed). */
export function sqlUnattributedCH(lines: string): string {
  return `SELECT toInt64(count()) AS lines, sum(amount - ${signedDiscount}) AS net_revenue
FROM ${quoteIdent(lines)} WHERE isNull(customer_id) AND toDate(ordered_at) <= toDate($1)`;
}

/** One customer's net revenue per category as of $2 ($1 the id), on one shard (sqlCategoryMix). */
export function sqlCategoryMixCH(lines: string, products: string): string {
  return `SELECT cat AS category, sum(lnet) AS revenue FROM (
  SELECT ifNull(l.category, p.category) AS cat, l.amount - if(l.kind = 'sale', ifNull(l.discount, 0), -ifNull(l.discount, 0)) AS lnet
  FROM ${quoteIdent(lines)} AS l LEFT JOIN ${quoteIdent(products)} AS p ON p.product_id = ifNull(l.product_id, '')
  WHERE l.customer_id = $1 AND toDate(l.ordered_at) <= toDate($2)
) AS x WHERE isNotNull(cat) GROUP BY cat`;
}

/** First and last order day of lines with a customer (sqlOrderSpan); empty strings when there are none. */
export function sqlOrderSpanCH(lines: string): string {
  return `SELECT if(count() = 0, '', toString(min(toDate(ordered_at)))) AS first_day, if(count() = 0, '', toString(max(toDate(ordered_at)))) AS last_day
FROM ${quoteIdent(lines)} WHERE isNotNull(customer_id)`;
}

/** Customers with a sale line on a day after $1 (churn --learn's silence, src/act/churn-learn.ts). */
export function sqlBuyersAfterCH(lines: string): string {
  return `SELECT DISTINCT assumeNotNull(customer_id) AS buyer FROM ${quoteIdent(lines)}
WHERE kind = 'sale' AND isNotNull(customer_id) AND toDate(ordered_at) > toDate($1)`;
}

/** Customers whose first purchase day (sqlClvCustomers's rules) is after $1, among days up to $2 (sqlClvLateStarters). */
export function sqlClvLateStartersCH(lines: string): string {
  const micros = `toDecimal128(round(ifNull(amount, 0) * 1000000), 0)`;
  return `SELECT toInt64(count()) AS n FROM (
  SELECT cust FROM (
    SELECT assumeNotNull(customer_id) AS cust, toDate(ordered_at) AS pday FROM ${quoteIdent(lines)}
    WHERE isNotNull(customer_id) AND toDate(ordered_at) <= toDate($2)
    GROUP BY cust, pday
    HAVING sum(if(ifNull(kind = 'sale', 0), 1, 0)) > 0 AND (sum(${micros}) > 0 OR min(${micros}) >= 0)
  ) AS days GROUP BY cust HAVING min(pday) > toDate($1)
)`;
}

/** Cost of goods and revenue of costed sale lines with a customer, on one shard (sqlStoreMargin's two sums). */
export function sqlStoreMarginPartsCH(lines: string, products: string): string {
  return `SELECT sum(if(isNotNull(p.unit_cost), p.unit_cost * o.quantity, (1 - p.margin_rate) * o.amount)) AS cost, sum(o.amount) AS revenue, toInt64(count()) AS n
FROM ${quoteIdent(lines)} AS o INNER JOIN ${quoteIdent(products)} AS p ON p.product_id = ifNull(o.product_id, '')
WHERE o.kind = 'sale' AND isNotNull(o.customer_id) AND (isNotNull(p.unit_cost) OR isNotNull(p.margin_rate))`;
}

/** How many lines each import holds, through the Distributed table. */
export function sqlLinesByImportCH(lines: string): string {
  return `SELECT import_id, toInt64(count()) AS n FROM ${quoteIdent(lines)} GROUP BY import_id ORDER BY import_id`;
}

/**
 * The line part of sqlBigCustomerSignals (src/sql/concentration.ts) for the customers $2 … $(n+1), $1 the as-of
 * date: net, gross and discounts in the last 365 days and the 365 before, sale days in the last 90.
 */
export function sqlBigCustomerLinesCH(lines: string, customers: number): string {
  const ids = Array.from({ length: customers }, (_, i) => `$${i + 2}`).join(', ');
  const recent = `day > toDate($1) - 365 AND day <= toDate($1)`;
  const prior = `day > toDate($1) - 730 AND day <= toDate($1) - 365`;
  return `SELECT cust AS customer_id,
  sum(if(${recent}, net, 0)) AS net_recent, sum(if(${prior}, net, 0)) AS net_prior,
  sum(if(${recent} AND knd = 'sale', amt, 0)) AS gross_recent, sum(if(${prior} AND knd = 'sale', amt, 0)) AS gross_prior,
  sum(if(${recent} AND knd = 'sale', disc, 0)) AS disc_recent, sum(if(${prior} AND knd = 'sale', disc, 0)) AS disc_prior,
  toInt64(uniqExactIf(day, knd = 'sale' AND day > toDate($1) - 90 AND day <= toDate($1))) AS active_days_90
FROM (
  SELECT assumeNotNull(customer_id) AS cust, toDate(ordered_at) AS day, kind AS knd, amount AS amt, ${signedDiscount} AS disc, amount - ${signedDiscount} AS net
  FROM ${quoteIdent(lines)} WHERE customer_id IN (${ids || "''"})
) AS x GROUP BY cust`;
}

/**
 * Per customer on one shard, the lines of the first 365 days from the first purchase (as sqlChannelValue's `g` in
 * src/sql/sources.ts): net − known cost of goods, and the uncosted net (the caller applies a margin rate to it).
 * $1 the as-of date.
 */
export function sqlFirstYearLinesCH(lines: string, products: string): string {
  const priced = sqlPricedLinesCHRef(lines, products);
  return `SELECT x.cust AS customer_id, sum(x.net - x.cogs_known) AS known, sum(x.uncosted) AS uncosted
FROM ${priced} AS x INNER JOIN (SELECT cust AS fc, min(day) AS first_day FROM ${priced} AS y WHERE knd = 'sale' GROUP BY cust) AS f ON f.fc = x.cust
WHERE x.day >= f.first_day AND x.day < f.first_day + 365
GROUP BY x.cust`;
}

/**
 * Per customer on one shard, the lines from $2 to $1 (a campaign's response window): sale orders, net, net − known
 * cost of goods and the uncosted net (sqlOutcomesFromOrders's `r`; the caller applies the margin rate).
 */
export function sqlWindowLinesCH(lines: string, products: string): string {
  // `net_sum`, not `net`: a ClickHouse alias replaces the column of that name in the whole SELECT (sum(net - …) would
  // then be an aggregate inside an aggregate).
  return `SELECT cust AS customer_id, toInt64(uniqExactIf(oid, knd = 'sale' AND isNotNull(oid))) AS orders, sum(net) AS net_sum,
  sum(net - cogs_known) AS known, sum(uncosted) AS uncosted
FROM ${sqlPricedLinesCHRef(lines, products)} AS x WHERE day >= toDate($2) GROUP BY cust`;
}

/**
 * Per customer with a sale line in the two windows ending on $1 (sqlRetention's `per`): `recent` 1 when a sale is
 * 0 … w − 1 days before $1, `prior` 1 when one is w … 2w − 1 days before. $2 and $3 are w, $4 is 2w − 1 (the
 * client binds each value once).
 */
export function sqlRetentionWindowsCH(lines: string): string {
  return `SELECT cust AS customer_id, toInt64(max(if(ago < $2, 1, 0))) AS recent, toInt64(max(if(ago >= $3, 1, 0))) AS prior FROM (
  SELECT assumeNotNull(customer_id) AS cust, toInt64(toDate($1) - toDate(ordered_at)) AS ago FROM ${quoteIdent(lines)}
  WHERE kind = 'sale' AND isNotNull(customer_id)
) AS x WHERE ago >= 0 AND ago <= $4 GROUP BY cust`;
}

/** Each customer's first sale day over all lines, as text (sqlCareCustomers's `f`). */
export function sqlFirstSaleDaysCH(lines: string): string {
  return `SELECT cust AS customer_id, toString(min(toDate(ordered_at))) AS first_purchase FROM (
  SELECT assumeNotNull(customer_id) AS cust, ordered_at FROM ${quoteIdent(lines)} WHERE kind = 'sale' AND isNotNull(customer_id)
) AS x GROUP BY cust`;
}

/**
 * Customers with a line that is not a subscription billing line (sqlOtherOrderLineCustomers): $1 the billing lines'
 * order id prefix. Written out so that a NULL order id or category counts as DuckDB's NOT (… LIKE … AND …) does: the
 * line is another line when its id is known and lacks the prefix, or its category is known and not 'subscription'.
 */
export function sqlOtherLineCustomersCH(lines: string): string {
  return `SELECT DISTINCT assumeNotNull(customer_id) AS cust FROM ${quoteIdent(lines)}
WHERE isNotNull(customer_id) AND ((isNotNull(order_id) AND NOT startsWith(assumeNotNull(order_id), $1)) OR (isNotNull(category) AND assumeNotNull(category) != 'subscription'))`;
}

/**
 * On one shard, the billing lines up to the as-of day $2 ($1 the billing lines' order id prefix), as
 * sqlRecurringRevenue: how many, their revenue, the margin of those whose plan has a cost, the revenue of those
 * without, and their customers (each on one shard, so the shards' counts add up).
 */
export function sqlRecurringRevenueCH(lines: string, products: string): string {
  return `SELECT toInt64(count()) AS lines, sum(o.amount) AS revenue,
  sum(if(isNotNull(p.unit_cost), o.amount - o.quantity * p.unit_cost, 0)) AS costed_margin,
  sum(if(isNull(p.unit_cost), o.amount, 0)) AS uncosted_revenue,
  toInt64(uniqExact(o.customer_id)) AS customers
FROM ${quoteIdent(lines)} AS o LEFT JOIN ${quoteIdent(products)} AS p ON p.product_id = ifNull(o.product_id, '')
WHERE startsWith(ifNull(o.order_id, ''), $1) AND ifNull(o.category = 'subscription', 0) AND o.kind = 'sale' AND toDate(o.ordered_at) <= toDate($2)`;
}

/** Lines with a customer, and how many are billing lines (sqlBillingShare); $1 the billing lines' order id prefix. */
export function sqlBillingShareCH(lines: string): string {
  return `SELECT toInt64(count()) AS lines, toInt64(countIf(startsWith(ifNull(order_id, ''), $1) AND ifNull(category = 'subscription', 0))) AS billing
FROM ${quoteIdent(lines)} WHERE isNotNull(customer_id)`;
}
