/**
 * customer_facts: every customer's line figures over all their order lines, kept up to date by imports, so a value
 * run as of the last order day reads one row per customer instead of every line. Built by the same text as the
 * line path (src/sql/lines.ts). Pure text builders; src/value/facts.ts runs them.
 *
 * A `scope` table (one customer_id column) limits a refresh to those customers; without one, everyone is rebuilt.
 * Parameters: $1 the facts' as-of date (the last order day), $2 the first day of the recent growth window, $3 of
 * the prior one.
 */
import type { Dialect } from './dialect.js';
import { LINE_FIGURES, sqlCategoryMixAggregates, sqlCategoryNets, sqlLineAggregates, sqlLineDay, sqlPricedLines, sqlSignedDiscount } from './lines.js';

export const FACTS_COLUMNS = ['customer_id', ...LINE_FIGURES, 'categories', 'top_category', 'top_category_revenue', 'categorized_revenue'] as const;

function inScope(scope: string | null, col = 'l.customer_id'): string[] {
  return scope === null ? [] : [`${col} IN (SELECT customer_id FROM ${scope})`];
}

function params(d: Dialect) {
  const date = (n: number) => `CAST($${n} AS ${d.type('date')})`;
  return { asOf: date(1), recentFrom: date(2), priorFrom: date(3) };
}

/** Deletes the scope's rows (or all rows) of both fact tables. */
export function sqlDeleteFacts(scope: string | null): string[] {
  const where = scope === null ? '' : ` WHERE customer_id IN (SELECT customer_id FROM ${scope})`;
  return [`DELETE FROM customer_category_facts${where}`, `DELETE FROM customer_facts${where}`];
}

/** Inserts the scope's (customer, category) nets. Run after `sqlDeleteFacts`; no parameters. */
export function sqlInsertCategoryFacts(d: Dialect, scope: string | null): string {
  return `INSERT INTO customer_category_facts (customer_id, category, net) ${sqlCategoryNets(d, inScope(scope))}`;
}

/** Inserts the scope's facts, after their category facts. $1 as-of, $2 recent from, $3 prior from. */
export function sqlInsertCustomerFacts(d: Dialect, scope: string | null): string {
  const p = params(d);
  const lines = sqlPricedLines(d, [...inScope(scope), `${sqlLineDay(d)} <= ${p.asOf}`]);
  const mix = sqlCategoryMixAggregates(d, `(SELECT * FROM customer_category_facts${scope === null ? '' : ` WHERE customer_id IN (SELECT customer_id FROM ${scope})`})`);
  return `INSERT INTO customer_facts (${FACTS_COLUMNS.join(', ')})
  SELECT a.customer_id, ${LINE_FIGURES.map((c) => `a.${c}`).join(', ')},
    COALESCE(m.categories, 0), m.top_category, m.top_category_revenue, COALESCE(m.categorized_revenue, 0)
  FROM (${sqlLineAggregates(d, lines, p.recentFrom, p.priorFrom)}) a
  LEFT JOIN (${mix}) m ON m.customer_id = a.customer_id`;
}

/** Moves every customer's growth windows (the last order day moved, or another window length): first zero them. */
export const SQL_ZERO_FACT_WINDOWS = `UPDATE customer_facts SET revenue_recent = 0, revenue_prior = 0 WHERE revenue_recent <> 0 OR revenue_prior <> 0`;

/** After `SQL_ZERO_FACT_WINDOWS`: the window sums of the lines inside the new windows. $1 as-of, $2 recent from, $3 prior from. */
export function sqlUpdateFactWindows(d: Dialect): string {
  const p = params(d);
  const day = sqlLineDay(d);
  const disc = sqlSignedDiscount();
  return `UPDATE customer_facts SET revenue_recent = w.recent, revenue_prior = w.prior
     FROM (SELECT l.customer_id,
             sum(CASE WHEN ${day} >= ${p.recentFrom} THEN l.amount - ${disc} ELSE 0 END) AS recent,
             sum(CASE WHEN ${day} < ${p.recentFrom} THEN l.amount - ${disc} ELSE 0 END) AS prior
           FROM order_lines l
           WHERE l.customer_id IS NOT NULL AND ${day} >= ${p.priorFrom} AND ${day} <= ${p.asOf}
           GROUP BY l.customer_id) w
     WHERE customer_facts.customer_id = w.customer_id`;
}

/**
 * What the facts were built from: the order-line count, the done order imports (count:sum:max of their ids) and a
 * digest of the products' categories and costs (placeholders without either change nothing).
 */
export function sqlFactsInputs(d: Dialect): string {
  const text = d.type('text');
  return `SELECT (SELECT count(*) FROM order_lines) AS lines,
    (SELECT count(*) || ':' || COALESCE(sum(import_id), 0) || ':' || COALESCE(max(import_id), 0) FROM imports WHERE entity = 'orders' AND status = 'done') AS order_imports,
    (SELECT CAST(count(*) AS ${text}) || ':' || CAST(COALESCE(sum(${d.sqlHash(['product_id', 'category', 'unit_cost', 'margin_rate'])} % 1000000007), 0) AS ${text})
      FROM products WHERE category IS NOT NULL OR unit_cost IS NOT NULL OR margin_rate IS NOT NULL) AS products`;
}
