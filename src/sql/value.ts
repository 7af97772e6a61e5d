/**
 * Scores and classes per customer, computed from customer_summary in the engine: RFM quintiles and segments,
 * current and long-term value, loyalty, good-customer criteria and bad-customer flags. Pure text builders.
 */
import type { Dialect } from './dialect.js';
import { sqlNumber } from './summary.js';
import { CUSTOMER_VALUE_COLUMNS, LONG_TERM_SOURCE_CODES, QUADRANT_CODES, SATISFACTION_LOYALTY_CODES, SEGMENT_CODES, sqlCode, VALUE_LOYALTY_CODES } from './value-codes.js';

/** A named RFM segment: the R and F score ranges (inclusive) it covers. */
export interface SegmentRule {
  readonly name: string;
  readonly r: readonly [number, number];
  readonly f: readonly [number, number];
}

export interface CriteriaSqlOptions {
  readonly weights: Readonly<Record<CriterionKey, number>>;
  /** Which criteria have data at all; the others are NULL for everyone. */
  readonly known: Readonly<Record<CriterionKey, boolean>>;
  readonly lateScaleDays: number;
  readonly referralCap: number;
  readonly favouredIndustries: readonly string[];
  readonly creditRatings: Readonly<Record<string, number>>;
}

export const CRITERION_KEYS = [
  'purchasePower', 'highMargin', 'priceInsensitivity', 'paysOnTime', 'lowCostToServe', 'lowRisk',
  'growth', 'loyalty', 'referrals', 'credit', 'industry', 'scale',
] as const;
export type CriterionKey = (typeof CRITERION_KEYS)[number];

/** Column of customer_value holding each criterion's 0..1 score. */
export const CRITERION_COLUMN: Readonly<Record<CriterionKey, string>> = {
  purchasePower: 's_purchase_power',
  highMargin: 's_high_margin',
  priceInsensitivity: 's_price_insensitivity',
  paysOnTime: 's_pays_on_time',
  lowCostToServe: 's_low_cost_to_serve',
  lowRisk: 's_low_risk',
  growth: 's_growth',
  loyalty: 's_loyalty',
  referrals: 's_referrals',
  credit: 's_credit',
  industry: 's_industry',
  scale: 's_scale',
};

export interface ValueSqlOptions {
  readonly segments: readonly SegmentRule[];
  readonly lostAfterDays: number | null;
  readonly horizonYears: number;
  readonly oneTimeGapDays: number;
  /** clv_predictions exists with rows; `pAlive` when it has a p_alive column. */
  readonly clv: { readonly pAlive: boolean } | null;
  /** Profit is meaningful (some cost is known); otherwise the loss-making flag is off. */
  readonly profitKnown: boolean;
  readonly costToServeKnown: boolean;
  readonly criteria: CriteriaSqlOptions;
  readonly flags: {
    readonly badDebtMin: number;
    readonly chronicLateMinPayments: number;
    readonly chronicLateShare: number;
    /** Net revenue at or below which a customer "buys little" (a quantile of buyers, resolved by the caller). */
    readonly smallRevenue: number;
    readonly offCoreShare: number;
  };
  /** The matrices' thresholds: a fixed value, or a quantile of buyers' values (resolved in the same statement). */
  readonly cuts: Readonly<Record<'currentValue' | 'longTermValue' | 'loyalty' | 'satisfaction', Cut>>;
  readonly runId: number;
  /** Every customer in customer_summary has bought: the ranks over everyone are then over the buyers' rows. */
  readonly allBuyers: boolean;
}

/** A threshold: high means at or above it. A quantile is of buyers' values (customers with RFM scores), 0 when none. */
export type Cut = { readonly value: number } | { readonly quantile: number };

export { CUSTOMER_VALUE_COLUMNS } from './value-codes.js';

const clamp01 = (e: string) => `least(1.0, greatest(0.0, ${e}))`;

function sqlSegment(o: ValueSqlOptions): string {
  // Codes (value-codes.ts): the customer_value view names them.
  const code = (name: string) => sqlCode(SEGMENT_CODES, name);
  const cells = o.segments.map((s) => `WHEN r BETWEEN ${s.r[0]} AND ${s.r[1]} AND f BETWEEN ${s.f[0]} AND ${s.f[1]} THEN ${code(s.name)}`);
  const lost = o.lostAfterDays === null ? '' : `WHEN recency_days > ${sqlNumber(o.lostAfterDays)} THEN ${code('Lost')}`;
  return `CASE WHEN first_purchase IS NULL THEN ${code('No Purchase')} ${lost} ${cells.join(' ')} END`;
}

/** The 0..1 score of every criterion, as SQL over the joined summary row (NULL = no data for this customer). */
function criterionExprs(d: Dialect, c: CriteriaSqlOptions): Record<CriterionKey, string> {
  const b2b = `type IN ('company', 'government')`;
  const ratings = Object.entries(c.creditRatings);
  const e: Record<CriterionKey, string> = {
    purchasePower: 'pr_revenue',
    highMargin: 'pr_margin',
    priceInsensitivity: `CASE WHEN gross_revenue > 0 THEN ${clamp01('1 - discounts / gross_revenue')} END`,
    paysOnTime: `CASE WHEN avg_days_late IS NOT NULL THEN ${clamp01(`1 - avg_days_late / ${sqlNumber(c.lateScaleDays)}`)} END`,
    lowCostToServe: `CASE WHEN net_revenue > 0 THEN ${clamp01('1 - cost_to_serve / net_revenue')} WHEN first_purchase IS NOT NULL OR cost_to_serve > 0 THEN 0 END`,
    // With a lifetime value model, defection risk counts too: the mean of the loss score and P(alive).
    lowRisk: `CASE WHEN gross_revenue > 0 THEN CASE WHEN clv_p_alive IS NOT NULL THEN (${clamp01('1 - (bad_debt - returns - cancellations) / gross_revenue')} + clv_p_alive) / 2 ELSE ${clamp01('1 - (bad_debt - returns - cancellations) / gross_revenue')} END END`,
    growth: `CASE WHEN abs(revenue_recent) + abs(revenue_prior) > 0 THEN ${clamp01('0.5 + 0.5 * (revenue_recent - revenue_prior) / (abs(revenue_recent) + abs(revenue_prior))')} ELSE 0 END`,
    loyalty: 'loyalty',
    referrals: `${clamp01(`referrals / ${sqlNumber(c.referralCap)}`)}`,
    credit: ratings.length
      ? `CASE WHEN ${b2b} THEN CASE upper(trim(credit_rating)) ${ratings.map(([k, v]) => `WHEN ${d.quoteString(k)} THEN ${sqlNumber(v)}`).join(' ')} END END`
      : 'NULL',
    industry: c.favouredIndustries.length
      ? `CASE WHEN ${b2b} AND industry IS NOT NULL THEN CASE WHEN lower(industry) IN (${c.favouredIndustries.map((i) => d.quoteString(i.toLowerCase())).join(', ')}) THEN 1.0 ELSE 0.0 END END`
      : 'NULL',
    scale: `pr_scale`,
  };
  for (const k of Object.keys(e) as CriterionKey[]) if (!c.known[k]) e[k] = 'NULL';
  return e;
}

/**
 * Ranks among buyers by a column of few distinct values (days, order counts) from a count of buyers per value, a
 * running sum over the values and a hash join back, instead of a window's sort of every buyer. `groups` is a CTE
 * `name` with one row per value v: c buyers, `below` buyers before it in the order `col dir`, n buyers, `pr` =
 * percent_rank() OVER (ORDER BY col dir) as DuckDB computes it ((rank − 1) / (n − 1) in doubles, 0 when n = 1), and
 * `lo`/`hi` the ntile(5) of its first and last buyer. ntile(5) OVER (ORDER BY col dir, customer_id) for every buyer
 * is `lo` unless lo ≠ hi: only the buyers of a value straddling a quintile boundary need their place by customer id
 * (a window over those rows only). Quintile sizes as ntile makes them: n / 5 rows each, the first n % 5 one more;
 * with fewer than 5 buyers, one row each.
 */
function sqlValueRanks(d: Dialect, name: string, col: string, dir: 'ASC' | 'DESC') {
  const big = d.type('bigint');
  const dbl = d.type('double');
  const div = (a: string, b: string) => d.sqlIntDiv(a, b);
  // ntile of the row at 0-based position p, given n, sz = n / k, large = n % k, ismall = large * (sz + 1) (k = min(n, 5)).
  const ntileAt = (p: string) => `CASE WHEN ${p} < ismall THEN 1 + ${div(p, 'sz + 1')} ELSE 1 + large + ${div(`${p} - ismall`, 'sz')} END`;
  const groups = `${name} AS (
  SELECT v, c, below, n, sz, large, ismall,
    CASE WHEN n > 1 THEN CAST(below AS ${dbl}) / CAST(n - 1 AS ${dbl}) ELSE 0.0 END AS pr,
    ${ntileAt('below')} AS lo, ${ntileAt('below + c - 1')} AS hi
  FROM (
    SELECT *, ${div('n', 'k')} AS sz, n - k * ${div('n', 'k')} AS large, (n - k * ${div('n', 'k')}) * (${div('n', 'k')} + 1) AS ismall
    FROM (
      SELECT ${col} AS v, count(*) AS c, CAST(sum(count(*)) OVER (ORDER BY ${col} ${dir}) AS ${big}) - count(*) AS below,
        CAST(sum(count(*)) OVER () AS ${big}) AS n, least(CAST(sum(count(*)) OVER () AS ${big}), 5) AS k
      FROM customer_summary WHERE first_purchase IS NOT NULL GROUP BY ${col}
    ) g0
  ) g1
)`;
  /** Rows of `cols` of the buyers (alias `a` of customer_summary, filtered by `where`) with their ntile as `as` and percent rank as `prAs`. */
  const ntile = (a: string, cols: readonly string[], as: string, prAs: string, where: string) => {
    const c = cols.map((x) => `${a}.${x}`).join(', ');
    const join = `FROM customer_summary ${a} JOIN ${name} g ON g.v IS NOT DISTINCT FROM ${a}.${col} WHERE ${where}`;
    return `SELECT ${c}, ${col}, g.pr AS ${prAs}, g.lo AS ${as} ${join} AND g.lo = g.hi
  UNION ALL
  SELECT ${cols.join(', ')}, ${col}, ${prAs}, ${ntileAt('pos')} AS ${as} FROM (
    SELECT ${c}, ${a}.${col}, g.pr AS ${prAs}, g.sz, g.large, g.ismall,
      g.below + row_number() OVER (PARTITION BY ${a}.${col} ORDER BY ${a}.customer_id) - 1 AS pos
    ${join} AND g.lo <> g.hi
  ) straddling`;
  };
  return { groups, ntile };
}

/** `INSERT INTO customer_value_rows …` (customer_value with its classes as codes) from customer_summary. */
export function sqlInsertCustomerValue(d: Dialect, o: ValueSqlOptions): string {
  const gap = `CASE WHEN purchase_days >= 2 THEN greatest(span_days, 1) / (purchase_days - 1.0) ELSE ${sqlNumber(o.oneTimeGapDays)} END`;
  const proxyAlive = `CASE WHEN first_purchase IS NULL THEN 0.0 ELSE ${d.sqlExp(`-recency_days / (${gap})`)} END`;
  const proxyLtv = `current_value * p_alive_proxy * ${sqlNumber(o.horizonYears)}`;
  const clvJoin = o.clv ? 'LEFT JOIN clv_predictions clv ON clv.customer_id = s.customer_id' : '';
  const text = d.type('text');
  const dbl = d.type('double');
  const clvCols = o.clv ? `clv.clv AS clv, ${o.clv.pAlive ? 'clv.p_alive' : `CAST(NULL AS ${dbl})`} AS clv_p_alive` : `CAST(NULL AS ${dbl}) AS clv, CAST(NULL AS ${dbl}) AS clv_p_alive`;
  const crit = criterionExprs(d, o.criteria);
  const keys = Object.keys(crit) as CriterionKey[];
  const w = o.criteria.weights;
  const num = keys.map((k) => `${sqlNumber(w[k])} * COALESCE(${CRITERION_COLUMN[k]}, 0)`).join(' + ');
  const den = keys.map((k) => `CASE WHEN ${CRITERION_COLUMN[k]} IS NULL THEN 0 ELSE ${sqlNumber(w[k])} END`).join(' + ');
  const f = o.flags;
  const known = o.criteria.known;
  // Ranks over narrow rows: a window over the wide summary row carries (and sorts) all of its columns. Buyers'
  // ranks filter rather than partition (a partitioned window is slower here). Unscored criteria get no window.
  // Every rank is exact (no approximate quantile): quintile membership, ties broken by customer id, is what segments
  // and tests read, and a stored run must be reproducible to the last rank (issue 16).
  // Recency, purchase days and tenure take their ranks from counts per value (sqlValueRanks) rather than from four
  // windows: this statement from 1,510 to 1,130 ms CPU, 870 to 680 ms wall, at 500,000 customers (10M lines, 7
  // interleaved runs; every stored value the same). F keeps its window: with few order counts nearly every buyer is in
  // a tie straddling a quintile boundary, and F from counts was slower (1,540 against 1,220 ms CPU, 5 runs).
  const dblNull = `CAST(NULL AS ${dbl})`;
  const scaled = `type IN ('company', 'government') AND annual_revenue IS NOT NULL`;
  const rank = sqlValueRanks(d, 'g_r', 'recency_days', 'DESC');
  const everyoneRanks = `${known.purchasePower ? 'percent_rank() OVER (ORDER BY net_revenue)' : dblNull} AS pr_revenue,
    ${known.highMargin ? 'percent_rank() OVER (ORDER BY gross_margin)' : dblNull} AS pr_margin,
    ${known.scale ? `CASE WHEN ${scaled} THEN percent_rank() OVER (PARTITION BY ${scaled} ORDER BY annual_revenue) END` : dblNull} AS pr_scale`;
  // When every customer has bought, the ranks over everyone are windows over the buyers' rows: percent_rank by net
  // revenue then shares the sort of M's ntile, and the second join by customer id goes (this statement 1,340 to
  // 1,160 ms CPU at 500,000 customers, all buyers; 7 interleaved runs).
  const all = o.allBuyers;
  const carried = ['customer_id', 'orders', 'net_revenue', 'purchase_days', 'tenure_days', ...(all ? ['gross_margin', 'type', 'annual_revenue'] : [])];
  return `INSERT INTO customer_value_rows (${CUSTOMER_VALUE_COLUMNS.join(', ')})
WITH ${rank.groups}, ${sqlValueRanks(d, 'g_pd', 'purchase_days', 'ASC').groups}, ${sqlValueRanks(d, 'g_td', 'tenure_days', 'ASC').groups},
buyers_r AS (
  -- Each buyer's R; and the percent rank of recency (descending).
  ${rank.ntile('s', carried, 'r', 'pr_recency', 's.first_purchase IS NOT NULL')}
), buyers AS (
  SELECT b.customer_id, b.r,
    ntile(5) OVER (ORDER BY b.orders, b.customer_id) AS f,
    ntile(5) OVER (ORDER BY b.net_revenue, b.customer_id) AS m,
    (pd.pr + td.pr + b.pr_recency) / 3.0 AS loyalty${all ? `,
    ${everyoneRanks}` : ''}
  FROM buyers_r b JOIN g_pd pd ON pd.v IS NOT DISTINCT FROM b.purchase_days JOIN g_td td ON td.v IS NOT DISTINCT FROM b.tenure_days
)${all ? '' : `, everyone AS (
  SELECT customer_id,
    ${everyoneRanks}
  FROM customer_summary
)`}, joined AS (
  SELECT s.*, b.r, b.f, b.m, COALESCE(b.loyalty, 0.0) AS loyalty, ${all ? 'b' : 'e'}.pr_revenue, ${all ? 'b' : 'e'}.pr_margin, ${all ? 'b' : 'e'}.pr_scale,
    s.profit * 365.0 / greatest(COALESCE(s.tenure_days, 0), 365) AS current_value,
    ${clvCols}
  FROM customer_summary s ${all ? 'JOIN buyers b ON b.customer_id = s.customer_id' : 'JOIN everyone e ON e.customer_id = s.customer_id LEFT JOIN buyers b ON b.customer_id = s.customer_id'} ${clvJoin}
), valued AS (
  SELECT *, ${proxyAlive} AS p_alive_proxy FROM joined
), scored AS (
  SELECT *,
    ${keys.map((k) => `${crit[k]} AS ${CRITERION_COLUMN[k]}`).join(',\n    ')}
  FROM valued
), valued_rows AS ${d.sqlCteMaterialized} (
SELECT customer_id, r, f, m, ${sqlSegment(o)} AS segment,
  current_value,
  COALESCE(clv_p_alive, CASE WHEN clv IS NULL THEN p_alive_proxy END) AS p_alive,
  COALESCE(clv, ${proxyLtv}) AS long_term_value,
  CASE WHEN clv IS NULL THEN ${sqlCode(LONG_TERM_SOURCE_CODES, 'proxy')} ELSE ${sqlCode(LONG_TERM_SOURCE_CODES, 'clv_predictions')} END AS long_term_source,
  loyalty,
  CASE WHEN satisfaction IS NOT NULL THEN satisfaction WHEN nps IS NOT NULL THEN 1 + nps * 0.4 END AS satisfaction_score,
  CASE WHEN (${den}) > 0 THEN 100.0 * (${num}) / (${den}) END AS good_score,
  ${o.profitKnown ? 'profit < 0' : 'FALSE'} AS flag_loss_making,
  ${o.costToServeKnown ? `(cost_to_serve > gross_margin AND net_revenue <= ${sqlNumber(f.smallRevenue)})` : 'FALSE'} AS flag_costs_more_than_brings,
  bad_debt > ${sqlNumber(f.badDebtMin)} AS flag_bad_debt,
  (late_payments >= ${sqlNumber(f.chronicLateMinPayments)} AND late_payments >= ${sqlNumber(f.chronicLateShare)} * payments) AS flag_chronic_late,
  (categorized_revenue > 0 AND off_core_revenue >= ${sqlNumber(f.offCoreShare)} * categorized_revenue) AS flag_off_strategy
FROM scored
), cuts AS (
  -- Thresholds given as quantiles are resolved here, over the rows above (one materialised CTE), so the matrix
  -- cells are written with the rows instead of by an UPDATE afterwards.
  SELECT ${cutExpr(d, o.cuts.currentValue, 'current_value')} AS cv, ${cutExpr(d, o.cuts.longTermValue, 'long_term_value')} AS ltv,
    ${cutExpr(d, o.cuts.loyalty, 'loyalty')} AS loy, ${cutExpr(d, o.cuts.satisfaction, 'satisfaction_score')} AS sat
  FROM valued_rows WHERE r IS NOT NULL
)
SELECT customer_id, r, f, m, segment, current_value, p_alive, long_term_value, long_term_source, loyalty, satisfaction_score,
  ${sqlCells('cuts.cv', 'cuts.ltv', 'cuts.loy', 'cuts.sat')},
  good_score, flag_loss_making, flag_costs_more_than_brings, flag_bad_debt, flag_chronic_late, flag_off_strategy,
  ${sqlNumber(o.runId)} AS run_id
FROM valued_rows CROSS JOIN cuts`;
}

function cutExpr(d: Dialect, c: Cut, col: string): string {
  return 'value' in c ? sqlNumber(c.value) : `COALESCE(${d.sqlQuantile(col, c.quantile)}, 0)`;
}

/** The three matrix cells from threshold expressions: high means at or above the threshold. */
function sqlCells(cv: string, ltv: string, loy: string, sat: string): string {
  const hiCur = `current_value >= ${cv}`;
  const hiLtv = `long_term_value >= ${ltv}`;
  const hiLoy = `loyalty >= ${loy}`;
  const hiSat = `satisfaction_score >= ${sat}`;
  // Codes (value-codes.ts): the customer_value view names them.
  const q = (n: string) => sqlCode(QUADRANT_CODES, n);
  const vl = (n: string) => sqlCode(VALUE_LOYALTY_CODES, n);
  const sl = (n: string) => sqlCode(SATISFACTION_LOYALTY_CODES, n);
  return `CASE WHEN ${hiCur} AND ${hiLtv} THEN ${q('IV')} WHEN ${hiCur} THEN ${q('III')} WHEN ${hiLtv} THEN ${q('II')} ELSE ${q('I')} END AS value_quadrant,
  CASE WHEN ${hiCur} AND ${hiLoy} THEN ${vl('core')} WHEN ${hiCur} THEN ${vl('at_risk_of_leaving')} WHEN ${hiLoy} THEN ${vl('active_small')} ELSE ${vl('small_price_sensitive')} END AS value_loyalty,
  CASE WHEN satisfaction_score IS NULL THEN NULL
    WHEN ${hiSat} AND ${hiLoy} THEN ${sl('apostle')} WHEN ${hiSat} THEN ${sl('mercenary')} WHEN ${hiLoy} THEN ${sl('hostage')} ELSE ${sl('defector')} END AS satisfaction_loyalty`;
}

/** The customer_value columns a matrix threshold is read from. */
export type ThresholdColumn = 'current_value' | 'long_term_value' | 'loyalty' | 'satisfaction_score';

/**
 * Quantiles of buyers' values (buyers are the customers with RFM scores), one per threshold given as a quantile;
 * null when every threshold is a fixed value (nothing to read).
 */
export function sqlQuantiles(d: Dialect, q: Partial<Readonly<Record<ThresholdColumn, number>>>): string | null {
  const cols = (Object.entries(q) as Array<[ThresholdColumn, number | undefined]>).filter((e): e is [ThresholdColumn, number] => e[1] !== undefined);
  if (cols.length === 0) return null;
  return `SELECT ${cols.map(([col, x]) => `${d.sqlQuantile(`v.${col}`, x)} AS ${col}`).join(',\n    ')}
  FROM customer_value_rows v WHERE v.r IS NOT NULL`;
}

/** The `q`-quantile of buyers' net revenue (for "buys little"). */
export function sqlRevenueQuantile(d: Dialect, q: number): string {
  return `SELECT ${d.sqlQuantile('net_revenue', q)} AS v FROM customer_summary WHERE first_purchase IS NOT NULL`;
}

/**
 * One customer's criterion scores ($1 the customer id), computed on demand from the stored run: a run stores the
 * good-customer score but not the twelve scores behind it (they were a sixth of what a run wrote, and only the
 * explanation of one customer reads them). The same expressions as the run's; each percent rank over all customers,
 * percent_rank() = (customers below) / (customers − 1), is counted for this one customer. `clv` when the run took
 * long-term value from clv_predictions (its P(alive) enters the low-risk score).
 */
export function sqlCustomerCriteria(d: Dialect, c: CriteriaSqlOptions, clv: boolean): string {
  const crit = criterionExprs(d, c);
  const scaled = (a: string) => `${a}.type IN ('company', 'government') AND ${a}.annual_revenue IS NOT NULL`;
  const pr = (col: string, where = 'TRUE') =>
    `(SELECT CASE WHEN count(*) > 1 THEN count(*) FILTER (WHERE x.${col} < s.${col}) / (count(*) - 1.0) ELSE 0.0 END FROM customer_summary x WHERE ${where})`;
  return `SELECT ${CRITERION_KEYS.map((k) => `${crit[k]} AS ${CRITERION_COLUMN[k]}`).join(',\n  ')}
FROM (
  SELECT s.*, v.loyalty, ${clv ? 'clv.p_alive' : `CAST(NULL AS ${d.type('double')})`} AS clv_p_alive,
    ${pr('net_revenue')} AS pr_revenue, ${pr('gross_margin')} AS pr_margin,
    CASE WHEN ${scaled('s')} THEN ${pr('annual_revenue', scaled('x'))} END AS pr_scale
  FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id
  ${clv ? 'LEFT JOIN clv_predictions clv ON clv.customer_id = s.customer_id' : ''}
  WHERE s.customer_id = $1
) one`;
}
