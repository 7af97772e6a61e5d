/**
 * The per-customer summary: one statement over order lines, products, payments, service costs, surveys and
 * customers, as of a date. Pure text builders; the value module runs them.
 *
 * Conventions (DESIGN.md §3):
 * - `amount` is the line's value before discount (quantity × unit price); `discount` is subtracted for sales and
 *   added back for returns and cancellations (they refund the discounted price).
 * - Returns, cancellations and adjustments carry negative amounts: net revenue = Σ amount − Σ signed discount.
 * - Cost of goods per line: quantity × products.unit_cost, else net × (1 − products.margin_rate), else
 *   net × (1 − marginRate) when one is configured (assumed), else unknown (left out of COGS, counted in
 *   `uncosted_revenue`). Adjustments carry no cost of goods.
 * - A payment is late by paid_at − due_date; unpaid (or paid after the as-of date) and past due, by as-of − due_date.
 */
import type { Dialect } from './dialect.js';

export interface SummarySqlOptions {
  /** Gross margin rate for lines without product costs; null = no assumption. */
  readonly marginRate: number | null;
  /** Where cost to serve comes from. */
  readonly costToServe: { readonly from: 'service_costs' } | { readonly from: 'per_order'; readonly cost: number } | { readonly from: 'none' };
  readonly lateGraceDays: number;
  /** Core categories, or null: the top categories making up `coreRevenueShare` of categorized revenue. */
  readonly coreCategories: readonly string[] | null;
  readonly coreRevenueShare: number;
  readonly runId: number;
}

/** Parameters of `sqlInsertCustomerSummary`, in order. */
export interface SummaryParams {
  /** YYYY-MM-DD. */
  readonly asOf: string;
  /** First day of the recent growth window (asOf − window + 1). */
  readonly recentFrom: string;
  /** First day of the prior growth window (asOf − 2·window + 1). */
  readonly priorFrom: string;
}

export function summaryParams(p: SummaryParams): string[] {
  return [p.asOf, p.recentFrom, p.priorFrom];
}

/** A finite number as SQL text; config values only. */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`sqlNumber requires a finite number, got ${n}`);
  return String(n);
}

const SUMMARY_COLUMNS = [
  'customer_id', 'type', 'derived', 'first_purchase', 'last_purchase', 'orders', 'purchase_days', 'lines',
  'gross_revenue', 'returns', 'cancellations', 'adjustments', 'discounts', 'net_revenue', 'revenue_recent', 'revenue_prior',
  'cogs', 'cogs_assumed_revenue', 'uncosted_revenue', 'gross_margin', 'cost_to_serve', 'bad_debt',
  'payments', 'late_payments', 'avg_days_late', 'max_days_late', 'profit',
  'tenure_days', 'recency_days', 'span_days', 'categories', 'top_category', 'top_category_revenue', 'categorized_revenue',
  'off_core_revenue', 'surveys', 'satisfaction', 'nps', 'referrals', 'industry', 'employees', 'annual_revenue',
  'credit_rating', 'run_id',
] as const;

/** `INSERT INTO customer_summary …`: one row per customer (customers table ∪ buyers). $1 as-of, $2 recent from, $3 prior from. */
export function sqlInsertCustomerSummary(d: Dialect, o: SummarySqlOptions): string {
  const asOf = `CAST($1 AS ${d.type('date')})`;
  const recentFrom = `CAST($2 AS ${d.type('date')})`;
  const priorFrom = `CAST($3 AS ${d.type('date')})`;
  const mr = o.marginRate === null ? 'NULL' : sqlNumber(o.marginRate);
  const core =
    o.coreCategories === null
      ? `SELECT category FROM (
           SELECT category, sum(net) OVER (ORDER BY net DESC, category ROWS UNBOUNDED PRECEDING) - net AS before, sum(net) OVER () AS total FROM cat_total
         ) ranked WHERE before < ${sqlNumber(o.coreRevenueShare)} * total`
      : o.coreCategories.length === 0
        ? `SELECT category FROM cat_total WHERE FALSE`
        : `SELECT category FROM cat_total WHERE category IN (${o.coreCategories.map((c) => d.quoteString(c)).join(', ')})`;
  const cts =
    o.costToServe.from === 'service_costs'
      ? 'COALESCE(sc.cost, 0)'
      : o.costToServe.from === 'per_order'
        ? `COALESCE(a.orders, 0) * ${sqlNumber(o.costToServe.cost)}`
        : '0';
  const late = `CASE WHEN p.due_date IS NULL THEN NULL
      WHEN p.paid_at IS NOT NULL AND p.paid_at <= ${asOf} THEN greatest(0, ${d.sqlDaysBetween('p.due_date', 'p.paid_at')})
      ELSE greatest(0, ${d.sqlDaysBetween('p.due_date', asOf)}) END`;
  const days = (a: string, b: string) => d.sqlDaysBetween(a, b);
  // Parallel sums of doubles differ in the last bits from run to run; rounding to 1e-6 makes every stored
  // figure (and so "profit < 0", ranks and ties) reproducible: a fully cancelled customer is 0, not −1e-13.
  const money = (e: string, as = e) => `round(${e}, 6) AS ${as}`;
  // Columns named, so a store made by an earlier build of migration 2 (with a category_mix column) still works.
  return `INSERT INTO customer_summary (${SUMMARY_COLUMNS.join(', ')})
WITH lines AS (
  SELECT l.customer_id, l.order_id, CAST(l.ordered_at AS ${d.type('date')}) AS day, l.kind, l.amount,
    CASE WHEN l.kind = 'sale' THEN COALESCE(l.discount, 0) ELSE -COALESCE(l.discount, 0) END AS discount,
    COALESCE(l.category, p.category) AS category, l.quantity, p.unit_cost, p.margin_rate
  FROM order_lines l LEFT JOIN products p ON p.product_id = l.product_id
  WHERE l.customer_id IS NOT NULL AND CAST(l.ordered_at AS ${d.type('date')}) <= ${asOf}
), priced AS (
  SELECT customer_id, order_id, day, kind, amount, discount, category, amount - discount AS net,
    CASE WHEN kind = 'adjustment' THEN 0
      WHEN unit_cost IS NOT NULL THEN quantity * unit_cost
      WHEN margin_rate IS NOT NULL THEN (amount - discount) * (1 - margin_rate)
      ELSE (amount - discount) * (1 - ${mr}) END AS cogs,
    CASE WHEN kind <> 'adjustment' AND unit_cost IS NULL AND margin_rate IS NULL THEN amount - discount ELSE 0 END AS uncosted
  FROM lines
), agg AS (
  SELECT customer_id,
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
    COALESCE(sum(cogs), 0) AS cogs,
    ${o.marginRate === null ? '0' : 'sum(uncosted)'} AS cogs_assumed_revenue,
    ${o.marginRate === null ? 'sum(uncosted)' : '0'} AS uncosted_revenue
  FROM priced GROUP BY customer_id
), cat AS (
  -- A second scan, not a second reader of \`priced\`: a CTE read twice is materialised, which costs more than scanning again.
  SELECT l.customer_id, COALESCE(l.category, p.category) AS category,
    sum(l.amount - CASE WHEN l.kind = 'sale' THEN COALESCE(l.discount, 0) ELSE -COALESCE(l.discount, 0) END) AS net
  FROM order_lines l LEFT JOIN products p ON p.product_id = l.product_id
  WHERE l.customer_id IS NOT NULL AND COALESCE(l.category, p.category) IS NOT NULL AND CAST(l.ordered_at AS ${d.type('date')}) <= ${asOf}
  GROUP BY l.customer_id, COALESCE(l.category, p.category)
), cat_total AS (
  SELECT category, sum(net) AS net FROM cat GROUP BY category
), core AS (
  ${core}
), cat_agg AS (
  SELECT cat.customer_id, count(*) AS categories,
    ${d.sqlArgMinBy('cat.category', ['-cat.net', 'cat.category'])} AS top_category,
    max(cat.net) AS top_category_revenue,
    sum(cat.net) AS categorized_revenue,
    sum(CASE WHEN core.category IS NULL THEN cat.net ELSE 0 END) AS off_core_revenue
  FROM cat LEFT JOIN core ON core.category = cat.category GROUP BY cat.customer_id
), pay AS (
  SELECT customer_id, count(*) AS payments, sum(COALESCE(written_off, 0)) AS bad_debt,
    sum(CASE WHEN late > ${sqlNumber(o.lateGraceDays)} THEN 1 ELSE 0 END) AS late_payments,
    avg(late) AS avg_days_late, max(late) AS max_days_late
  FROM (SELECT p.customer_id, p.written_off, ${late} AS late FROM payments p
        WHERE COALESCE(p.due_date, p.paid_at) <= ${asOf}) x
  GROUP BY customer_id
), sc AS (
  SELECT customer_id, sum(cost) AS cost FROM service_costs WHERE "at" <= ${asOf} GROUP BY customer_id
), sv AS (
  SELECT customer_id, count(*) AS surveys, avg(satisfaction) AS satisfaction, avg(nps) AS nps
  FROM surveys WHERE "at" IS NULL OR "at" <= ${asOf} GROUP BY customer_id
), ref AS (
  SELECT referred_by AS customer_id, count(*) AS referrals FROM customers WHERE referred_by IS NOT NULL GROUP BY referred_by
), base AS (
  SELECT COALESCE(c.customer_id, a.customer_id) AS customer_id, c.type, COALESCE(c.derived, TRUE) AS derived,
    a.first_purchase, a.last_purchase,
    COALESCE(a.orders, 0) AS orders, COALESCE(a.purchase_days, 0) AS purchase_days, COALESCE(a.lines, 0) AS lines,
    COALESCE(a.gross_revenue, 0) AS gross_revenue, COALESCE(a.returns, 0) AS returns,
    COALESCE(a.cancellations, 0) AS cancellations, COALESCE(a.adjustments, 0) AS adjustments,
    COALESCE(a.discounts, 0) AS discounts, COALESCE(a.net_revenue, 0) AS net_revenue,
    COALESCE(a.revenue_recent, 0) AS revenue_recent, COALESCE(a.revenue_prior, 0) AS revenue_prior,
    COALESCE(a.cogs, 0) AS cogs, COALESCE(a.cogs_assumed_revenue, 0) AS cogs_assumed_revenue,
    COALESCE(a.uncosted_revenue, 0) AS uncosted_revenue,
    ${cts} AS cost_to_serve,
    COALESCE(pay.bad_debt, 0) AS bad_debt, COALESCE(pay.payments, 0) AS payments,
    COALESCE(pay.late_payments, 0) AS late_payments, pay.avg_days_late, pay.max_days_late,
    ${days('a.first_purchase', asOf)} AS tenure_days, ${days('a.last_purchase', asOf)} AS recency_days,
    ${days('a.first_purchase', 'a.last_purchase')} AS span_days,
    COALESCE(ca.categories, 0) AS categories, ca.top_category, ca.top_category_revenue,
    COALESCE(ca.categorized_revenue, 0) AS categorized_revenue, COALESCE(ca.off_core_revenue, 0) AS off_core_revenue,
    COALESCE(sv.surveys, 0) AS surveys, sv.satisfaction, sv.nps, COALESCE(ref.referrals, 0) AS referrals,
    c.industry, c.employees, c.annual_revenue, c.credit_rating
  FROM customers c
  FULL OUTER JOIN agg a ON a.customer_id = c.customer_id
  LEFT JOIN cat_agg ca ON ca.customer_id = COALESCE(c.customer_id, a.customer_id)
  LEFT JOIN pay ON pay.customer_id = COALESCE(c.customer_id, a.customer_id)
  LEFT JOIN sc ON sc.customer_id = COALESCE(c.customer_id, a.customer_id)
  LEFT JOIN sv ON sv.customer_id = COALESCE(c.customer_id, a.customer_id)
  LEFT JOIN ref ON ref.customer_id = COALESCE(c.customer_id, a.customer_id)
)
SELECT customer_id, type, derived, first_purchase, last_purchase, orders, purchase_days, lines,
  ${money('gross_revenue')}, ${money('returns')}, ${money('cancellations')}, ${money('adjustments')}, ${money('discounts')},
  ${money('net_revenue')}, ${money('revenue_recent')}, ${money('revenue_prior')},
  ${money('cogs')}, ${money('cogs_assumed_revenue')}, ${money('uncosted_revenue')}, ${money('net_revenue - cogs', 'gross_margin')},
  ${money('cost_to_serve')}, ${money('bad_debt')},
  payments, late_payments, avg_days_late, max_days_late,
  ${money('net_revenue - cogs - cost_to_serve - bad_debt', 'profit')},
  tenure_days, recency_days, span_days, categories, top_category, ${money('top_category_revenue')}, ${money('categorized_revenue')},
  ${money('off_core_revenue')}, surveys, satisfaction, nps, referrals, industry, employees, annual_revenue,
  credit_rating, ${sqlNumber(o.runId)} AS run_id
FROM base`;
}

/** What data the store holds, to choose sources and say what is missing. $1 as-of. */
export function sqlDataAvailability(d: Dialect): string {
  const asOf = `CAST($1 AS ${d.type('date')})`;
  return `SELECT
    (SELECT count(*) FROM service_costs WHERE "at" <= ${asOf}) AS service_costs,
    (SELECT count(*) FROM payments) AS payments,
    (SELECT count(*) FROM surveys WHERE satisfaction IS NOT NULL OR nps IS NOT NULL) AS surveys,
    (SELECT count(*) FROM products WHERE unit_cost IS NOT NULL OR margin_rate IS NOT NULL) AS costed_products,
    (SELECT count(*) FROM customers WHERE referred_by IS NOT NULL) AS referrals,
    (SELECT count(*) FROM order_lines WHERE discount IS NOT NULL AND discount <> 0) AS discounted_lines,
    (SELECT count(*) FROM customers WHERE type IN ('company', 'government')) AS companies`;
}

/** Lines without a customer, as of $1: reported apart, never in a customer's figures. */
export function sqlUnattributed(d: Dialect): string {
  return `SELECT count(*) AS lines,
    COALESCE(sum(amount - CASE WHEN kind = 'sale' THEN COALESCE(discount, 0) ELSE -COALESCE(discount, 0) END), 0) AS net_revenue
  FROM order_lines WHERE customer_id IS NULL AND CAST(ordered_at AS ${d.type('date')}) <= CAST($1 AS ${d.type('date')})`;
}

/** The default as-of date: the day of the last order line (never the wall clock). */
export function sqlLastTransactionDate(d: Dialect): string {
  return `SELECT CAST(CAST(max(ordered_at) AS ${d.type('date')}) AS ${d.type('text')}) AS day FROM order_lines`;
}

/** One customer's net revenue per category, as of $2 ($1 the customer id), largest first: the category mix. */
export function sqlCategoryMix(d: Dialect): string {
  return `SELECT COALESCE(l.category, p.category) AS category,
    sum(l.amount - CASE WHEN l.kind = 'sale' THEN COALESCE(l.discount, 0) ELSE -COALESCE(l.discount, 0) END) AS revenue
  FROM order_lines l LEFT JOIN products p ON p.product_id = l.product_id
  WHERE l.customer_id = $1 AND CAST(l.ordered_at AS ${d.type('date')}) <= CAST($2 AS ${d.type('date')}) AND COALESCE(l.category, p.category) IS NOT NULL
  GROUP BY 1 ORDER BY revenue DESC, category`;
}
