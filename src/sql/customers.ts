import type { Dialect } from './dialect.js';

/** Sort keys of the customer list → the column, and the table it lives in (s: customer_summary, v: customer_value). */
export const CUSTOMER_SORTS = {
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
export type CustomerSort = keyof typeof CUSTOMER_SORTS;

export interface CustomerPageSql {
  readonly sort: CustomerSort;
  readonly order: 'asc' | 'desc';
  /** Filter on the RFM segment: the query then takes one more parameter. */
  readonly segment: boolean;
  /** Filter on a saved segment's members: one more parameter, after the segment's. */
  readonly saved: boolean;
  readonly limit: number;
  readonly offset: number;
}

/**
 * One page of the latest value run's customers, figures only (no personal data). The page is chosen on the
 * narrowest rows that can order and filter it (a top-N over customer_summary alone when it can), and only its
 * rows are joined to the rest, so a page costs one pass over the run, never a sort of every joined row.
 * Parameters: $1 run id, then the segment, then the saved segment's name.
 */
export function sqlCustomerPage(d: Dialect, o: CustomerPageSql): { page: string; count: string } {
  const col = CUSTOMER_SORTS[o.sort];
  const needsV = col.startsWith('v.') || o.segment;
  const where = ['s.run_id = $1'];
  let n = 2;
  if (o.segment) where.push(`v.segment = $${n++}`);
  if (o.saved) where.push(`s.customer_id IN (SELECT customer_id FROM segment_members WHERE name = $${n++})`);
  const from = `customer_summary s${needsV ? ' JOIN customer_value v ON v.customer_id = s.customer_id' : ''}`;
  const dir = o.order === 'asc' ? 'ASC' : 'DESC';
  const inner = `SELECT s.customer_id, ${col} AS sort_key FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${col} ${dir} NULLS LAST, s.customer_id LIMIT ${Math.floor(o.limit)} OFFSET ${Math.floor(o.offset)}`;
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
  const count = `SELECT count(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`;
  return { page, count };
}
