import type { Dialect } from './dialect.js';

export interface ChurnSql {
  /** Read P(alive) from clv_predictions whose fit's calibration end is the as-of date. */
  readonly clv: boolean;
  /** Read P(alive) = 1 − the learned churn probability from churn_scores (`churn --learn`); before clv when both. */
  readonly learned?: boolean;
}

/**
 * Buyers of the value run ($1 run id) with what churn needs: history, value, the value run's P(alive) proxy,
 * the customer's own mean gap between purchase days (span / (days − 1), NULL for one purchase day).
 */
function sqlBuyers(d: Dialect): string {
  const text = d.type('text');
  return `SELECT s.customer_id, s.type, s.orders, s.purchase_days, s.span_days, s.recency_days, s.tenure_days, s.net_revenue, s.profit,
    s.gross_revenue, s.discounts, s.top_category, s.top_category_revenue, s.categorized_revenue, s.satisfaction, s.cost_to_serve,
    CAST(s.last_purchase AS ${text}) AS last_purchase,
    v.segment, v.value_quadrant, v.current_value, v.long_term_value, v.long_term_source, v.p_alive AS proxy_p_alive,
    CASE WHEN s.purchase_days >= 2 THEN greatest(s.span_days, 1) / (s.purchase_days - 1.0) END AS own_gap
  FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id
  WHERE s.run_id = $1 AND s.first_purchase IS NOT NULL`;
}

/**
 * Customers at risk, with their value. Parameters: $1 run id, $2 as-of date (YYYY-MM-DD), $3 P(alive) threshold
 * (NULL: the P(alive) rule is off), $4 overdue factor, $5 gap (days) for one-day buyers when nobody bought twice.
 * At risk: the model's P(alive) below $3, or recency at least $4 × the expected gap — the customer's own mean gap, or,
 * for one purchase day, the median gap of repeat buyers (else $5).
 * Rows: the buyer's columns, expected_gap, gap_assumed, overdue, model_p_alive, model, complaints.
 */
export function sqlChurnAtRisk(d: Dialect, o: ChurnSql): string {
  const text = d.type('text');
  const model = o.learned
    ? `SELECT customer_id, 1 - probability AS p_alive, 'churn --learn' AS model FROM churn_scores`
    : o.clv
    ? `SELECT p.customer_id, p.p_alive, f.model FROM clv_predictions p JOIN clv_fits f ON f.fit_id = p.fit_id WHERE CAST(f.calibration_end AS ${text}) = $2`
    : `SELECT CAST(NULL AS ${text}) AS customer_id, CAST(NULL AS ${d.type('double')}) AS p_alive, CAST(NULL AS ${text}) AS model WHERE FALSE`;
  return `WITH base AS (${sqlBuyers(d)}),
ref AS (SELECT COALESCE(${d.sqlQuantile('own_gap', 0.5)}, $5) AS gap FROM base),
model AS (${model}),
complaints AS (
  SELECT customer_id, count(*) AS n FROM service_costs
  WHERE lower(kind) LIKE '%complaint%' AND ${d.quoteIdent('at')} <= CAST($2 AS ${d.type('date')}) GROUP BY customer_id
),
scored AS (
  SELECT base.*, COALESCE(base.own_gap, ref.gap) AS expected_gap, base.own_gap IS NULL AS gap_assumed,
    base.recency_days / greatest(COALESCE(base.own_gap, ref.gap), 1) AS overdue,
    model.p_alive AS model_p_alive, model.model, COALESCE(c.n, 0) AS complaints
  FROM base CROSS JOIN ref
  LEFT JOIN model ON model.customer_id = base.customer_id
  LEFT JOIN complaints c ON c.customer_id = base.customer_id
)
SELECT * FROM scored
WHERE (model_p_alive IS NOT NULL AND model_p_alive < $3) OR overdue >= $4
ORDER BY customer_id`;
}

/** Buyers, repeat buyers and their median gap, and how many have a model P(alive). Parameters: $1 run id, and with `clv` $2 the as-of date. */
export function sqlChurnTotals(d: Dialect, o: ChurnSql): string {
  const text = d.type('text');
  const withModel = o.learned
    ? `(SELECT count(*) FROM churn_scores s JOIN base b ON b.customer_id = s.customer_id)`
    : o.clv
    ? `(SELECT count(*) FROM clv_predictions p JOIN clv_fits f ON f.fit_id = p.fit_id WHERE CAST(f.calibration_end AS ${text}) = $2)`
    : '0';
  return `WITH base AS (${sqlBuyers(d)})
SELECT count(*) AS buyers, count(own_gap) AS repeat_buyers, ${d.sqlQuantile('own_gap', 0.5)} AS median_gap,
  ${withModel} AS with_model
FROM base`;
}

/** The fit behind clv_predictions, if any: model, calibration end (YYYY-MM-DD) and diagnostics (JSON text, NULL for older fits). */
export function sqlClvPredictionFit(d: Dialect): string {
  const text = d.type('text');
  return `SELECT f.model, CAST(f.calibration_end AS ${text}) AS calibration_end, CAST(f.diagnostics AS ${text}) AS diagnostics, count(*) AS n
FROM clv_predictions p JOIN clv_fits f ON f.fit_id = p.fit_id GROUP BY 1, 2, 3 ORDER BY n DESC`;
}

/** The first purchase day of the run's buyers (YYYY-MM-DD): how much history the retention windows can use. $1 run id. */
export function sqlFirstPurchaseDay(d: Dialect): string {
  return `SELECT CAST(min(first_purchase) AS ${d.type('text')}) AS first_day FROM customer_summary WHERE run_id = $1`;
}

/**
 * Retention over the two windows ending on the as-of day. Parameters: $1 as-of date, $2 window days, $3 run id.
 * A day "ago" is as-of − purchase day: the last window is ago 0 … w − 1, the one before w … 2w − 1.
 * With `given`, the per-customer window flags were computed elsewhere (a ClickHouse store's cluster:
 * LineSource.retentionWindows) and come as $1, JSON rows {customer_id, recent, prior}; $2 is the run id.
 * Rows (one): prior_customers, retained, active, active_annual_profit (Σ current value of the active customers).
 */
export function sqlRetention(d: Dialect, given = false): string {
  const ago = d.sqlDaysBetween('ordered_at', `CAST($1 AS ${d.type('date')})`);
  const per = given
    ? `per AS (SELECT * FROM ${d.sqlJsonRows('$1', [['customer_id', 'text'], ['recent', 'bigint'], ['prior', 'bigint']])} g)`
    : `sales AS (
  SELECT customer_id, ${ago} AS ago FROM order_lines WHERE kind = 'sale' AND customer_id IS NOT NULL
),
per AS (
  SELECT customer_id,
    max(CASE WHEN ago BETWEEN 0 AND $2 - 1 THEN 1 ELSE 0 END) AS recent,
    max(CASE WHEN ago BETWEEN $2 AND 2 * $2 - 1 THEN 1 ELSE 0 END) AS prior
  FROM sales WHERE ago BETWEEN 0 AND 2 * $2 - 1 GROUP BY customer_id
)`;
  return `WITH ${per}
SELECT COALESCE(sum(prior), 0) AS prior_customers, COALESCE(sum(prior * recent), 0) AS retained, COALESCE(sum(recent), 0) AS active,
  COALESCE(sum(CASE WHEN recent = 1 THEN v.current_value ELSE 0 END), 0) AS active_annual_profit
FROM per LEFT JOIN customer_value v ON v.customer_id = per.customer_id AND v.run_id = ${given ? '$2' : '$3'}`;
}

/**
 * Customers as churn learning reads them: the non-personal fields and the attributes (JSON text). Names, emails,
 * phones, addresses and birth dates are never read.
 */
export function sqlChurnLearnCustomers(d: Dialect): string {
  const text = d.type('text');
  return `SELECT customer_id, type, country, region, city, gender, income, occupation, education, marital_status, industry, employees,
  annual_revenue, credit_rating, channel, birth_year, CAST(signup_date AS ${text}) AS signup_date, CAST(attributes AS ${text}) AS attributes
FROM customers ORDER BY customer_id`;
}

/** Each customer's latest current value (annual profit or revenue), from the latest value run, if any. */
export function sqlLatestCurrentValue(): string {
  return `SELECT customer_id, current_value FROM customer_value WHERE run_id = (SELECT max(run_id) FROM customer_value)`;
}

export const CHURN_SCORE_COLUMNS = [
  ['customer_id', 'text'],
  ['probability', 'double'],
  ['value', 'double'],
  ['expected_loss', 'double'],
  ['factors', 'text'],
] as const;

/** Inserts learned churn scores: $1 JSON rows with `CHURN_SCORE_COLUMNS`; $2 the model's description (JSON text), $3 value source. */
export function sqlInsertChurnScores(d: Dialect): string {
  const cols = CHURN_SCORE_COLUMNS.map(([c]) => c);
  return `INSERT INTO churn_scores (${cols.join(', ')}, model, value_source, created_at)
SELECT ${cols.map((c) => `r.${c}`).join(', ')}, $2, $3, ${d.sqlNow}
FROM ${d.sqlJsonRows('$1', CHURN_SCORE_COLUMNS)} r`;
}

/** Learned churn probabilities, for the churn list: customer_id, probability, expected_loss, model (JSON text). */
export function sqlChurnScores(d: Dialect): string {
  return `SELECT customer_id, probability, value, expected_loss, factors, CAST(model AS ${d.type('text')}) AS model, value_source FROM churn_scores`;
}

/** How many learned churn scores the store has, and the model's description (JSON text). */
export function sqlChurnScoresSummary(d: Dialect): string {
  return `SELECT count(*) AS n, CAST(max(model) AS ${d.type('text')}) AS model FROM churn_scores`;
}

/** The learned scores for the report: how many, the model (JSON text), Σ expected loss, mean probability, value source. */
export function sqlChurnReportScores(d: Dialect): string {
  return `SELECT count(*) AS n, CAST(max(model) AS ${d.type('text')}) AS model, sum(expected_loss) AS expected_loss, avg(probability) AS mean_p, max(value_source) AS value_source FROM churn_scores`;
}

/** The $1 customers with the highest expected loss (then probability). */
export function sqlChurnReportTop(): string {
  return `SELECT customer_id, probability, value, expected_loss, factors FROM churn_scores ORDER BY expected_loss DESC NULLS LAST, probability DESC, customer_id LIMIT $1`;
}
