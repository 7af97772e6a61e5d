/**
 * The per-customer summary: one statement over order lines, products, payments, service costs, surveys and
 * customers, as of a date. Pure text builders; the value module runs them.
 *
 * Conventions (DESIGN.md §3; the per-line ones are in src/sql/lines.ts):
 * - The line figures come from customer_facts when the run is as of the facts' last order day, else from the lines.
 * - Cost of goods: the lines' known cost, plus net × (1 − marginRate) of uncosted lines when a margin rate is
 *   configured (assumed, counted in `cogs_assumed_revenue`), else nothing for them (`uncosted_revenue`).
 * - A payment is late by paid_at − due_date; unpaid (or paid after the as-of date) and past due, by as-of − due_date.
 */
import type { Dialect } from './dialect.js';
import { sqlCategoryMixAggregates, sqlCategoryNets, sqlLineAggregates, sqlLineDay, sqlPricedLines, sqlSignedDiscount } from './lines.js';

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
  /** Line figures from customer_facts (valid only as of their last order day, with their growth windows) or from the lines. */
  readonly source: 'facts' | 'lines';
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
  const mr = o.marginRate === null ? null : sqlNumber(o.marginRate);
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
  // round(x * 1e6) / 1e6 is DuckDB's round(x, 6) to the bit (which computes pow(10, 6) for every value: a tenth of
  // this statement at 500,000 customers; checked equal on 7.1M doubles of every magnitude, issue 16).
  const money = (e: string, as = e) => `round((${e}) * 1e6) / 1e6 AS ${as}`;
  const mix = ['categories', 'top_category', 'top_category_revenue', 'categorized_revenue'];
  const asOfLines = [`${sqlLineDay(d)} <= ${asOf}`];
  // From the facts (as of their last order day, which the caller checked) or from the lines as of any date.
  const lineCtes =
    o.source === 'facts'
      ? `aggm AS (SELECT * FROM customer_facts)`
      : `agg AS (
  ${sqlLineAggregates(d, sqlPricedLines(d, asOfLines), recentFrom, priorFrom)}
), catc AS (
  ${sqlCategoryNets(d, asOfLines)}
), aggm AS (
  SELECT a.*, ${mix.map((c) => `m.${c}`).join(', ')} FROM agg a LEFT JOIN (${sqlCategoryMixAggregates(d, 'catc')}) m ON m.customer_id = a.customer_id
)`;
  const cogs = o.marginRate === null ? 'a.cogs_known' : `a.cogs_known + (1 - ${mr}) * a.uncosted`;
  // Net per customer and category. From the facts, their table is read twice rather than through a CTE: a CTE read
  // twice is materialised (1.5M rows at 500,000 customers), which cost more than the second scan (issue 16).
  const catc = o.source === 'facts' ? 'customer_category_facts' : 'catc';
  // Columns named, so a store made by an earlier build of migration 2 (with a category_mix column) still works.
  return `INSERT INTO customer_summary (${SUMMARY_COLUMNS.join(', ')})
WITH ${lineCtes}, cat_total AS (
  SELECT category, sum(net) AS net FROM ${catc} GROUP BY category
), core AS (
  ${core}
), off AS (
  SELECT catc.customer_id, sum(catc.net) AS off_core_revenue FROM ${catc} catc LEFT JOIN core ON core.category = catc.category
  WHERE core.category IS NULL GROUP BY catc.customer_id
), aggo AS (
  -- Off-core revenue joined to the line figures on a plain key (every customer with category rows has line figures),
  -- rather than to the outer join below on COALESCE(…): a hash join on an expression was a third of this statement.
  SELECT a.*, off.off_core_revenue FROM aggm a LEFT JOIN off ON off.customer_id = a.customer_id
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
    COALESCE(${cogs}, 0) AS cogs, ${o.marginRate === null ? '0' : 'COALESCE(a.uncosted, 0)'} AS cogs_assumed_revenue,
    ${o.marginRate === null ? 'COALESCE(a.uncosted, 0)' : '0'} AS uncosted_revenue,
    ${cts} AS cost_to_serve,
    COALESCE(pay.bad_debt, 0) AS bad_debt, COALESCE(pay.payments, 0) AS payments,
    COALESCE(pay.late_payments, 0) AS late_payments, pay.avg_days_late, pay.max_days_late,
    ${days('a.first_purchase', asOf)} AS tenure_days, ${days('a.last_purchase', asOf)} AS recency_days,
    ${days('a.first_purchase', 'a.last_purchase')} AS span_days,
    COALESCE(a.categories, 0) AS categories, a.top_category, a.top_category_revenue,
    COALESCE(a.categorized_revenue, 0) AS categorized_revenue, COALESCE(a.off_core_revenue, 0) AS off_core_revenue,
    COALESCE(sv.surveys, 0) AS surveys, sv.satisfaction, sv.nps, COALESCE(ref.referrals, 0) AS referrals,
    c.industry, c.employees, c.annual_revenue, c.credit_rating
  -- The line figures on the left: in DuckDB 1.5 the same rows for less CPU than with the customers first.
  FROM aggo a
  FULL OUTER JOIN customers c ON a.customer_id = c.customer_id
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

/**
 * What data the store holds, to choose sources and say what is missing: 1 when there is some, else 0 (each a
 * LIMIT 1 probe: the first row found is enough, so no table is counted through). $1 as-of.
 */
export function sqlDataAvailability(d: Dialect): string {
  const asOf = `CAST($1 AS ${d.type('date')})`;
  const some = (from: string, where: string) => `(SELECT count(*) FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT 1) x)`;
  return `SELECT
    ${some('service_costs', `"at" <= ${asOf}`)} AS service_costs,
    ${some('payments', 'TRUE')} AS payments,
    ${some('surveys', 'satisfaction IS NOT NULL OR nps IS NOT NULL')} AS surveys,
    ${some('products', 'unit_cost IS NOT NULL OR margin_rate IS NOT NULL')} AS costed_products,
    ${some('customers', 'referred_by IS NOT NULL')} AS referrals,
    ${some('order_lines', 'discount IS NOT NULL AND discount <> 0')} AS discounted_lines,
    ${some('customers', "type IN ('company', 'government')")} AS companies`;
}

/** Lines without a customer, as of $1: reported apart, never in a customer's figures. */
export function sqlUnattributed(d: Dialect): string {
  return `SELECT count(*) AS lines, COALESCE(sum(l.amount - ${sqlSignedDiscount()}), 0) AS net_revenue
  FROM order_lines l WHERE l.customer_id IS NULL AND ${sqlLineDay(d)} <= CAST($1 AS ${d.type('date')})`;
}

/** The default as-of date: the day of the last order line (never the wall clock). */
export function sqlLastTransactionDate(d: Dialect): string {
  return `SELECT CAST(CAST(max(ordered_at) AS ${d.type('date')}) AS ${d.type('text')}) AS day FROM order_lines`;
}

/** One customer's net revenue per category, as of $2 ($1 the customer id), largest first: the category mix. */
export function sqlCategoryMix(d: Dialect): string {
  return `SELECT COALESCE(l.category, p.category) AS category,
    sum(l.amount - ${sqlSignedDiscount()}) AS revenue
  FROM order_lines l LEFT JOIN products p ON p.product_id = l.product_id
  WHERE l.customer_id = $1 AND ${sqlLineDay(d)} <= CAST($2 AS ${d.type('date')}) AND COALESCE(l.category, p.category) IS NOT NULL
  GROUP BY 1 ORDER BY revenue DESC, category`;
}
