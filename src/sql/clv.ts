import type { Dialect } from './dialect.js';

/**
 * SQL for the lifetime value models' input (DESIGN.md §3): per customer (x, t_x, T) in days, mean repeat spend,
 * and holdout purchases. Lines on the same day are merged into one purchase day, whose spend is the day's net
 * amount (returns and cancellations that day reduce it). A day counts as a purchase when it has a sale line and
 * its net amount is positive, or when none of its lines is negative: CDNOW has free (0.00) sales that the
 * published summaries count, while a sale wholly returned the same day is no purchase. Returns on a day without
 * a sale are not purchases and do not change another day's spend. Unattributed lines (no customer) are left out.
 * Parameters: $1 calibration end (date), $2 holdout end (date).
 */
function sqlPurchaseDays(d: Dialect): string {
  const day = `CAST(ordered_at AS ${d.type('date')})`;
  // Exact money: each line in whole millionths (an integer), so a sale cancelled the same day nets to exactly 0,
  // not to a floating-point 1e-14 that would count as a purchase day.
  const micros = sqlMicros('amount');
  return `SELECT customer_id, ${day} AS day, sum(${micros}) AS spend_micros
  FROM order_lines
  WHERE customer_id IS NOT NULL AND ${day} <= CAST($2 AS ${d.type('date')})
  GROUP BY customer_id, ${day}
  HAVING sum(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END) > 0
    AND (sum(${micros}) > 0 OR min(${micros}) >= 0)`;
}

/**
 * A money column as a whole number of millionths, NULL as 0: sums of these are exact. 128-bit: in millionths a
 * 64-bit integer holds amounts only up to 9.2e12, which an import accepts (its limit is 1e15 a value), and a sum of
 * many lines can pass (issue 16 QA: an amount of 1e13 broke `clv fit`).
 */
export function sqlMicros(column: string): string {
  return `CAST(round(COALESCE(${column}, 0) * 1000000) AS HUGEINT)`;
}

/** One row per customer whose first purchase is on or before the calibration end. */
export function sqlClvCustomers(d: Dialect): string {
  const cal = `CAST($1 AS ${d.type('date')})`;
  return `WITH days AS (
  ${sqlPurchaseDays(d)}
), per AS (
  SELECT customer_id,
    min(day) AS first_day,
    max(CASE WHEN day <= ${cal} THEN day END) AS last_day,
    sum(CASE WHEN day <= ${cal} THEN 1 ELSE 0 END) AS cal_days,
    sum(CASE WHEN day <= ${cal} THEN spend_micros ELSE 0 END) AS cal_micros,
    sum(CASE WHEN day > ${cal} THEN 1 ELSE 0 END) AS holdout_days,
    ${d.sqlArgMinBy('spend_micros', ['day'])} AS first_micros
  FROM days GROUP BY customer_id
)
SELECT customer_id,
  cal_days - 1 AS x,
  ${d.sqlDaysBetween('first_day', 'last_day')} AS tx_days,
  ${d.sqlDaysBetween('first_day', cal)} AS t_days,
  CASE WHEN cal_days > 1 THEN (cal_micros - first_micros) / 1000000.0 / (cal_days - 1) END AS zbar,
  holdout_days AS x_holdout
FROM per
WHERE first_day <= ${cal}
ORDER BY customer_id`;
}

/** Customers whose first purchase falls after the calibration end (left out of the fit). */
export function sqlClvLateStarters(d: Dialect): string {
  return `WITH days AS (${sqlPurchaseDays(d)})
SELECT count(*) AS n FROM (SELECT customer_id FROM days GROUP BY customer_id HAVING min(day) > CAST($1 AS ${d.type('date')})) s`;
}

/**
 * Repeat purchase days by day offset from `$3` (the cohort's first day), for customers in the calibration cohort:
 * the actual side of the cumulative tracking chart.
 */
export function sqlClvRepeatDays(d: Dialect): string {
  return `WITH days AS (
  ${sqlPurchaseDays(d)}
), firsts AS (
  SELECT customer_id, min(day) AS first_day FROM days GROUP BY customer_id
)
SELECT ${d.sqlDaysBetween(`CAST($3 AS ${d.type('date')})`, 'days.day')} AS offset_days, count(*) AS n
FROM days JOIN firsts ON firsts.customer_id = days.customer_id
WHERE days.day > firsts.first_day AND firsts.first_day <= CAST($1 AS ${d.type('date')})
GROUP BY 1 ORDER BY 1`;
}

/** First and last order day with a customer. */
export function sqlOrderSpan(d: Dialect): string {
  return `SELECT CAST(CAST(min(ordered_at) AS ${d.type('date')}) AS ${d.type('text')}) AS first_day, CAST(CAST(max(ordered_at) AS ${d.type('date')}) AS ${d.type('text')}) AS last_day
FROM order_lines WHERE customer_id IS NOT NULL`;
}

/**
 * The margin on spend that the store's costs imply: 1 − cost of goods / revenue over sale lines whose product has
 * a unit cost or a margin rate. NULL when no product has either.
 */
export function sqlStoreMargin(): string {
  return `SELECT 1 - sum(CASE WHEN p.unit_cost IS NOT NULL THEN p.unit_cost * o.quantity ELSE (1 - p.margin_rate) * o.amount END) / sum(o.amount) AS margin,
  sum(o.amount) AS costed_revenue
FROM order_lines o JOIN products p ON p.product_id = o.product_id
WHERE o.kind = 'sale' AND o.customer_id IS NOT NULL AND (p.unit_cost IS NOT NULL OR p.margin_rate IS NOT NULL)`;
}

/** Per-customer columns of clv_predictions, as `sqlInsertClvPredictions` reads them from its JSON rows. */
export const CLV_PREDICTION_COLUMNS = [
  ['customer_id', 'text'],
  ['x', 'double'],
  ['t_x', 'double'],
  ['t', 'double'],
  ['p_alive', 'double'],
  ['expected_purchases', 'double'],
  ['expected_spend', 'double'],
  ['clv', 'double'],
] as const;

/**
 * Inserts predictions: $1 a JSON array of objects with `CLV_PREDICTION_COLUMNS`; the same for every row:
 * $2 fit_id, $3 model, $4 horizon, $5 time_unit, $6 discount_rate, $7 margin.
 */
export function sqlInsertClvPredictions(d: Dialect): string {
  const cols = CLV_PREDICTION_COLUMNS.map(([c]) => c);
  return `INSERT INTO clv_predictions (${cols.join(', ')}, fit_id, model, horizon, time_unit, discount_rate, margin, created_at)
SELECT ${cols.map((c) => `r.${c}`).join(', ')}, $2, $3, $4, $5, $6, $7, ${d.sqlNow}
FROM ${d.sqlJsonRows('$1', CLV_PREDICTION_COLUMNS)} r`;
}

/** A page of stored predictions, highest CLV first; with `customer`, only the customer $1's. */
export function sqlPredictionsPage(o: { readonly limit: number; readonly offset: number; readonly customer: boolean }): string {
  return `SELECT customer_id, model, x, t_x, t AS "T", p_alive, expected_purchases, expected_spend, clv, horizon, time_unit, discount_rate, margin
  FROM clv_predictions${o.customer ? ' WHERE customer_id = $1' : ''} ORDER BY clv DESC, customer_id, model LIMIT ${Math.floor(o.limit)} OFFSET ${Math.floor(o.offset)}`;
}
