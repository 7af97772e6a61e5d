import type { SqlValue } from '../engine/engine.js';
import type { Dialect, SqlType } from './dialect.js';

/**
 * The customer list (table customer_list, schema 13): one row per customer of a value run with the figures a list
 * shows, and for every sort key its precomputed place in descending order (NULLs last, ties by customer id). A
 * page is then a range of places, or a filter and an ORDER BY on one integer: never a sort of a million rows.
 * Pure text builders; every value is a `$n` parameter.
 */

/** Sort keys → the column sorted by and the column holding each row's place in descending order. */
export const CUSTOMER_SORTS = {
  profit: { col: 'profit', pos: 'p_profit' },
  revenue: { col: 'net_revenue', pos: 'p_revenue' },
  orders: { col: 'orders', pos: 'p_orders' },
  lastPurchase: { col: 'last_purchase', pos: 'p_last_purchase' },
  firstPurchase: { col: 'first_purchase', pos: 'p_first_purchase' },
  recencyDays: { col: 'recency_days', pos: 'p_recency_days' },
  customerId: { col: 'customer_id', pos: 'p_customer_id' },
  goodScore: { col: 'good_score', pos: 'p_good_score' },
  longTermValue: { col: 'long_term_value', pos: 'p_long_term_value' },
} as const;
export type CustomerSort = keyof typeof CUSTOMER_SORTS;

/** Columns of the list (schema 13) besides run_id and the places: [name, type, source expression over s, v and c]. */
const LIST_COLUMNS: ReadonlyArray<readonly [string, SqlType, string]> = [
  ['customer_id', 'text', 's.customer_id'],
  ['type', 'text', 's.type'],
  ['country', 'text', 'c.country'],
  ['city', 'text', 'c.city'],
  ['orders', 'bigint', 's.orders'],
  ['net_revenue', 'double', 's.net_revenue'],
  ['profit', 'double', 's.profit'],
  ['cost_to_serve', 'double', 's.cost_to_serve'],
  ['first_purchase', 'date', 's.first_purchase'],
  ['last_purchase', 'date', 's.last_purchase'],
  ['recency_days', 'bigint', 's.recency_days'],
  ['segment', 'text', 'v.segment'],
  ['r', 'integer', 'v.r'],
  ['f', 'integer', 'v.f'],
  ['m', 'integer', 'v.m'],
  ['value_quadrant', 'text', 'v.value_quadrant'],
  ['value_loyalty', 'text', 'v.value_loyalty'],
  ['satisfaction_loyalty', 'text', 'v.satisfaction_loyalty'],
  ['long_term_value', 'double', 'v.long_term_value'],
  ['good_score', 'double', 'v.good_score'],
  ['flag_loss_making', 'boolean', 'v.flag_loss_making'],
  ['flag_costs_more_than_brings', 'boolean', 'v.flag_costs_more_than_brings'],
  ['flag_bad_debt', 'boolean', 'v.flag_bad_debt'],
  ['flag_chronic_late', 'boolean', 'v.flag_chronic_late'],
  ['flag_off_strategy', 'boolean', 'v.flag_off_strategy'],
];

/** The run the stored list was built from (no row: none yet). */
export const SQL_CUSTOMER_LIST_RUN = 'SELECT run_id FROM customer_list LIMIT 1';

export const SQL_DELETE_CUSTOMER_LIST = 'DELETE FROM customer_list';

/**
 * Fills the list from the stored value run (customer_summary, customer_value, customers). $1 run id. Rows go in
 * by R×F cell, then in the default order (profit, descending) within a cell: a cell's rows (and an RFM segment's,
 * made of cells) are one stretch of the table, so the engine skips the rest by its min/max per row group. Stored
 * in profit order instead, the default list read one stretch but every filtered block scanned the whole table;
 * the server now reads pages 20 at a time and keeps them (server/cache.ts), so filtered lists, which have many
 * more first pages, are what the order is for.
 */
export function sqlFillCustomerList(d: Dialect): string {
  const int = d.type('integer');
  const places = Object.entries(CUSTOMER_SORTS).map(([key, s]) =>
    key === 'customerId' ? `CAST(count(*) OVER () - 1 - k AS ${int}) AS ${s.pos}` : `CAST(row_number() OVER (ORDER BY ${s.col} DESC NULLS LAST, k) - 1 AS ${int}) AS ${s.pos}`,
  );
  const names = LIST_COLUMNS.map(([n]) => n);
  return `INSERT INTO customer_list (run_id, ${names.join(', ')}, ${Object.values(CUSTOMER_SORTS).map((s) => s.pos).join(', ')})
SELECT $1, ${names.join(', ')}, ${places.join(', ')}
FROM (
  -- k: the place in customer id order, so ties break on an integer instead of text
  SELECT row_number() OVER (ORDER BY s.customer_id) - 1 AS k, ${LIST_COLUMNS.map(([n, , e]) => `${e} AS ${n}`).join(', ')}
  FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id LEFT JOIN customers c ON c.customer_id = s.customer_id
) base
ORDER BY r NULLS LAST, f NULLS LAST, ${CUSTOMER_SORTS.profit.pos}`;
}

/** Filters of a list; each is a parameter. `rule` is a compiled segment rule's WHERE over c, s, v with its parameters. */
export interface CustomerFilterSql {
  readonly segment?: string;
  readonly r?: number;
  readonly f?: number;
  readonly quadrant?: string;
  readonly tier?: string;
  readonly satisfaction?: string;
  /** A saved segment's name: only its members. */
  readonly saved?: string;
  /** Members of a compiled rule, as `sqlSegmentMembers` selects them; its parameters must be numbered from `ruleFirstParam`. */
  readonly rule?: { readonly members: string; readonly params: readonly SqlValue[] };
}

/** The first parameter number a compiled rule's parameters take, after $1 (run id) and the other filters'. */
export function ruleFirstParam(f: CustomerFilterSql): number {
  return 2 + [f.segment, f.r, f.f, f.quadrant, f.tier, f.satisfaction, f.saved].filter((v) => v !== undefined).length;
}

function where(f: CustomerFilterSql): { sql: string; params: SqlValue[] } {
  const parts = ['run_id = $1'];
  const params: SqlValue[] = [];
  const add = (sql: (p: string) => string, v: SqlValue | undefined) => {
    if (v === undefined) return;
    params.push(v);
    parts.push(sql(`$${params.length + 1}`));
  };
  add((p) => `segment = ${p}`, f.segment);
  add((p) => `r = ${p}`, f.r);
  add((p) => `f = ${p}`, f.f);
  add((p) => `value_quadrant = ${p}`, f.quadrant);
  add((p) => `value_loyalty = ${p}`, f.tier);
  add((p) => `satisfaction_loyalty = ${p}`, f.satisfaction);
  add((p) => `customer_id IN (SELECT customer_id FROM segment_members WHERE name = ${p})`, f.saved);
  if (f.rule) {
    parts.push(`customer_id IN (${f.rule.members})`);
    params.push(...f.rule.params);
  }
  return { sql: parts.join(' AND '), params };
}

export function filtered(f: CustomerFilterSql): boolean {
  return ruleFirstParam(f) > 2 || f.rule !== undefined;
}

/** Customers the filters keep. Parameters: $1 run id, then the filters' (see `customerListParams`). */
export function sqlCountCustomerList(f: CustomerFilterSql): { sql: string; params: SqlValue[] } {
  const w = where(f);
  return { sql: `SELECT count(*) AS n FROM customer_list WHERE ${w.sql}`, params: w.params };
}

export interface CustomerPageSql extends CustomerFilterSql {
  readonly sort: CustomerSort;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly offset: number;
  /** For ascending order: how many rows have a value for the sort key (see `sqlKnownCount`). */
  readonly known?: number;
}

/** Rows of the run with a value for the sort key: ascending places count from it. $1 run id. */
export function sqlKnownCount(sort: CustomerSort): string {
  return `SELECT count(${CUSTOMER_SORTS[sort].col}) AS n FROM customer_list WHERE run_id = $1`;
}

/**
 * One page: figures only, no personal data. Ascending order is the exact reverse of descending among known
 * values (so ties fall by customer id descending), with missing values last in both: with `known` rows that have
 * a value, a row's ascending place is `known − 1 − place` when it has one, else its place. Unfiltered, the page
 * is one or two ranges of places (no sort of the table); filtered, an ORDER BY place over the rows kept.
 * Parameters: $1 run id, then the filters', then the page's (so one statement serves every page).
 */
export function sqlCustomerListPage(d: Dialect, o: CustomerPageSql): { sql: string; params: SqlValue[] } {
  const s = CUSTOMER_SORTS[o.sort];
  const w = where(o);
  const text = d.type('text');
  const limit = Math.max(0, Math.floor(o.limit));
  const offset = Math.max(0, Math.floor(o.offset));
  const params = [...w.params];
  const p = (v: SqlValue) => {
    params.push(v);
    return `$${params.length + 1}`;
  };
  if (o.order === 'asc' && o.known === undefined) throw new Error('sqlCustomerListPage: ascending order needs the known count');
  const known = o.known ?? 0;
  const place = o.order === 'desc' ? s.pos : `(CASE WHEN ${s.pos} < ${p(known)} THEN ${p(known - 1)} - ${s.pos} ELSE ${s.pos} END)`;
  const cols = LIST_COLUMNS.map(([n, t]) => (t === 'date' ? `CAST(${n} AS ${text}) AS ${n}` : n)).join(', ');
  let page: string;
  if (filtered(o)) page = `WHERE ${w.sql} ORDER BY ${place} LIMIT ${p(limit)} OFFSET ${p(offset)}`;
  else if (o.order === 'desc') page = `WHERE ${w.sql} AND ${s.pos} >= ${p(offset)} AND ${s.pos} < ${p(offset + limit)} ORDER BY ${place}`;
  else {
    // Ascending places [offset, offset + limit): known values come from descending places (known − end, known − 1 − offset], missing ones keep theirs.
    const end = offset + limit;
    const ranges = [`(${s.pos} > ${p(known - 1 - Math.min(end, known))} AND ${s.pos} <= ${p(known - 1 - offset)})`, `(${s.pos} >= ${p(Math.max(offset, known))} AND ${s.pos} < ${p(end)})`];
    page = `WHERE ${w.sql} AND (${ranges.join(' OR ')}) ORDER BY ${place}`;
  }
  return { sql: `SELECT ${cols} FROM customer_list ${page}`, params };
}

/** Customers who opted out of marketing (usually few), so lists can flag them without loading every contact. */
export const SQL_OPTED_OUT = 'SELECT customer_id FROM customers WHERE opt_out ORDER BY customer_id';

/** $1 customer id: one row when the customer exists. */
export const SQL_CUSTOMER_EXISTS = 'SELECT 1 AS found FROM customers WHERE customer_id = $1';
