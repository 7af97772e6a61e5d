/**
 * The lifetime value models' input per customer on ClickHouse: (x, t_x, T) in days, mean repeat spend and holdout
 * purchases, by the rules of sqlClvCustomers in src/sql/clv.ts (purchase days, exact money in millionths, a day
 * wholly returned is no purchase). Run on each shard over its local lines: a customer's lines are on one shard.
 * Pure text builder. $1 calibration end, $2 holdout end (YYYY-MM-DD).
 *
 * Rounding to millionths: round() of a double ties to even on ClickHouse and away from zero on DuckDB; the two differ
 * only for an amount with an exact half-millionth, which money never has.
 */
import { quoteIdent } from './dialect.js';

export function sqlClvCustomersCH(lines: string): string {
  const micros = `toDecimal128(round(ifNull(amount, 0) * 1000000), 0)`;
  const cal = `toDate($1)`;
  return `SELECT customer_id, toInt64(cal_days - 1) AS x, toInt64(dateDiff('day', first_day, last_day)) AS tx_days,
  toInt64(dateDiff('day', first_day, ${cal})) AS t_days,
  if(cal_days > 1, toFloat64(cal_micros - first_micros) / 1000000.0 / (cal_days - 1), NULL) AS zbar,
  toInt64(holdout_days) AS x_holdout
FROM (
  SELECT cust AS customer_id, min(pday) AS first_day, max(if(pday <= ${cal}, pday, NULL)) AS last_day,
    sum(if(pday <= ${cal}, 1, 0)) AS cal_days, sum(if(pday <= ${cal}, spend_micros, toDecimal128(0, 0))) AS cal_micros,
    sum(if(pday > ${cal}, 1, 0)) AS holdout_days, argMin(spend_micros, pday) AS first_micros
  FROM (
    SELECT assumeNotNull(customer_id) AS cust, toDate(ordered_at) AS pday, sum(${micros}) AS spend_micros
    FROM ${quoteIdent(lines)}
    WHERE isNotNull(customer_id) AND toDate(ordered_at) <= toDate($2)
    GROUP BY cust, pday
    HAVING sum(if(ifNull(kind = 'sale', 0), 1, 0)) > 0 AND (sum(${micros}) > 0 OR min(${micros}) >= 0)
  ) AS days
  GROUP BY cust
) AS per
WHERE first_day <= ${cal}
ORDER BY customer_id`;
}

/**
 * Repeat purchase days by day offset from $3 (the cohort's first day) for the customers whose first purchase day is
 * by $1, among purchase days up to $2 (sqlClvRepeatDays), on one shard: the caller adds the shards' counts. ARRAY
 * JOIN puts each customer's first day beside their days without a second JOIN.
 */
export function sqlClvRepeatDaysCH(lines: string): string {
  const micros = `toDecimal128(round(ifNull(amount, 0) * 1000000), 0)`;
  return `SELECT toInt64(pday - toDate($3)) AS offset_days, toInt64(count()) AS n FROM (
  SELECT cust, first_day, pday FROM (
    SELECT cust, groupArray(d) AS pdays, min(d) AS first_day FROM (
      SELECT assumeNotNull(customer_id) AS cust, toDate(ordered_at) AS d FROM ${quoteIdent(lines)}
      WHERE isNotNull(customer_id) AND toDate(ordered_at) <= toDate($2)
      GROUP BY cust, d
      HAVING sum(if(ifNull(kind = 'sale', 0), 1, 0)) > 0 AND (sum(${micros}) > 0 OR min(${micros}) >= 0)
    ) AS days GROUP BY cust
  ) AS per ARRAY JOIN pdays AS pday
) AS x WHERE pday > first_day AND first_day <= toDate($1)
GROUP BY offset_days`;
}
