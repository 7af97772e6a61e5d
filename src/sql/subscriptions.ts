/**
 * SQL for contracts and subscriptions (src/subscriptions): billing lines that carry recurring revenue into
 * order_lines, so value, the whale curve, the matrices, segments, portraits, CLV and the report read it exactly as
 * they read order lines, and the per-customer tenure a contractual model (sBG) needs. Pure text builders.
 */
import type { Dialect } from './dialect.js';

/** Order ids of billing lines start with this: `sub:<subscription_id>:<period>`; re-billing replaces exactly these. */
export const BILLING_PREFIX = 'sub:';

/** Removes the billing lines of earlier runs. */
export function sqlDeleteBillingLines(): string {
  return `DELETE FROM order_lines WHERE order_id LIKE '${BILLING_PREFIX}%' AND kind = 'sale' AND category = 'subscription'`;
}

export const SUBSCRIPTION_COLUMNS = [
  ['subscription_id', 'text'],
  ['customer_id', 'text'],
  ['plan', 'text'],
  ['started_at', 'date'],
  ['ended_at', 'date'],
  ['active', 'boolean'],
  ['billing_period', 'text'],
  ['recurring_charge', 'double'],
  ['recurring_cost', 'double'],
  ['services', 'text'],
] as const;

/** Inserts subscriptions: $1 JSON rows with `SUBSCRIPTION_COLUMNS`, $2 import id. Existing ids are replaced first (`sqlDeleteSubscriptions`). */
export function sqlInsertSubscriptions(d: Dialect): string {
  const cols = SUBSCRIPTION_COLUMNS.map(([c]) => c);
  return `INSERT INTO subscriptions (${cols.join(', ')}, import_id)
SELECT ${cols.map((c) => `r.${c}`).join(', ')}, $2 FROM ${d.sqlJsonRows('$1', SUBSCRIPTION_COLUMNS)} r`;
}

/** Deletes the subscriptions whose ids are in the JSON array of ids $1. */
export function sqlDeleteSubscriptions(d: Dialect): string {
  return `DELETE FROM subscriptions WHERE subscription_id IN (SELECT r.id FROM ${d.sqlJsonRows('$1', [['id', 'text']])} r)`;
}

/** Every subscription, as the biller and the sBG cohorts read it. */
export function sqlSubscriptions(d: Dialect): string {
  const text = d.type('text');
  return `SELECT s.subscription_id, s.customer_id, s.plan, CAST(s.started_at AS ${text}) AS started_at, CAST(s.ended_at AS ${text}) AS ended_at,
  s.active, s.billing_period, s.recurring_charge, s.recurring_cost, CAST(c.signup_date AS ${text}) AS signup_date
FROM subscriptions s LEFT JOIN customers c ON c.customer_id = s.customer_id
ORDER BY s.subscription_id`;
}

export const BILLING_LINE_COLUMNS = [
  ['order_id', 'text'],
  ['customer_id', 'text'],
  ['ordered_at', 'timestamp'],
  ['product_id', 'text'],
  ['product_name', 'text'],
  ['amount', 'double'],
  ['line_no', 'bigint'],
] as const;

/**
 * Inserts billing lines: $1 JSON rows with `BILLING_LINE_COLUMNS`, $2 the import id they belong to. Each is a sale of
 * one unit of the plan at the recurring charge, category 'subscription'.
 */
export function sqlInsertBillingLines(d: Dialect): string {
  return `INSERT INTO order_lines (order_id, customer_id, ordered_at, product_id, product_name, category, quantity, unit_price, amount, kind, line_no, row_hash, import_id)
SELECT r.order_id, r.customer_id, r.ordered_at, r.product_id, r.product_name, 'subscription', 1, r.amount, r.amount, 'sale', r.line_no,
  ${d.sqlHash(['r.order_id', 'r.customer_id', 'r.product_id'])}, $2
FROM ${d.sqlJsonRows('$1', BILLING_LINE_COLUMNS)} r`;
}

/**
 * Plans as products (derived, category 'subscription'): $1 JSON rows (product_id, name, unit_cost), $2 import id. A
 * plan billed at different recurring costs is one product per cost (`Gold @ 12`), so the value run's cost of goods —
 * and so margin — counts each line at its own cost. Existing products are kept.
 */
export function sqlInsertPlanProducts(d: Dialect): string {
  return `INSERT INTO products (product_id, name, category, unit_cost, derived, import_id)
SELECT r.product_id, r.name, 'subscription', r.unit_cost, TRUE, $2
FROM ${d.sqlJsonRows('$1', [['product_id', 'text'], ['name', 'text'], ['unit_cost', 'double']])} r
WHERE r.product_id NOT IN (SELECT product_id FROM products)`;
}


/**
 * Saves one sBG cohort fit: $1 fit id, $2 params (JSON text), $3 standard errors (JSON text), $4 log-likelihood,
 * $5 customers, $6 distinct rows, $7 time unit (the billing period), $8 as-of day (the calibration end), $9 fit ms,
 * $10 diagnostics (JSON text).
 */
export function sqlInsertSbgFit(d: Dialect): string {
  return `INSERT INTO clv_fits (fit_id, model, params, standard_errors, log_likelihood, customers, distinct_rows, time_unit, calibration_end, holdout_end, fit_ms, diagnostics, created_at)
VALUES ($1, 'sbg', $2, $3, $4, $5, $6, $7, CAST($8 AS ${d.type('date')}), NULL, $9, $10, ${d.sqlNow})`;
}

/** Customers with order lines other than billing lines (they buy outside their subscriptions too). */
export function sqlOtherOrderLineCustomers(): string {
  return `SELECT DISTINCT customer_id FROM order_lines WHERE customer_id IS NOT NULL AND NOT (order_id LIKE '${BILLING_PREFIX}%' AND category = 'subscription')`;
}

/** Clears the lifetime values of subscribers before sBG writes theirs: every earlier sBG row, and any other model's row for a subscriber. */
export function sqlDeleteSubscriberPredictions(): string {
  return `DELETE FROM clv_predictions WHERE model = 'sbg' OR customer_id IN (SELECT customer_id FROM subscriptions)`;
}

/**
 * The billing lines up to the as-of day $1 (YYYY-MM-DD): how many, their revenue, and the margin of those whose plan
 * has a recurring cost (revenue − cost) beside the revenue of those without one.
 */
export function sqlRecurringRevenue(d: Dialect): string {
  return `SELECT count(*) AS lines, COALESCE(sum(o.amount), 0) AS revenue,
  COALESCE(sum(CASE WHEN p.unit_cost IS NOT NULL THEN o.amount - o.quantity * p.unit_cost END), 0) AS costed_margin,
  COALESCE(sum(CASE WHEN p.unit_cost IS NULL THEN o.amount END), 0) AS uncosted_revenue,
  count(DISTINCT o.customer_id) AS customers
FROM order_lines o LEFT JOIN products p ON p.product_id = o.product_id
WHERE o.order_id LIKE '${BILLING_PREFIX}%' AND o.category = 'subscription' AND o.kind = 'sale'
  AND CAST(o.ordered_at AS ${d.type('date')}) <= CAST($1 AS ${d.type('date')})`;
}

/** Order lines in all, and how many of them are billing lines. */
export function sqlBillingShare(): string {
  return `SELECT count(*) AS lines, COALESCE(sum(CASE WHEN order_id LIKE '${BILLING_PREFIX}%' AND category = 'subscription' THEN 1 ELSE 0 END), 0) AS billing FROM order_lines WHERE customer_id IS NOT NULL`;
}

/** Subscribers whose lifetime value comes from sBG, and its total. */
export function sqlSbgValueSummary(): string {
  return `SELECT count(*) AS n, sum(clv) AS total FROM clv_predictions WHERE model = 'sbg'`;
}

/** How many subscriptions the store has. */
export function sqlCountSubscriptions(): string {
  return 'SELECT count(*) AS n FROM subscriptions';
}
