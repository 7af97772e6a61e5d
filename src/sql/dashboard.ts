import type { Dialect } from './dialect.js';
import { sqlSegmentMembers } from './segment.js';

export const RULE_PAGE_SORTS = {
  profit: 's.profit',
  revenue: 's.net_revenue',
  orders: 's.orders',
  lastPurchase: 's.last_purchase',
  firstPurchase: 's.first_purchase',
  recencyDays: 's.recency_days',
  customerId: 's.customer_id',
  goodScore: 'v.good_score',
  longTermValue: 'v.long_term_value',
} as const;
export type RulePageSort = keyof typeof RULE_PAGE_SORTS;

export interface CustomerRulePageSql {
  readonly sort: RulePageSort;
  readonly order: 'asc' | 'desc';
  /** A compiled rule's WHERE clause (src/segment/compile.ts), its parameters numbered from $2. */
  readonly where: string;
  readonly limit: number;
  readonly offset: number;
}

/**
 * One page of the latest value run's customers that a segment rule selects (the dashboard's RFM cells, matrix
 * cells and segment previews), figures only, no personal data: the same columns as `sqlCustomerPage`. The page
 * is chosen on the narrow sort key first and only its rows are joined to the rest.
 * Parameters: $1 run id, then the rule's.
 */
export function sqlCustomerRulePage(d: Dialect, o: CustomerRulePageSql): { page: string; count: string } {
  const col = RULE_PAGE_SORTS[o.sort];
  const from = `customer_summary s${col.startsWith('v.') ? ' JOIN customer_value v ON v.customer_id = s.customer_id' : ''}`;
  const where = `s.run_id = $1 AND s.customer_id IN (${sqlSegmentMembers(o.where)})`;
  const dir = o.order === 'asc' ? 'ASC' : 'DESC';
  const inner = `SELECT s.customer_id, ${col} AS sort_key FROM ${from} WHERE ${where} ORDER BY ${col} ${dir} NULLS LAST, s.customer_id LIMIT ${Math.floor(o.limit)} OFFSET ${Math.floor(o.offset)}`;
  const text = d.type('text');
  const page = `SELECT s.customer_id, s.type, c.country, c.city, s.orders, s.net_revenue, s.profit, s.cost_to_serve,
      CAST(s.first_purchase AS ${text}) AS first_purchase, CAST(s.last_purchase AS ${text}) AS last_purchase, s.recency_days,
      v.segment, v.r, v.f, v.m, v.value_quadrant, v.value_loyalty, v.satisfaction_loyalty, v.long_term_value, v.good_score,
      v.flag_loss_making, v.flag_costs_more_than_brings, v.flag_bad_debt, v.flag_chronic_late, v.flag_off_strategy
    FROM (${inner}) p
    JOIN customer_summary s ON s.customer_id = p.customer_id
    JOIN customer_value v ON v.customer_id = p.customer_id
    LEFT JOIN customers c ON c.customer_id = p.customer_id
    ORDER BY p.sort_key ${dir} NULLS LAST, p.customer_id`;
  const count = `SELECT count(*) AS n FROM customer_summary s WHERE ${where}`;
  return { page, count };
}

/** One customer's stored lifetime value prediction, if any. $1 customer id. */
export const SQL_CUSTOMER_PREDICTION = `SELECT model, x, t_x, t AS "T", p_alive, expected_purchases, expected_spend, clv, horizon, time_unit, discount_rate, margin
  FROM clv_predictions WHERE customer_id = $1`;
