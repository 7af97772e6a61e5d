/**
 * The customer list of a value run, paged, sorted and filtered in the engine. `refreshCustomerList` stores every
 * customer once per value run with their place in each sort order (customer_list, schema 13); a page then reads a
 * range of places, or filters and orders by one integer. Figures only: no personal data is in the list.
 */
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { compileRule, type ValueRun } from '../segment/index.js';
import { CUSTOMER_SORTS, SQL_CUSTOMER_EXISTS, SQL_CUSTOMER_LIST_RUN, SQL_OPTED_OUT, SQL_DELETE_CUSTOMER_LIST, ruleFirstParam, sqlCountCustomerList, sqlCustomerListPage, sqlFillCustomerList, sqlKnownCount, type CustomerFilterSql, type CustomerSort } from '../sql/customers.js';
import { sqlSegmentMembers } from '../sql/segment.js';
import { QUADRANT_LABELS, SATISFACTION_LOYALTY_LABELS, SEGMENT_NAMES, VALUE_LOYALTY_LABELS } from '../value/index.js';

export const CUSTOMER_SORT_KEYS = Object.keys(CUSTOMER_SORTS) as CustomerSort[];
export type { CustomerSort };

/** Which customers a list keeps; every filter given must hold. */
export interface CustomerFilter {
  /** An RFM segment name (Champions … Hibernating, Lost, No Purchase). */
  readonly segment?: string;
  /** A cell of the R×F grid: recency and/or frequency score, 1–5. */
  readonly r?: number;
  readonly f?: number;
  /** Current × long-term value quadrant: I, II, III, IV. */
  readonly quadrant?: string;
  /** Value × loyalty tier: core, at_risk_of_leaving, active_small, small_price_sensitive. */
  readonly tier?: string;
  /** Satisfaction × loyalty: apostle, mercenary, hostage, defector. */
  readonly satisfaction?: string;
  /** Members of a saved segment (as last computed: see segment/store.ts showSegment to refresh them). */
  readonly saved?: string;
  /** A rule in the segment language, evaluated as of the run's date. */
  readonly rule?: string;
}

export interface CustomerListQuery extends CustomerFilter {
  readonly sort: CustomerSort;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly offset: number;
  /** Ascending order counts from the customers with a value for the sort key: `knownCount`, when already known. */
  readonly known?: number;
}

export interface CustomerListRow {
  readonly customer_id: string;
  readonly type: string | null;
  readonly country: string | null;
  readonly city: string | null;
  readonly orders: number | null;
  readonly net_revenue: number | null;
  readonly profit: number | null;
  readonly cost_to_serve: number | null;
  readonly first_purchase: string | null;
  readonly last_purchase: string | null;
  readonly recency_days: number | null;
  readonly segment: string | null;
  readonly r: number | null;
  readonly f: number | null;
  readonly m: number | null;
  readonly value_quadrant: string | null;
  readonly value_loyalty: string | null;
  readonly satisfaction_loyalty: string | null;
  readonly long_term_value: number | null;
  readonly good_score: number | null;
  readonly flag_loss_making: boolean | null;
  readonly flag_costs_more_than_brings: boolean | null;
  readonly flag_bad_debt: boolean | null;
  readonly flag_chronic_late: boolean | null;
  readonly flag_off_strategy: boolean | null;
}

const oneOf = (what: string, v: string | undefined, allowed: readonly string[]) => {
  if (v !== undefined && !allowed.includes(v)) throw new UsageError(`${what} "${v.slice(0, 64)}": use one of ${allowed.join(', ')}`);
};

/** Refuses filters no customer can match because they name nothing (a misspelt segment, a score of 7). */
export function checkCustomerFilter(f: CustomerFilter): void {
  oneOf('segment', f.segment, SEGMENT_NAMES);
  for (const [k, v] of [['r', f.r], ['f', f.f]] as const) if (v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= 5)) throw new UsageError(`${k} ${v}: expected a score from 1 to 5`);
  oneOf('quadrant', f.quadrant, Object.keys(QUADRANT_LABELS));
  oneOf('tier', f.tier, Object.keys(VALUE_LOYALTY_LABELS));
  oneOf('satisfaction', f.satisfaction, Object.keys(SATISFACTION_LOYALTY_LABELS));
}

/** True when the stored list is the one of `run`. */
export async function isCustomerListOf(engine: Engine, run: ValueRun): Promise<boolean> {
  const [row] = await engine.query<{ run_id: number }>(SQL_CUSTOMER_LIST_RUN);
  return row !== undefined && Number(row.run_id) === run.runId;
}

/** Builds the list of `run` unless it is stored already (a write: one transaction); true when it was built. */
export async function refreshCustomerList(engine: Engine, run: ValueRun): Promise<boolean> {
  if (await isCustomerListOf(engine, run)) return false;
  await engine.transaction(async () => {
    await engine.run(SQL_DELETE_CUSTOMER_LIST);
    await engine.run(sqlFillCustomerList(engine.dialect), [run.runId]);
  });
  return true;
}

function filterSql(engine: Engine, run: ValueRun, f: CustomerFilter): CustomerFilterSql {
  checkCustomerFilter(f);
  const plain: CustomerFilterSql = { segment: f.segment, r: f.r, f: f.f, quadrant: f.quadrant, tier: f.tier, satisfaction: f.satisfaction, saved: f.saved };
  if (f.rule === undefined) return plain;
  const c = compileRule(engine.dialect, f.rule, run.asOf, ruleFirstParam(plain));
  return { ...plain, rule: { members: sqlSegmentMembers(c.where), params: c.params } };
}

/** Customers of the run's list that the filters keep. */
export async function countCustomers(engine: Engine, run: ValueRun, f: CustomerFilter = {}): Promise<number> {
  const q = sqlCountCustomerList(filterSql(engine, run, f));
  const [{ n }] = await engine.query<{ n: number }>(q.sql, [run.runId, ...q.params]);
  return Number(n);
}

/** Customers of the run's list with a value for the sort key (the same for every page and filter). */
export async function knownCount(engine: Engine, run: ValueRun, sort: CustomerSort): Promise<number> {
  return Number((await engine.query<{ n: number }>(sqlKnownCount(sort), [run.runId]))[0].n);
}

/** One page of the run's list (empty when the stored list is of another run: refresh it first). */
export async function customerListPage(engine: Engine, run: ValueRun, q: CustomerListQuery): Promise<CustomerListRow[]> {
  const known = q.order === 'asc' ? (q.known ?? (await knownCount(engine, run, q.sort))) : undefined;
  const page = sqlCustomerListPage(engine.dialect, { ...filterSql(engine, run, q), sort: q.sort, order: q.order, limit: q.limit, offset: q.offset, ...(known !== undefined ? { known } : {}) });
  return engine.query<CustomerListRow>(page.sql, [run.runId, ...page.params]);
}

/** Ids of the customers who opted out of marketing. */
export async function optedOutCustomers(engine: Engine): Promise<Set<string>> {
  return new Set((await engine.query<{ customer_id: string }>(SQL_OPTED_OUT)).map((r) => r.customer_id));
}

export async function customerExists(engine: Engine, id: string): Promise<boolean> {
  return (await engine.query(SQL_CUSTOMER_EXISTS, [id])).length > 0;
}
